"""win-password-history: Windows remembers at least windows_password_history (24) old passwords.

Without history a user forced to change a password changes it back at once. 24 is the CIS value
and Windows' maximum; "None" (no history, Windows' local default) fails.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winseckit import POLICY_DEFAULTS, WINDOWS, policy_case, policy_scope
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_account_policy import WIN_ACCOUNT_POLICY

DEFAULT_HISTORY = 24

META = CheckMeta(
    id="win-password-history",
    title="Password history prevents reusing recent passwords",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Without a password history, expiry and forced changes are undone by switching back to the old password.",
    remediation=(
        "GPO: Account Policies > Password Policy > 'Enforce password history' = 24 passwords remembered; locally: "
        "net accounts /uniquepw:24."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Windows lets users go back to a password they used recently.",
            why="Forced changes after a leak are undone by switching back to the old password.",
            fix="Make Windows remember the last 24 passwords and refuse them.",
        ),
        fr=PlainWords(
            meaning="Windows permet de revenir à un mot de passe utilisé récemment.",
            why="Un changement imposé après une fuite est annulé par un retour à l'ancien mot de passe.",
            fix="Faire mémoriser par Windows les 24 derniers mots de passe et les refuser.",
        ),
    ),
    facts=(WIN_ACCOUNT_POLICY.name,),
    references={
        "cis-v8": ("5.2",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.17",),
    },
    settings=(
        Setting(
            name="windows_password_history",
            type=int,
            default=DEFAULT_HISTORY,
            doc="Fewest remembered passwords a new one must differ from.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    policy = facts.get(WIN_ACCOUNT_POLICY)
    wanted = setting_number(facts, "windows_password_history", DEFAULT_HISTORY)
    kept = policy.password_history or 0
    shown = f"{kept} password(s) remembered ({policy_scope(policy.computer_role)})"
    if kept < wanted:
        return Verdict.failed(f"{shown}; want at least {wanted:g}")
    return Verdict.passed(shown)


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_account_policy/cis-hardened-server
        Case("24 remembered", policy_case(), Status.PASS),
        # golden win_account_policy/workstation-defaults ("None")
        Case("no history", policy_case(POLICY_DEFAULTS), Status.FAIL),
        # golden win_account_policy/oreilly-domain-controller
        Case("18 on a DC", policy_case(password_history=18, computer_role="PRIMARY"), Status.FAIL),
        Case(
            "not collected", {WIN_ACCOUNT_POLICY.name: "win_account_policy failed: net accounts exited 2"}, Status.ERROR
        ),
    ),
)
