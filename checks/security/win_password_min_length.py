"""win-password-min-length: the minimum password length is at least windows_password_min_length (14).

From `net accounts` (the effective policy after Group Policy). 14 is the CIS Benchmark value and
the most the classic policy offers without the "relax minimum password length limits" setting;
Cyber Essentials accepts 12 (8 with MFA): set the setting to match the client's standard. On a
domain controller the value shown is the domain's default password policy.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winseckit import POLICY_DEFAULTS, WINDOWS, policy_case, policy_scope
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_account_policy import WIN_ACCOUNT_POLICY

DEFAULT_MIN_LENGTH = 14

META = CheckMeta(
    id="win-password-min-length",
    title="Passwords have a sufficient minimum length",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Length is what makes a password resist guessing and offline cracking; Windows' default minimum is 0, "
        "which allows empty passwords."
    ),
    remediation=(
        "GPO: Computer Configuration > Windows Settings > Security Settings > Account Policies > Password Policy > "
        "'Minimum password length' = 14 (domain: Default Domain Policy); locally: net accounts /minpwlen:14."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="Windows accepts very short passwords on this machine, possibly even empty ones.",
            why="Short passwords fall to guessing and cracking within minutes.",
            fix="Require passwords of at least 14 characters.",
        ),
        fr=PlainWords(
            meaning="Windows accepte des mots de passe très courts sur cette machine, voire vides.",
            why="Les mots de passe courts cèdent en quelques minutes aux tentatives et au cassage.",
            fix="Exiger des mots de passe d'au moins 14 caractères.",
        ),
    ),
    facts=(WIN_ACCOUNT_POLICY.name,),
    references={
        "cis-v8": ("5.2",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.17",),
        "cyber-essentials": ("User access control",),
        "hipaa": ("164.308(a)(5)(ii)(D)",),
    },
    settings=(
        Setting(
            name="windows_password_min_length",
            type=int,
            default=DEFAULT_MIN_LENGTH,
            doc="Shortest password the policy may accept.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    policy = facts.get(WIN_ACCOUNT_POLICY)
    minimum = setting_number(facts, "windows_password_min_length", DEFAULT_MIN_LENGTH)
    length = policy.min_password_length
    if length is None:
        return Verdict.cannot_assess("net accounts gave no minimum password length")
    shown = f"minimum password length {length} ({policy_scope(policy.computer_role)})"
    if length < minimum:
        return Verdict.failed(f"{shown}; want at least {minimum:g}")
    return Verdict.passed(shown)


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_account_policy/cis-hardened-server
        Case("14 characters", policy_case(), Status.PASS),
        Case(
            "12 accepted by policy",
            policy_case(min_password_length=12),
            Status.PASS,
            settings={"windows_password_min_length": 12},
        ),
        # golden win_account_policy/workstation-defaults
        Case("Windows default 0", policy_case(POLICY_DEFAULTS), Status.FAIL),
        # golden win_account_policy/german-positional
        Case("8 characters", policy_case(min_password_length=8, english=False), Status.FAIL),
        Case(
            "not collected", {WIN_ACCOUNT_POLICY.name: "win_account_policy failed: net accounts exited 2"}, Status.ERROR
        ),
    ),
)
