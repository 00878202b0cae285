"""win-builtin-admin-secured: the built-in Administrator (RID 500) is disabled or at least renamed.

The account with relative id 500 cannot be locked out by the lockout policy and its name is the
first every password-spraying tool tries. Disabled passes; enabled but renamed passes with a note
(CIS accepts renaming; LAPS should then manage its password, see win-laps-configured); enabled
under the name "Administrator" fails. Not applicable on a domain controller.
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
    id="win-builtin-admin-secured",
    title="The built-in Administrator account is disabled or renamed",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "The built-in Administrator is exempt from account lockout and has a name every attacker knows, which "
        "makes it the favourite target of password guessing and pass-the-hash reuse across machines."
    ),
    remediation=(
        "Give administrators named accounts, then Disable-LocalUser -Name Administrator (or GPO Security Options "
        "'Accounts: Administrator account status' = Disabled); where it must stay enabled, rename it (GPO "
        "'Accounts: Rename administrator account') and let LAPS manage its password."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="The built-in Administrator account is enabled under its well-known name.",
            why=(
                "It is never locked out and every attacker knows its name, which makes it the first target of "
                "password guessing."
            ),
            fix="Give administrators named accounts and disable or rename the built-in Administrator.",
        ),
        fr=PlainWords(
            meaning="Le compte Administrateur intégré est activé sous son nom bien connu.",
            why=(
                "Il n'est jamais verrouillé et tous les attaquants connaissent son nom : c'est la première cible "
                "des tentatives de mot de passe."
            ),
            fix="Donner aux administrateurs des comptes nominatifs et désactiver ou renommer l'Administrateur intégré.",
        ),
    ),
    facts=(WIN_LOCAL_ACCOUNTS.name,),
    references={
        "cis-v8": ("4.7", "5.4"),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.2", "A.8.5"),
        "cyber-essentials": ("User access control",),
        "essential-eight": ("Restrict administrative privileges",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    accounts = local_accounts_or_verdict(facts)
    if isinstance(accounts, Verdict):
        return accounts
    admin = accounts.by_rid("500")
    if admin is None:
        return Verdict.cannot_assess("no local account with RID 500 was reported")
    if not admin.enabled:
        return Verdict.passed(f"the built-in Administrator ({admin.name}) is disabled")
    if admin.name.lower() != "administrator":
        return Verdict.passed(f"the built-in Administrator is enabled but renamed to {admin.name}")
    return Verdict.failed("the built-in Administrator is enabled under its default name", (admin.name,))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_local_accounts/learn-member-server
        Case("disabled", accounts_case(MEMBER_SERVER_USERS), Status.PASS),
        # golden win_local_accounts/renamed-admin-single-member
        Case("renamed", accounts_case([local_user("it-local", 500, True)]), Status.PASS),
        # golden win_local_accounts/workstation-guest-admin-enabled
        Case("enabled as Administrator", accounts_case([local_user("Administrator", 500, True)]), Status.FAIL),
        Case("domain controller", DOMAIN_CONTROLLER, Status.NOT_APPLICABLE),
        Case("not collected", {WIN_LOCAL_ACCOUNTS.name: "win_local_accounts printed nothing"}, Status.ERROR),
    ),
)
