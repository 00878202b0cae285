"""accounts-password-warn-age: users are warned at least a week before their password expires.

PASS_WARN_AGE in /etc/login.defs; the minimum is the setting password_warn_days (default 7).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, login_defs_number, setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES

META = CheckMeta(
    id="accounts-password-warn-age",
    title="Users are warned before their password expires",
    category=Category.SECURITY,
    severity=Severity.INFO,
    rationale="A warning period lets users change an expiring password in time instead of being locked out.",
    remediation="Set PASS_WARN_AGE 7 (or more) in /etc/login.defs.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Users get no warning before their password expires.",
            why="Without a warning people are locked out unexpectedly and call for help at a bad moment.",
            fix="Warn users at least seven days before their password expires.",
        ),
        fr=PlainWords(
            meaning="Les utilisateurs ne sont pas prévenus avant l'expiration de leur mot de passe.",
            why=(
                "Sans avertissement, les utilisateurs se retrouvent bloqués sans prévenir et appellent le support "
                "au mauvais moment."
            ),
            fix="Prévenir les utilisateurs au moins sept jours avant l'expiration de leur mot de passe.",
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={"cis-v8": ("5.2",), "nist-csf-2": ("PR.AA-01",), "iso27001-2022": ("A.5.17",)},
    settings=(
        Setting(
            name="password_warn_days",
            type=int,
            default=7,
            doc="Fewest days of warning before a password expires (PASS_WARN_AGE).",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    minimum = setting_number(facts, "password_warn_days", 7)
    value = login_defs_number(facts, "PASS_WARN_AGE")
    if isinstance(value, Verdict):
        return value
    if value is None or value < minimum:
        return Verdict.failed(f"PASS_WARN_AGE {value if value is not None else 'unset'} (want at least {minimum:g})")
    return Verdict.passed(f"PASS_WARN_AGE {value}")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian default 7", config_case({"/etc/login.defs": ["PASS_WARN_AGE 7"]}), Status.PASS),
        Case("2 days", config_case({"/etc/login.defs": ["PASS_WARN_AGE 2"]}), Status.FAIL),
        Case(
            "14 days required",
            config_case({"/etc/login.defs": ["PASS_WARN_AGE 7"]}),
            Status.FAIL,
            settings={"password_warn_days": 14},
        ),
    ),
)
