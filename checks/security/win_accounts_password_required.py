"""win-accounts-password-required: every enabled local account must have a password.

PasswordRequired false is the PASSWD_NOTREQD flag: the account may have an empty password,
whatever the password policy says (net user NAME /passwordreq:no, or accounts created by some
installers). Disabled accounts (Guest, DefaultAccount carry the flag by design) are ignored. Not
applicable on a domain controller.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
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
    id="win-accounts-password-required",
    title="Enabled local accounts cannot have an empty password",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "An account allowed an empty password is one guess away from compromise, and the flag survives password "
        "policy changes."
    ),
    remediation=(
        "net user NAME /passwordreq:yes, then set a strong password with Set-LocalUser -Name NAME -Password "
        "(Read-Host -AsSecureString), or Disable-LocalUser -Name NAME if the account is not needed."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Some enabled Windows accounts are allowed to have an empty password.",
            why="Such an account is one guess away from being taken over, whatever the password policy says.",
            fix="Require a password on these accounts, or disable them if they are not needed.",
        ),
        fr=PlainWords(
            meaning="Certains comptes Windows activés sont autorisés à avoir un mot de passe vide.",
            why="Un tel compte est à une tentative d'être pris, quelle que soit la politique de mots de passe.",
            fix="Exiger un mot de passe pour ces comptes, ou les désactiver s'ils sont inutiles.",
        ),
    ),
    facts=(WIN_LOCAL_ACCOUNTS.name,),
    references={
        "cis-v8": ("5.2",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.17",),
        "cyber-essentials": ("User access control",),
        "hipaa": ("164.308(a)(5)(ii)(D)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    accounts = local_accounts_or_verdict(facts)
    if isinstance(accounts, Verdict):
        return accounts
    enabled = [u for u in accounts.users if u.enabled]
    loose = [u.name for u in enabled if u.password_required is False]
    if loose:
        return Verdict.failed(f"{len(loose)} enabled account(s) may have an empty password", tuple(loose))
    return Verdict.passed(f"all {len(enabled)} enabled local account(s) require a password")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_local_accounts/learn-member-server (DefaultAccount and Guest carry the flag, disabled)
        Case("member server", accounts_case(MEMBER_SERVER_USERS), Status.PASS),
        # golden win_local_accounts/workstation-guest-admin-enabled
        Case(
            "user without password requirement",
            accounts_case(
                [local_user("Administrator", 500, True), local_user("bob", 1002, True, password_required=False)]
            ),
            Status.FAIL,
        ),
        Case("domain controller", DOMAIN_CONTROLLER, Status.NOT_APPLICABLE),
        Case("not collected", {WIN_LOCAL_ACCOUNTS.name: "win_local_accounts printed nothing"}, Status.ERROR),
    ),
)
