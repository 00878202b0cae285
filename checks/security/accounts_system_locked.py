"""accounts-system-locked: no system account can be logged in to.

System accounts (uid 1-999, e.g. www-data, mysql, backup) exist to own files and run daemons. Each
must have a non-login shell (nologin, false) or a locked password; one with a real shell and a
usable password is a way in nobody watches. sync, shutdown and halt are traditional exceptions.
Shells come from /etc/passwd (readable by anyone); the password state needs /etc/shadow (root),
and is only needed for accounts that have a real shell.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, FactUnavailable, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.passwd import PASSWD
from auditor.probes.shadow_status import SHADOW_STATUS

META = CheckMeta(
    id="accounts-system-locked",
    title="System accounts cannot log in",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "A daemon account with a shell and a password is an unmonitored login: nobody uses it, so nobody "
        "notices when someone else does."
    ),
    remediation="usermod -s /usr/sbin/nologin ACCOUNT and passwd -l ACCOUNT for each listed system account.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="Accounts meant only for background services could be used to log in.",
            why="Nobody logs in with them, so nobody notices when an intruder does.",
            fix="Block logins for every account used only by background services.",
        ),
        fr=PlainWords(
            meaning="Des comptes réservés aux services en arrière-plan pourraient servir à se connecter.",
            why="Personne ne s'en sert pour se connecter, donc personne ne remarque quand un intrus le fait.",
            fix="Interdire la connexion à tous les comptes utilisés uniquement par des services.",
        ),
    ),
    facts=(PASSWD.name, SHADOW_STATUS.name),
    references={"cis-v8": ("5.4",), "nist-csf-2": ("PR.AA-01",), "iso27001-2022": ("A.5.18",)},
)

NO_LOGIN = ("nologin", "false", "sync", "shutdown", "halt")
EXEMPT = ("sync", "shutdown", "halt")
SYSTEM_UID_MAX = 999


def evaluate(facts: Facts) -> Verdict:
    accounts = facts.get(PASSWD)
    shells = [
        e
        for e in accounts.entries
        if 0 < e.uid <= SYSTEM_UID_MAX and e.name not in EXEMPT and e.shell.rsplit("/", 1)[-1] not in NO_LOGIN
    ]
    if not shells:
        return Verdict.passed("every system account has a non-login shell")
    try:
        shadow = {e.name: e.status for e in facts.get(SHADOW_STATUS).entries}
    except FactUnavailable as exc:
        names = ", ".join(e.name for e in shells)
        return Verdict.cannot_assess(f"system account(s) with a login shell ({names}); password state unknown: {exc}")
    open_ = tuple(
        f"{e.name} (uid {e.uid}, {e.shell}, password {shadow.get(e.name, 'unknown')})"
        for e in shells
        if shadow.get(e.name) != "locked"
    )
    if open_:
        return Verdict.failed(f"{len(open_)} system account(s) with a login shell and no locked password", open_)
    return Verdict.passed(
        f"{len(shells)} system account(s) have a login shell but a locked password",
        tuple(f"{e.name} ({e.shell})" for e in shells),
    )


def _passwd(*entries: tuple[str, int, str]) -> dict[str, Any]:
    return {
        "passwd": {
            "entries": [
                {"name": n, "password": "shadow", "uid": u, "gid": u, "home": "/", "shell": s} for n, u, s in entries
            ]
        }
    }


_DEFAULT = (("root", 0, "/bin/bash"), ("daemon", 1, "/usr/sbin/nologin"), ("sync", 4, "/bin/sync"))

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian defaults", _passwd(*_DEFAULT), Status.PASS),
        Case(
            "postgres with a shell, locked",
            {
                **_passwd(*_DEFAULT, ("postgres", 105, "/bin/bash")),
                "shadow_status": {"entries": [{"name": "postgres", "status": "locked"}]},
            },
            Status.PASS,
        ),
        Case(
            "www-data with a shell and a password",
            {
                **_passwd(*_DEFAULT, ("www-data", 33, "/bin/bash")),
                "shadow_status": {"entries": [{"name": "www-data", "status": "set", "last_change_days": 19000}]},
            },
            Status.FAIL,
        ),
        Case(
            "shell, shadow unreadable",
            {
                **_passwd(("backup", 34, "/bin/sh")),
                "shadow_status": "permission denied reading /etc/shadow (needs root)",
            },
            Status.ERROR,
        ),
    ),
)
