"""win-account-lockout: accounts lock after a few failed logons, for long enough.

Threshold between 1 and windows_lockout_threshold_max (default 10, Cyber Essentials' ceiling; CIS
asks for 5: set 5 for CIS clients), lockout duration at least windows_lockout_duration_min_minutes
(15; "Never" in net accounts means locked until an administrator unlocks, which passes) and the
observation window at least 15 minutes as well. Windows' local default is no lockout at all.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winseckit import POLICY_DEFAULTS, WINDOWS, policy_case, policy_scope
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_account_policy import WIN_ACCOUNT_POLICY

DEFAULT_THRESHOLD_MAX = 10
DEFAULT_DURATION_MIN = 15

META = CheckMeta(
    id="win-account-lockout",
    title="Account lockout stops password guessing",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Without lockout, an attacker can guess passwords against local accounts (SMB, RDP) for as long as "
        "they like; a short lockout turns a brute-force attack into years."
    ),
    remediation=(
        "GPO: Account Policies > Account Lockout Policy > 'Account lockout threshold' = 5, 'Account lockout "
        "duration' = 15, 'Reset account lockout counter after' = 15; locally: "
        "net accounts /lockoutthreshold:5 /lockoutduration:15 /lockoutwindow:15."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Windows never locks an account after repeated wrong passwords.",
            why="An attacker can try passwords against this machine for as long as they like.",
            fix="Lock an account for 15 minutes after five wrong passwords.",
        ),
        fr=PlainWords(
            meaning="Windows ne verrouille jamais un compte après des mots de passe erronés répétés.",
            why="Un attaquant peut essayer des mots de passe sur cette machine aussi longtemps qu'il le souhaite.",
            fix="Verrouiller un compte 15 minutes après cinq mots de passe erronés.",
        ),
    ),
    facts=(WIN_ACCOUNT_POLICY.name,),
    references={
        "cis-v8": ("4.10",),
        "nist-csf-2": ("PR.AA-03",),
        "iso27001-2022": ("A.8.5",),
        "cyber-essentials": ("User access control",),
    },
    settings=(
        Setting(
            name="windows_lockout_threshold_max",
            type=int,
            default=DEFAULT_THRESHOLD_MAX,
            doc="Most failed logons before an account locks.",
        ),
        Setting(
            name="windows_lockout_duration_min_minutes",
            type=int,
            default=DEFAULT_DURATION_MIN,
            doc="Fewest minutes a locked account stays locked.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    policy = facts.get(WIN_ACCOUNT_POLICY)
    most = setting_number(facts, "windows_lockout_threshold_max", DEFAULT_THRESHOLD_MAX)
    least = setting_number(facts, "windows_lockout_duration_min_minutes", DEFAULT_DURATION_MIN)
    threshold = policy.lockout_threshold
    duration = policy.lockout_duration_minutes
    window = policy.lockout_window_minutes
    details = (
        f"threshold: {threshold if threshold else 'never'}",
        f"duration: {'until unlocked' if duration is None else f'{duration} min'}",
        f"observation window: {window} min",
    )
    problems = []
    if not threshold:
        problems.append("accounts never lock out")
    elif threshold > most:
        problems.append(f"threshold {threshold} above {most:g}")
    if threshold and duration is not None and duration < least:
        problems.append(f"lockout lasts {duration} min (want >= {least:g})")
    if threshold and window is not None and window < least:
        problems.append(f"failures forgotten after {window} min (want >= {least:g})")
    scope = policy_scope(policy.computer_role)
    if problems:
        return Verdict.failed(f"lockout policy too weak ({scope}): {'; '.join(problems)}", details)
    return Verdict.passed(f"accounts lock after {threshold} failed logons ({scope})", details)


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_account_policy/cis-hardened-server
        Case("5 attempts, 15 minutes", policy_case(), Status.PASS),
        Case("until unlocked", policy_case(lockout_duration_minutes=None), Status.PASS),
        # golden win_account_policy/workstation-defaults
        Case("no lockout", policy_case(POLICY_DEFAULTS), Status.FAIL),
        # golden win_account_policy/german-positional (10 attempts, 10 minutes)
        Case(
            "short lockout",
            policy_case(lockout_threshold=10, lockout_duration_minutes=10, lockout_window_minutes=10),
            Status.FAIL,
        ),
        Case(
            "CIS threshold",
            policy_case(lockout_threshold=10),
            Status.FAIL,
            settings={"windows_lockout_threshold_max": 5},
        ),
        Case(
            "not collected", {WIN_ACCOUNT_POLICY.name: "win_account_policy failed: net accounts exited 2"}, Status.ERROR
        ),
    ),
)
