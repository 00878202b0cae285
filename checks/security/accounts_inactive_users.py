"""accounts-inactive-users: no login account has gone unused for months.

An account counts when it is a user account (uid 1000 or above; root and system accounts are other
checks' concern), has a usable password (/etc/shadow) and a login shell. It is inactive
when it has not logged in for account_unused_days (default 90) and its password was also set
more than that long ago (so a new account that has not logged in yet is not flagged). Last logins
come from lastlog; on systems without lastlog (Debian 13) accounts with usable passwords cannot be
judged and the check says so.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.last_logins import LAST_LOGINS
from auditor.probes.passwd import PASSWD
from auditor.probes.shadow_status import SHADOW_STATUS

DEFAULT_DAYS = 90

META = CheckMeta(
    id="accounts-inactive-users",
    title="No login account has been unused for months",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Unused accounts with passwords belong to people who left or projects that ended; nobody notices "
        "when they are used by someone else."
    ),
    remediation="Lock (usermod -L) or remove the listed accounts, and review accounts as part of leaver processing.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="Some login accounts have not been used for months.",
            why=(
                "Unused accounts usually belong to people who left or projects that ended, and their misuse goes "
                "unnoticed."
            ),
            fix="Lock or remove the unused accounts and review accounts whenever someone leaves.",
        ),
        fr=PlainWords(
            meaning="Certains comptes de connexion ne sont plus utilisés depuis des mois.",
            why=(
                "Les comptes inutilisés appartiennent souvent à des personnes parties ou à des projets terminés, "
                "et leur détournement passe inaperçu."
            ),
            fix="Verrouiller ou supprimer les comptes inutilisés et revoir les comptes à chaque départ.",
        ),
    ),
    facts=(PASSWD.name, SHADOW_STATUS.name, LAST_LOGINS.name),
    references={
        "cis-v8": ("5.3",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.18",),
        "hipaa": ("164.308(a)(3)(ii)(C)",),
    },
    settings=(
        Setting(
            name="account_unused_days",
            type=int,
            default=DEFAULT_DAYS,
            doc="Days without a login after which an account with a password counts as unused.",
        ),
    ),
)

NO_LOGIN = ("nologin", "false")
USER_UID_MIN = 1000


def evaluate(facts: Facts) -> Verdict:
    limit = setting_number(facts, "account_unused_days", DEFAULT_DAYS)
    shells = {e.name: e.shell for e in facts.get(PASSWD).entries if e.uid >= USER_UID_MIN}
    shadow = facts.get(SHADOW_STATUS)
    candidates = [
        e
        for e in shadow.entries
        if e.status == "set" and shells.get(e.name, "").rsplit("/", 1)[-1] not in NO_LOGIN and e.name in shells
    ]
    if not candidates:
        return Verdict.passed("no account with a usable password and a login shell")
    logins = facts.get(LAST_LOGINS)
    if logins.source == "none":
        names = ", ".join(e.name for e in candidates)
        return Verdict.cannot_assess(f"no lastlog/lastlog2 on this host: cannot tell when {names} last logged in")
    today = logins.now_epoch / 86400
    stale = []
    for entry in candidates:
        since_login = logins.days_since(entry.name)
        since_change = today - entry.last_change_days if entry.last_change_days is not None else None
        if since_login is not None and since_login <= limit:
            continue
        if since_change is not None and since_change <= limit:
            continue
        last = "never logged in" if since_login is None else f"last login {since_login:.0f} days ago"
        changed = f"password set {since_change:.0f} days ago" if since_change is not None else "password age unknown"
        stale.append(f"{entry.name}: {last}, {changed}")
    if stale:
        return Verdict.failed(f"{len(stale)} account(s) unused for more than {limit:g} days", tuple(stale))
    return Verdict.passed(f"{len(candidates)} account(s) with passwords, all used within {limit:g} days")


_NOW = 1768478400  # 2026-01-15
_DAY = _NOW // 86400


def _case(last_change: int, login: int | None, source: str = "lastlog") -> dict[str, Any]:
    return {
        "passwd": {
            "entries": [
                {
                    "name": "alice",
                    "password": "shadow",
                    "uid": 1000,
                    "gid": 1000,
                    "home": "/home/alice",
                    "shell": "/bin/bash",
                }
            ]
        },
        "shadow_status": {"entries": [{"name": "alice", "status": "set", "last_change_days": last_change}]},
        "last_logins": {
            "now_epoch": _NOW,
            "source": source,
            "last_login": {} if source == "none" else {"alice": login},
        },
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("logged in last week", _case(_DAY - 400, _NOW - 7 * 86400), Status.PASS),
        Case("new account, not logged in yet", _case(_DAY - 3, None), Status.PASS),
        Case("never logged in, password 400 days old", _case(_DAY - 400, None), Status.FAIL),
        Case("last login 200 days ago", _case(_DAY - 300, _NOW - 200 * 86400), Status.FAIL),
        Case("no lastlog", _case(_DAY - 400, None, source="none"), Status.ERROR),
    ),
)
