"""accounts-password-max-age: passwords expire within a year, by policy and for existing accounts.

PASS_MAX_DAYS in /etc/login.defs applies to accounts created from now on; each existing account
keeps the maximum age it was created with (the fifth /etc/shadow field), so both are read. Only
accounts with a usable password count. The limit is the setting password_max_days (default 365).
Reading /etc/shadow needs root; without it the existing accounts cannot be assessed.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, login_defs_number, setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES
from auditor.probes.shadow_status import SHADOW_STATUS

DEFAULT_LIMIT = 365

META = CheckMeta(
    id="accounts-password-max-age",
    title="Passwords expire within the policy period",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A password that never expires stays valid forever after a leak; a maximum age bounds how long a "
        "stolen password works."
    ),
    remediation="Set PASS_MAX_DAYS 365 in /etc/login.defs and chage --maxdays 365 USER for existing accounts.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Passwords on this system never have to be changed.",
            why="A password leaked years ago still works today.",
            fix="Make passwords expire after at most a year.",
        ),
        fr=PlainWords(
            meaning="Les mots de passe de ce système n'ont jamais besoin d'être changés.",
            why="Un mot de passe divulgué il y a des années fonctionne encore aujourd'hui.",
            fix="Faire expirer les mots de passe au bout d'un an au plus.",
        ),
    ),
    facts=(CONFIG_FILES.name, SHADOW_STATUS.name),
    references={
        "cis-v8": ("5.2",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.17",),
        "hipaa": ("164.308(a)(5)(ii)(D)",),
    },
    settings=(
        Setting(
            name="password_max_days",
            type=int,
            default=DEFAULT_LIMIT,
            doc="Most days a password may be kept (PASS_MAX_DAYS and each account's maximum).",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    limit = setting_number(facts, "password_max_days", DEFAULT_LIMIT)
    policy = login_defs_number(facts, "PASS_MAX_DAYS")
    if isinstance(policy, Verdict):
        return policy
    if policy is None or policy < 0 or policy > limit:
        return Verdict.failed(
            f"PASS_MAX_DAYS {policy if policy is not None else 'unset'} in /etc/login.defs (limit {limit:g})"
        )
    shadow = facts.get(SHADOW_STATUS)
    bad = tuple(
        f"{e.name}: maximum age {e.max_days if e.max_days is not None else 'none'}"
        for e in shadow.entries
        if e.status == "set" and (e.max_days is None or e.max_days > limit)
    )
    if bad:
        return Verdict.failed(
            f"PASS_MAX_DAYS {policy}, but {len(bad)} account(s) never expire within {limit:g} days", bad
        )
    return Verdict.passed(f"PASS_MAX_DAYS {policy}; every account with a password follows it (limit {limit:g})")


def _case(max_days: str, accounts: list[dict[str, Any]] | str) -> dict[str, Any]:
    shadow: dict[str, Any] | str = {"entries": accounts} if isinstance(accounts, list) else accounts
    return {
        **config_case({"/etc/login.defs": [f"PASS_MAX_DAYS {max_days}", "PASS_MIN_DAYS 1"]}),
        "shadow_status": shadow,
    }


_ROOT_LOCKED = {"name": "root", "status": "locked", "last_change_days": 19000, "max_days": 99999}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "365 days, accounts follow",
            _case(
                "365", [_ROOT_LOCKED, {"name": "alice", "status": "set", "last_change_days": 20000, "max_days": 365}]
            ),
            Status.PASS,
        ),
        Case("Debian default 99999", _case("99999", [_ROOT_LOCKED]), Status.FAIL),
        Case(
            "policy fine, old account never expires",
            _case("365", [{"name": "deploy", "status": "set", "last_change_days": 19000, "max_days": 99999}]),
            Status.FAIL,
        ),
        Case("shadow unreadable", _case("365", "permission denied reading /etc/shadow (needs root)"), Status.ERROR),
        Case(
            "no login.defs",
            {**config_case({"/etc/fstab": []}), "shadow_status": {"entries": [_ROOT_LOCKED]}},
            Status.ERROR,
        ),
    ),
)
