"""accounts-inactive-lock: accounts are locked a few weeks after their password expired unused.

`useradd -D` prints INACTIVE, the days after password expiry until the account is disabled for
new accounts (-1: never). The limit is the setting account_inactive_days (default 45).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES, USERADD_DEFAULTS

DEFAULT_LIMIT = 45

META = CheckMeta(
    id="accounts-inactive-lock",
    title="Accounts with expired passwords are locked after a grace period",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "An account whose password expired and was never renewed belongs to nobody who logs in; locking it "
        "removes a forgotten way in."
    ),
    remediation="Run useradd -D -f 30 (and chage --inactive 30 USER for existing accounts).",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Accounts whose passwords expired long ago are never locked.",
            why=(
                "An expired, abandoned account belongs to nobody who logs in, so nobody notices when someone else "
                "uses it."
            ),
            fix="Lock accounts automatically 30 days after their password expires.",
        ),
        fr=PlainWords(
            meaning="Les comptes dont le mot de passe a expiré depuis longtemps ne sont jamais verrouillés.",
            why=(
                "Un compte expiré et abandonné n'appartient plus à personne : nul ne remarque si quelqu'un "
                "d'autre l'utilise."
            ),
            fix="Verrouiller automatiquement les comptes 30 jours après l'expiration de leur mot de passe.",
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={
        "cis-v8": ("5.3",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.18",),
        "hipaa": ("164.308(a)(3)(ii)(C)",),
    },
    settings=(
        Setting(
            name="account_inactive_days",
            type=int,
            default=DEFAULT_LIMIT,
            doc="Most days after password expiry before useradd's INACTIVE locks an account.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    config = facts.get(CONFIG_FILES)
    if USERADD_DEFAULTS not in config.files:
        return Verdict.cannot_assess("useradd -D printed nothing (no useradd on this host?)")
    value = config.keyword(USERADD_DEFAULTS, "INACTIVE")
    limit = setting_number(facts, "account_inactive_days", DEFAULT_LIMIT)
    if value is None or not value.lstrip("-").isdigit():
        return Verdict.cannot_assess(f"useradd -D gave no usable INACTIVE ({value!r})")
    days = int(value)
    if days < 0:
        return Verdict.failed("INACTIVE=-1: accounts are never locked after their password expires")
    if days > limit:
        return Verdict.failed(f"INACTIVE={days} days (limit {limit:g})")
    return Verdict.passed(f"INACTIVE={days} days (limit {limit:g})")


def _useradd(value: str) -> dict[str, Any]:
    return config_case({USERADD_DEFAULTS: ["GROUP=100", "HOME=/home", f"INACTIVE={value}", "SHELL=/bin/sh"]})


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("30 days", _useradd("30"), Status.PASS),
        Case("Debian default -1", _useradd("-1"), Status.FAIL),
        Case("90 days", _useradd("90"), Status.FAIL),
        Case("no useradd", config_case({"/etc/login.defs": []}), Status.ERROR),
    ),
)
