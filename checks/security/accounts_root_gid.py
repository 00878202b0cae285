"""accounts-root-gid: root is the only account whose primary group is gid 0.

Group 0 owns many system files with group write or read access; an account whose primary group is
0 creates files as group root and reads what group root may read. (sync, shutdown, halt and
operator are traditional exceptions on some systems.)
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.passwd import PASSWD

META = CheckMeta(
    id="accounts-root-gid",
    title="Only root has group 0 as its primary group",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale="An account in group 0 shares root's group permissions on system files without being audited as root.",
    remediation="usermod -g GROUP ACCOUNT for each listed account (give it its own primary group).",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="Some accounts share the administrator's group and its access to system files.",
            why="They can read or change sensitive system files without being watched as administrators are.",
            fix="Move each of these accounts into its own group.",
        ),
        fr=PlainWords(
            meaning="Certains comptes partagent le groupe de l'administrateur et son accès aux fichiers système.",
            why=(
                "Ils peuvent lire ou modifier des fichiers système sensibles sans être surveillés comme le sont "
                "les administrateurs."
            ),
            fix="Placer chacun de ces comptes dans son propre groupe.",
        ),
    ),
    facts=(PASSWD.name,),
    references={"cis-v8": ("5.4",), "nist-csf-2": ("PR.AA-05",), "iso27001-2022": ("A.8.2",)},
)

EXEMPT = ("root", "sync", "shutdown", "halt", "operator")


def evaluate(facts: Facts) -> Verdict:
    entries = facts.get(PASSWD).entries
    bad = tuple(f"{e.name} (uid {e.uid})" for e in entries if e.gid == 0 and e.name not in EXEMPT)
    if bad:
        return Verdict.failed(f"{len(bad)} account(s) besides root with primary group 0", bad)
    return Verdict.passed("only root has primary group 0")


def _accounts(*triples: tuple[str, int, int]) -> dict[str, Any]:
    return {
        "passwd": {
            "entries": [
                {"name": n, "password": "shadow", "uid": u, "gid": g, "home": "/", "shell": "/bin/sh"}
                for n, u, g in triples
            ]
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("root only", _accounts(("root", 0, 0), ("daemon", 1, 1), ("sync", 4, 65534)), Status.PASS),
        Case("toor in group 0", _accounts(("root", 0, 0), ("toor", 0, 0)), Status.FAIL),
        Case("a user in group 0", _accounts(("root", 0, 0), ("ops", 1001, 0)), Status.FAIL),
    ),
)
