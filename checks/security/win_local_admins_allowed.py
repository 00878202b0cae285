"""win-local-admins-allowed: the local Administrators group holds only the expected members.

Members are compared with the setting windows_admins_allowed: names ("CONTOSO\\Domain Admins",
"PC01\\msp-admin") or SIDs, with * and ? globs, case-insensitive. The default allows the built-in
Administrator (S-1-5-21-*-500) and the domain's Domain Admins group (S-1-5-21-*-512), the members
Windows itself adds; every other user or group fails and is listed. Entra ID-joined devices add
the tenant's administrator roles as S-1-12-1-... SIDs: list them in the setting. Not applicable
on a domain controller (its Administrators group is the domain's; review it in AD).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_list
from auditor.checklib.winseckit import (
    CASE_SID,
    DOMAIN_CONTROLLER,
    MEMBER_SERVER_USERS,
    WINDOWS,
    local_accounts_or_verdict,
    member_matches,
)
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_local_accounts import WIN_LOCAL_ACCOUNTS

DEFAULT_ALLOWED = ("S-1-5-21-*-500", "S-1-5-21-*-512")

META = CheckMeta(
    id="win-local-admins-allowed",
    title="Local Administrators contains only approved members",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Every extra local administrator is a path to full control of the machine and, through cached "
        "credentials, to the next one; unapproved members are how persistence and privilege creep look."
    ),
    remediation=(
        "Remove-LocalGroupMember -SID S-1-5-32-544 -Member 'NAME' for each unapproved member; manage membership "
        "centrally (GPO Restricted Groups / Intune Local user group membership) and list the approved members in "
        "the setting windows_admins_allowed."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="People or accounts that were not approved have administrator rights on this machine.",
            why=(
                "Each extra administrator is a path to full control of this machine and, through saved "
                "credentials, of the next one."
            ),
            fix="Remove the unapproved members from the local Administrators group and manage it centrally.",
        ),
        fr=PlainWords(
            meaning="Des personnes ou des comptes non approuvés disposent des droits administrateur sur cette machine.",
            why=(
                "Chaque administrateur en trop est un chemin vers le contrôle total de cette machine et, par les "
                "identifiants enregistrés, de la suivante."
            ),
            fix="Retirer les membres non approuvés du groupe Administrateurs local et le gérer de façon centralisée.",
        ),
    ),
    facts=(WIN_LOCAL_ACCOUNTS.name,),
    references={
        "cis-v8": ("5.4", "6.8"),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.2", "A.5.15"),
        "cyber-essentials": ("User access control",),
        "essential-eight": ("Restrict administrative privileges",),
        "hipaa": ("164.308(a)(4)(ii)(B)",),
    },
    settings=(
        Setting(
            name="windows_admins_allowed",
            type=list,
            default=DEFAULT_ALLOWED,
            doc="Names or SIDs (globs) allowed in the local Administrators group.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    accounts = local_accounts_or_verdict(facts)
    if isinstance(accounts, Verdict):
        return accounts
    patterns = setting_list(facts, "windows_admins_allowed", DEFAULT_ALLOWED)
    extra = [m for m in accounts.administrators if not member_matches(m, patterns)]
    if extra:
        listed = tuple(
            f"{m.name} ({m.object_class or 'member'}, {m.principal_source or 'unknown source'})" for m in extra
        )
        return Verdict.failed(f"{len(extra)} unapproved member(s) of local Administrators", listed)
    return Verdict.passed(
        f"{len(accounts.administrators)} member(s), all approved", tuple(m.name for m in accounts.administrators)
    )


def _member(name: str, sid: str, object_class: str = "User", source: str = "Local") -> dict[str, str]:
    return {"name": name, "sid": sid, "object_class": object_class, "principal_source": source}


# golden win_local_accounts/learn-member-server
_ADMINS = [
    _member("SRV01\\Administrator", f"{CASE_SID}-500"),
    _member("CONTOSO\\Domain Admins", "S-1-5-21-1004336348-1177238915-682003330-512", "Group", "ActiveDirectory"),
]
_MSP = _member("SRV01\\msp-admin", f"{CASE_SID}-1001")


def _case(admins: list[dict[str, str]]) -> dict[str, Any]:
    return {
        WIN_LOCAL_ACCOUNTS.name: {"domain_controller": False, "users": MEMBER_SERVER_USERS, "administrators": admins}
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("defaults only", _case(_ADMINS), Status.PASS),
        Case(
            "MSP account approved",
            _case([*_ADMINS, _MSP]),
            Status.PASS,
            settings={"windows_admins_allowed": "S-1-5-21-*-500, S-1-5-21-*-512, *\\msp-admin"},
        ),
        Case("unapproved local account", _case([*_ADMINS, _MSP]), Status.FAIL),
        # golden win_local_accounts/workstation-guest-admin-enabled
        Case(
            "user and Entra ID account",
            _case(
                [
                    _member("PC01\\bob", f"{CASE_SID}-1002"),
                    _member(
                        "AzureAD\\JaneDoe", "S-1-12-1-1234567890-1234567890-1234567890-1234567890", "User", "AzureAD"
                    ),
                ]
            ),
            Status.FAIL,
        ),
        Case("domain controller", DOMAIN_CONTROLLER, Status.NOT_APPLICABLE),
        # golden win_local_accounts/orphaned-sid-error
        Case(
            "orphaned SID",
            {WIN_LOCAL_ACCOUNTS.name: "win_local_accounts failed: Failed to compare two elements in the array."},
            Status.ERROR,
        ),
    ),
)
