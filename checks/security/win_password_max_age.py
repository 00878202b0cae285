"""win-password-max-age: passwords expire, within windows_password_max_age_days (365).

CIS asks for expiry within 365 days and never "unlimited"; NIST SP 800-63B advises against
periodic changes when passwords are long and screened, so an MSP following NIST can exclude this
check in its profile or raise the setting. Unlimited ("Never") fails. On a domain controller the
value is the domain's default policy.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winseckit import POLICY_DEFAULTS, WINDOWS, policy_case, policy_scope
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_account_policy import WIN_ACCOUNT_POLICY

DEFAULT_MAX_AGE_DAYS = 365

META = CheckMeta(
    id="win-password-max-age",
    title="Passwords expire within the maximum age",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A password that never expires stays valid forever after a silent leak; a bounded age limits how long "
        "stolen credentials work."
    ),
    remediation=(
        "GPO: Account Policies > Password Policy > 'Maximum password age' = 365 or fewer (not 0); locally: "
        "net accounts /maxpwage:365."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Windows passwords on this machine never expire.",
            why="A password that leaked without anyone noticing keeps working forever.",
            fix="Make Windows passwords expire after at most a year.",
        ),
        fr=PlainWords(
            meaning="Les mots de passe Windows de cette machine n'expirent jamais.",
            why="Un mot de passe divulgué à l'insu de tous continue de fonctionner indéfiniment.",
            fix="Faire expirer les mots de passe Windows au bout d'un an au plus.",
        ),
    ),
    facts=(WIN_ACCOUNT_POLICY.name,),
    references={
        "cis-v8": ("5.2",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.17",),
        "hipaa": ("164.308(a)(5)(ii)(D)",),
    },
    settings=(
        Setting(
            name="windows_password_max_age_days",
            type=int,
            default=DEFAULT_MAX_AGE_DAYS,
            doc="Most days a password may be kept.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    policy = facts.get(WIN_ACCOUNT_POLICY)
    limit = setting_number(facts, "windows_password_max_age_days", DEFAULT_MAX_AGE_DAYS)
    scope = policy_scope(policy.computer_role)
    age = policy.max_password_age_days
    if age is None:
        return Verdict.failed(f"passwords never expire ({scope})")
    if age > limit:
        return Verdict.failed(f"maximum password age {age} days ({scope}); want at most {limit:g}")
    return Verdict.passed(f"maximum password age {age} days ({scope})")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_account_policy/cis-hardened-server
        Case("365 days", policy_case(), Status.PASS),
        # golden win_account_policy/workstation-defaults
        Case("Windows default 42", policy_case(POLICY_DEFAULTS), Status.PASS),
        # golden win_account_policy/german-positional ("Unbegrenzt")
        Case("unlimited", policy_case(max_password_age_days=None), Status.FAIL),
        Case("over the limit", policy_case(max_password_age_days=999), Status.FAIL),
        Case(
            "not collected", {WIN_ACCOUNT_POLICY.name: "win_account_policy failed: net accounts exited 2"}, Status.ERROR
        ),
    ),
)
