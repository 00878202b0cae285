"""accounts-shadowed-passwords: no password hash is kept in the world-readable /etc/passwd.

Every account's password field in /etc/passwd should be `x` (the hash lives in /etc/shadow) or
a lock marker. A hash in /etc/passwd can be copied by any local user and cracked offline. The
probe reduces the field to its class on the host, so no hash is ever collected.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.passwd import PASSWD

META = CheckMeta(
    id="accounts-shadowed-passwords",
    title="Password hashes are kept in /etc/shadow only",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale="/etc/passwd is readable by every user; a hash there can be cracked offline without any privilege.",
    remediation="Run pwconv to move hashes to /etc/shadow, then check that no field but 'x' remains in /etc/passwd.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="Scrambled passwords are kept in a file every user can read.",
            why="Any user or program on the machine can copy them and crack them at leisure.",
            fix="Move the scrambled passwords into the protected password file.",
        ),
        fr=PlainWords(
            meaning="Des mots de passe chiffrés sont stockés dans un fichier que tout utilisateur peut lire.",
            why="N'importe quel utilisateur ou programme de la machine peut les copier et les casser tranquillement.",
            fix="Déplacer les mots de passe chiffrés dans le fichier protégé prévu à cet effet.",
        ),
    ),
    facts=(PASSWD.name,),
    references={
        "cis-v8": ("3.11",),
        "nist-csf-2": ("PR.DS-01",),
        "iso27001-2022": ("A.5.17",),
        "hipaa": ("164.312(a)(2)(iv)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    entries = facts.get(PASSWD).entries
    bad = tuple(f"{e.name}: password field {e.password}" for e in entries if e.password in ("set", "empty"))
    if bad:
        return Verdict.failed(f"{len(bad)} account(s) with a password (or an empty one) in /etc/passwd", bad)
    return Verdict.passed(f"{len(entries)} accounts, all shadowed or locked")


def _accounts(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {
        "passwd": {
            "entries": [
                {"name": n, "password": p, "uid": i, "gid": i, "home": "/", "shell": "/bin/sh"}
                for i, (n, p) in enumerate(pairs)
            ]
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("all x", _accounts(("root", "shadow"), ("daemon", "shadow")), Status.PASS),
        Case("locked in passwd", _accounts(("root", "shadow"), ("legacy", "locked")), Status.PASS),
        Case("hash in passwd", _accounts(("root", "shadow"), ("old", "set")), Status.FAIL),
        Case("empty field", _accounts(("root", "shadow"), ("guest", "empty")), Status.FAIL),
    ),
)
