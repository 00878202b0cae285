"""accounts-empty-passwords: no account has an empty password.

An empty password lets anyone log in (console, su, and services that allow it) as that account.
Both places are read: an empty field in /etc/passwd, and an empty field in /etc/shadow (which
needs root to see; without it the check cannot assess unless /etc/passwd already shows one).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.passwd import PASSWD
from auditor.probes.shadow_status import SHADOW_STATUS

META = CheckMeta(
    id="accounts-empty-passwords",
    title="No account has an empty password",
    category=Category.SECURITY,
    severity=Severity.CRITICAL,
    rationale="An account with an empty password can be entered by anyone who can reach a login prompt or su.",
    remediation="Lock the account (passwd -l NAME) or set a password; remove accounts that are not needed.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="At least one account on this system has no password.",
            why="Anyone who reaches a login prompt on this system can use that account without knowing anything.",
            fix="Set a password on each such account or lock it.",
        ),
        fr=PlainWords(
            meaning="Au moins un compte de ce système n'a pas de mot de passe.",
            why="Quiconque accède à une invite de connexion de ce système peut utiliser ce compte sans rien connaître.",
            fix="Définir un mot de passe pour chacun de ces comptes ou le verrouiller.",
        ),
    ),
    facts=(PASSWD.name, SHADOW_STATUS.name),
    references={
        "cis-v8": ("5.2",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.17",),
        "hipaa": ("164.312(d)",),
    },
    fixes=("empty-passwords",),
)


def evaluate(facts: Facts) -> Verdict:
    in_passwd = tuple(
        f"{e.name} (empty field in /etc/passwd)"
        for e in facts.get(PASSWD).entries
        if e.password == "empty"  # noqa: S105 - a class, not a password
    )
    if in_passwd:
        return Verdict.failed(f"{len(in_passwd)} account(s) with an empty password", in_passwd)
    in_shadow = tuple(
        f"{e.name} (empty field in /etc/shadow)" for e in facts.get(SHADOW_STATUS).entries if e.status == "empty"
    )
    if in_shadow:
        return Verdict.failed(f"{len(in_shadow)} account(s) with an empty password", in_shadow)
    return Verdict.passed("no account has an empty password")


_PASSWD = {
    "entries": [
        {"name": "root", "password": "shadow", "uid": 0, "gid": 0, "home": "/root", "shell": "/bin/bash"},
        {"name": "guest", "password": "shadow", "uid": 1001, "gid": 1001, "home": "/home/guest", "shell": "/bin/bash"},
    ]
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "all set or locked",
            {
                "passwd": _PASSWD,
                "shadow_status": {
                    "entries": [
                        {"name": "root", "status": "locked", "last_change_days": 20228, "max_days": 99999},
                        {"name": "guest", "status": "set", "last_change_days": 20300, "max_days": 90},
                    ]
                },
            },
            Status.PASS,
        ),
        Case(
            "empty in shadow",
            {
                "passwd": _PASSWD,
                "shadow_status": {
                    "entries": [
                        {"name": "root", "status": "locked"},
                        {"name": "guest", "status": "empty", "last_change_days": 20300},
                    ]
                },
            },
            Status.FAIL,
        ),
        Case(
            "empty in passwd, shadow not readable",
            {
                "passwd": {
                    "entries": [
                        {
                            "name": "guest",
                            "password": "empty",
                            "uid": 1001,
                            "gid": 1001,
                            "home": "/home/guest",
                            "shell": "/bin/bash",
                        }
                    ]
                },
                "shadow_status": "permission denied reading /etc/shadow (needs root)",
            },
            Status.FAIL,
        ),
        Case(
            "audited without root",
            {"passwd": _PASSWD, "shadow_status": "permission denied reading /etc/shadow (needs root)"},
            Status.ERROR,
        ),
    ),
)
