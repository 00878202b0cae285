"""accounts-duplicate-ids: every account has its own name and uid.

Two accounts sharing a uid are the same user to the kernel: files, processes and audit records
cannot tell them apart, and one can hide behind the other (the classic `toor` backdoor shares
uid 0 with root). Read from /etc/passwd.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.passwd import PASSWD

META = CheckMeta(
    id="accounts-duplicate-ids",
    title="No two accounts share a name or uid",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Shared uids make two accounts indistinguishable to permissions and logs, so actions cannot be "
        "attributed and one account can impersonate the other."
    ),
    remediation="Give each account its own uid (usermod -u) and fix file ownership, or remove the duplicate.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="Two accounts on this system share the same identity number or name.",
            why="The system cannot tell them apart, so one can act as the other and logs cannot show who did what.",
            fix="Give each account its own identity and fix the ownership of its files.",
        ),
        fr=PlainWords(
            meaning="Deux comptes de ce système partagent le même numéro d'identité ou le même nom.",
            why=(
                "Le système ne peut pas les distinguer : l'un peut agir à la place de l'autre et les journaux ne "
                "montrent pas qui a fait quoi."
            ),
            fix="Donner à chaque compte sa propre identité et corriger la propriété de ses fichiers.",
        ),
    ),
    facts=(PASSWD.name,),
    references={
        "cis-v8": ("5.1",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.16",),
        "hipaa": ("164.312(a)(2)(i)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    entries = facts.get(PASSWD).entries
    uids: dict[int, int] = {}
    names: dict[str, int] = {}
    for e in entries:
        uids[e.uid] = uids.get(e.uid, 0) + 1
        names[e.name] = names.get(e.name, 0) + 1
    found = [
        f"uid {uid}: {', '.join(e.name for e in entries if e.uid == uid)}" for uid, n in sorted(uids.items()) if n > 1
    ]
    found += [f"name {name} appears {n} times" for name, n in sorted(names.items()) if n > 1]
    if found:
        return Verdict.failed(f"{len(found)} duplicate account id(s)", tuple(found))
    return Verdict.passed(f"{len(entries)} accounts, all names and uids unique")


def _accounts(*pairs: tuple[str, int]) -> dict[str, Any]:
    return {
        "passwd": {
            "entries": [
                {"name": n, "password": "shadow", "uid": u, "gid": u, "home": "/", "shell": "/bin/sh"} for n, u in pairs
            ]
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("unique", _accounts(("root", 0), ("daemon", 1), ("alice", 1000)), Status.PASS),
        Case("toor shares uid 0", _accounts(("root", 0), ("toor", 0)), Status.FAIL),
        Case("two alices", _accounts(("root", 0), ("alice", 1000), ("alice", 1001)), Status.FAIL),
    ),
)
