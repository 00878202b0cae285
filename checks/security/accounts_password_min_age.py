"""accounts-password-min-age: a password cannot be changed again the same day (PASS_MIN_DAYS >= 1).

Without a minimum age a user forced to change a password can cycle through the history at once
and return to the old one. Read from /etc/login.defs (the policy for new passwords).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, login_defs_number, setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES

META = CheckMeta(
    id="accounts-password-min-age",
    title="Passwords have a minimum age",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="A minimum age stops users from cycling straight back to a compromised or expired password.",
    remediation="Set PASS_MIN_DAYS 1 in /etc/login.defs (chage --mindays 1 USER for existing accounts).",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Users can change a password and immediately change it back.",
            why="Forced changes after a leak are undone within minutes by switching back to the old password.",
            fix="Require a password to stay in place at least one day before it can be changed again.",
        ),
        fr=PlainWords(
            meaning="Les utilisateurs peuvent changer de mot de passe puis revenir aussitôt à l'ancien.",
            why=(
                "Un changement imposé après une fuite est annulé en quelques minutes par un retour à l'ancien mot "
                "de passe."
            ),
            fix="Imposer qu'un mot de passe reste en place au moins un jour avant d'être de nouveau changé.",
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={"cis-v8": ("5.2",), "nist-csf-2": ("PR.AA-01",), "iso27001-2022": ("A.5.17",)},
    settings=(
        Setting(
            name="password_min_days", type=int, default=1, doc="Fewest days between password changes (PASS_MIN_DAYS)."
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    minimum = setting_number(facts, "password_min_days", 1)
    value = login_defs_number(facts, "PASS_MIN_DAYS")
    if isinstance(value, Verdict):
        return value
    if value is None or value < minimum:
        return Verdict.failed(f"PASS_MIN_DAYS {value if value is not None else 'unset'} (want at least {minimum:g})")
    return Verdict.passed(f"PASS_MIN_DAYS {value}")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("1 day", config_case({"/etc/login.defs": ["PASS_MIN_DAYS 1"]}), Status.PASS),
        Case("Debian default 0", config_case({"/etc/login.defs": ["PASS_MIN_DAYS 0"]}), Status.FAIL),
        Case("unset", config_case({"/etc/login.defs": ["UMASK 022"]}), Status.FAIL),
        Case("unreadable", config_case({}, unreadable=["/etc/login.defs"]), Status.ERROR),
    ),
)
