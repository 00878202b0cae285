"""win-guest-disabled: the built-in Guest account is disabled.

The Guest account is found by its well-known relative id 501, so renaming it does not hide it.
No such account at all passes. On a domain controller local accounts do not exist: not applicable.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.registry import CASE_WIN_OS
from auditor.checklib.winseckit import (
    DOMAIN_CONTROLLER,
    MEMBER_SERVER_USERS,
    WINDOWS,
    accounts_case,
    local_accounts_or_verdict,
    local_user,
)
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_local_accounts import WIN_LOCAL_ACCOUNTS

META = CheckMeta(
    id="win-guest-disabled",
    title="The Guest account is disabled",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "An enabled Guest account lets anyone log on, locally or to shares, without a password and without a "
        "trace of who they were."
    ),
    remediation=(
        "Disable-LocalUser -SID ((Get-LocalUser | Where-Object { $_.SID -like '*-501' }).SID), or GPO Security "
        "Options 'Accounts: Guest account status' = Disabled."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The Windows Guest account is enabled.",
            why=(
                "Anyone can log on to the machine or its shared folders without a password and without a trace of "
                "who they were."
            ),
            fix="Disable the Guest account.",
        ),
        fr=PlainWords(
            meaning="Le compte Invité de Windows est activé.",
            why=(
                "N'importe qui peut ouvrir une session sur la machine ou ses dossiers partagés sans mot de passe "
                "et sans laisser trace de son identité."
            ),
            fix="Désactiver le compte Invité.",
        ),
    ),
    facts=(WIN_LOCAL_ACCOUNTS.name,),
    references={
        "cis-v8": ("4.7", "5.3"),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.18", "A.8.2"),
        "cyber-essentials": ("User access control",),
        "hipaa": ("164.312(a)(1)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    accounts = local_accounts_or_verdict(facts)
    if isinstance(accounts, Verdict):
        return accounts
    guest = accounts.by_rid("501")
    if guest is None:
        return Verdict.passed("no built-in Guest account (RID 501)")
    if guest.enabled:
        return Verdict.failed(f"the Guest account ({guest.name}) is enabled", (guest.name,))
    return Verdict.passed(f"the Guest account ({guest.name}) is disabled")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_local_accounts/learn-member-server
        Case("disabled", accounts_case(MEMBER_SERVER_USERS), Status.PASS),
        # golden win_local_accounts/workstation-guest-admin-enabled
        Case(
            "enabled",
            accounts_case([local_user("Administrator", 500, True), local_user("Guest", 501, True)]),
            Status.FAIL,
        ),
        Case("renamed and enabled", accounts_case([local_user("visitor", 501, True)]), Status.FAIL),
        # golden win_local_accounts/domain-controller
        Case("domain controller", DOMAIN_CONTROLLER, Status.NOT_APPLICABLE),
        Case(
            "domain controller by win_os",
            {**accounts_case(MEMBER_SERVER_USERS), "win_os": {**CASE_WIN_OS, "product_type": 2}},
            Status.NOT_APPLICABLE,
        ),
        Case(
            "orphaned SID in Administrators",
            {WIN_LOCAL_ACCOUNTS.name: "win_local_accounts failed: Failed to compare two elements in the array."},
            Status.ERROR,
        ),
    ),
)
