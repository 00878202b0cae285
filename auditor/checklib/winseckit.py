"""Helpers the Windows security-control checks share: who is the antivirus in charge, domain
controllers, audit subcategory requirements, and recorded-case builders.

Pure: facts and settings in, values or Verdicts out. Check modules may import only auditor and a
few stdlib modules, so what several Windows checks repeat lives here.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import Any

from auditor.checklib.checkdef import Facts, FactUnavailable, Setting, Verdict
from auditor.checklib.checkkit import setting_list
from auditor.probes.win_audit_policy import WIN_AUDIT_POLICY
from auditor.probes.win_defender import WIN_DEFENDER, WinDefender
from auditor.probes.win_local_accounts import WIN_LOCAL_ACCOUNTS, GroupMember, WinLocalAccounts
from auditor.probes.win_os import DOMAIN_CONTROLLER as DC_PRODUCT_TYPE
from auditor.probes.win_os import WIN_OS

# Services of EDR/antivirus agents that take over from Defender, as their vendors register them:
# CrowdStrike Falcon, SentinelOne, Sophos, ESET, Trend Micro Apex One, Bitdefender GravityZone,
# Cylance, VMware Carbon Black Cloud, Webroot, Trellix/McAfee, Palo Alto Cortex XDR.
DEFAULT_EDR_SERVICES = (
    "CSFalconService",
    "SentinelAgent",
    "Sophos Endpoint Defense Service",
    "SAVService",
    "ekrn",
    "ntrtscan",
    "EPSecurityService",
    "CylanceSvc",
    "CbDefense",
    "WRSVC",
    "mfemms",
    "cyserver",
)
EDR_SETTING = "windows_edr_services"
EDR_SERVICES = Setting(
    name=EDR_SETTING,
    type=list,
    default=DEFAULT_EDR_SERVICES,
    doc="Service names (globs) of the EDR or antivirus agent in charge where Security Center cannot say.",
)
DC_REASON = "domain controller: it has no local accounts (the domain's accounts and policy apply)"


def third_party_in_charge(defender: WinDefender, facts: Facts) -> str | None:
    """The name of a non-Microsoft antivirus/EDR protecting the host, if Defender is not the active one.

    Evidence: an enabled non-Defender product in Security Center, or a running service named in the
    setting windows_edr_services (default DEFAULT_EDR_SERVICES; globs, case-insensitive). When
    Defender itself runs in normal (active) mode it is in charge and this returns None.
    """
    if defender.defender_active:
        return None
    products = [product.name for product in defender.third_party_products()]
    if products:
        return ", ".join(dict.fromkeys(products))
    patterns = [p.lower() for p in setting_list(facts, EDR_SETTING, DEFAULT_EDR_SERVICES)]
    services = [s for s in defender.running_services if any(fnmatch.fnmatchcase(s.lower(), p) for p in patterns)]
    return ", ".join(dict.fromkeys(services)) or None


def defender_or_verdict(facts: Facts) -> WinDefender | Verdict:
    """Defender's status when Defender is the antivirus to judge; otherwise the Verdict to return.

    A third-party antivirus in charge makes Defender's own settings not applicable (the
    win-antivirus-active check judges that product). No Defender and no third party fails.
    """
    defender = facts.get(WIN_DEFENDER)
    other = third_party_in_charge(defender, facts)
    if other:
        mode = f"Defender {defender.running_mode}" if defender.defender_present else "Defender not running"
        return Verdict.not_applicable(f"third-party antivirus {other} in charge ({mode})")
    if not defender.defender_present:
        reason = defender.defender_reason or "not available"
        return Verdict.failed(
            f"no antivirus: Microsoft Defender unavailable ({reason}) and no third-party antivirus found"
        )
    if not defender.defender_active:
        return Verdict.failed(
            f"Microsoft Defender runs in {defender.running_mode} and no third-party antivirus was found to be in charge"
        )
    return defender


def local_accounts_or_verdict(facts: Facts) -> WinLocalAccounts | Verdict:
    """The local accounts, or not applicable on a domain controller (win_os ProductType 2, or the probe's own flag)."""
    try:
        role = facts.get(WIN_OS).product_type
    except FactUnavailable:
        role = None
    if role == DC_PRODUCT_TYPE:
        return Verdict.not_applicable(DC_REASON)
    accounts = facts.get(WIN_LOCAL_ACCOUNTS)
    if accounts.domain_controller:
        return Verdict.not_applicable(DC_REASON)
    return accounts


def member_matches(member: GroupMember, patterns: Iterable[str]) -> bool:
    """Whether a group member's name or SID matches one of the patterns (globs, case-insensitive)."""
    keys = [member.name.lower()] + ([member.sid.lower()] if member.sid else [])
    return any(fnmatch.fnmatchcase(key, pattern.lower()) for key in keys for pattern in patterns)


AUDIT_NAMES = {
    "0CCE9215-69AE-11D9-BED3-505054503030": "Logon",
    "0CCE9216-69AE-11D9-BED3-505054503030": "Logoff",
    "0CCE9217-69AE-11D9-BED3-505054503030": "Account Lockout",
    "0CCE921B-69AE-11D9-BED3-505054503030": "Special Logon",
    "0CCE923F-69AE-11D9-BED3-505054503030": "Credential Validation",
    "0CCE9235-69AE-11D9-BED3-505054503030": "User Account Management",
    "0CCE9237-69AE-11D9-BED3-505054503030": "Security Group Management",
    "0CCE922F-69AE-11D9-BED3-505054503030": "Audit Policy Change",
    "0CCE9230-69AE-11D9-BED3-505054503030": "Authentication Policy Change",
}
_WANT = {1: "Success", 2: "Failure", 3: "Success and Failure"}


def audit_verdict(facts: Facts, required: Mapping[str, int], *, what: str) -> Verdict:
    """Each subcategory GUID must audit at least the required bits (1 success, 2 failure, 3 both)."""
    policy = facts.get(WIN_AUDIT_POLICY)
    missing: list[str] = []
    good: list[str] = []
    for guid, bits in required.items():
        name = AUDIT_NAMES.get(guid, guid)
        setting = policy.get(guid)
        if setting is None:
            missing.append(f"{name}: not reported by auditpol")
            continue
        if setting.value is None:
            return Verdict.cannot_assess(f"{name}: auditpol setting {setting.text!r} not understood (no Setting Value)")
        if setting.value & bits != bits:
            missing.append(f"{name}: {setting.text or _WANT.get(setting.value, 'No Auditing')} (want {_WANT[bits]})")
        else:
            good.append(f"{name}: {_WANT.get(setting.value, setting.text)}")
    if missing:
        return Verdict.failed(f"{len(missing)} {what} subcategor(ies) not audited as required", tuple(missing + good))
    return Verdict.passed(f"{len(good)} {what} subcategories audited", tuple(good))


def audit_case(values: Mapping[str, int]) -> dict[str, Any]:
    """A win_audit_policy fact for a recorded case: {guid: setting value}."""
    text = {0: "No Auditing", 1: "Success", 2: "Failure", 3: "Success and Failure"}
    return {
        WIN_AUDIT_POLICY.name: {
            "subcategories": [
                {"guid": guid, "name": AUDIT_NAMES.get(guid, guid), "value": value, "text": text[value]}
                for guid, value in values.items()
            ]
        }
    }


def names(items: Iterable[str]) -> str:
    return ", ".join(items)


WINDOWS = frozenset({"windows"})

# The Defender fact of golden win_defender/learn-server2022-normal (Microsoft Learn's example), with
# the signature date moved to the day before the cases' fixed "now" (2026-01-15).
DEFENDER_CASE: Mapping[str, Any] = {
    "defender_present": True,
    "running_mode": "Normal",
    "service_enabled": True,
    "antivirus_enabled": True,
    "realtime_enabled": True,
    "behavior_monitor_enabled": True,
    "signature_age_days": 1,
    "signature_updated": "2026-01-14T08:06:27+00:00",
    "signature_version": "1.413.102.0",
    "tamper_protected": True,
    "security_center": False,
    "products": [],
    "running_services": ["BFE", "mpssvc", "WinDefend", "sshd"],
}
# golden win_defender/server-defender-removed-edr: no Defender, CrowdStrike Falcon running.
DEFENDER_REMOVED_EDR: Mapping[str, Any] = {
    "defender_present": False,
    "defender_reason": "Get-MpComputerStatus is not available (Defender module not installed)",
    "running_services": ["BFE", "mpssvc", "CSFalconService"],
}
# golden win_defender/client-third-party-passive: Defender passive, Sophos registered and on.
DEFENDER_PASSIVE_SOPHOS: Mapping[str, Any] = {
    **DEFENDER_CASE,
    "running_mode": "Passive Mode",
    "realtime_enabled": False,
    "security_center": True,
    "products": [
        {"name": "Windows Defender", "product_state": 393472},
        {"name": "Sophos Anti-Virus", "product_state": 266240},
    ],
}


def defender_case(**changes: Any) -> dict[str, Any]:
    return {WIN_DEFENDER.name: {**DEFENDER_CASE, **changes}}


def firewall_case(**profiles: Mapping[str, Any]) -> dict[str, Any]:
    """A win_firewall fact: the three profiles of golden win_firewall/netdsc-hardened, with changes per profile."""
    hardened = {
        "enabled": True,
        "default_inbound": "Block",
        "default_outbound": "Allow",
        "log_blocked": True,
        "log_allowed": False,
        "log_file": "%systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log",
        "log_max_kb": 16384,
    }
    return {
        "win_firewall": {
            "profiles": [
                {"name": name, **hardened, **profiles.get(name.lower(), {})} for name in ("Domain", "Private", "Public")
            ]
        }
    }


FIREWALL_NOT_CONFIGURED = {"enabled": None, "default_inbound": None, "default_outbound": None, "log_blocked": None}


# The OS volume of golden win_bitlocker/learn-os-encrypted.
BITLOCKER_OS: Mapping[str, Any] = {
    "mount_point": "C:",
    "volume_type": "OperatingSystem",
    "protection_status": "On",
    "volume_status": "FullyEncrypted",
    "encryption_method": "XtsAes128",
    "encryption_percentage": 100.0,
    "key_protectors": ["Tpm", "RecoveryPassword"],
}


def bitlocker_case(present: bool = True, **changes: Any) -> dict[str, Any]:
    volumes = [{**BITLOCKER_OS, **changes}] if present else []
    return {"win_bitlocker": {"present": present, "volumes": volumes}}


# Accounts of golden win_local_accounts/learn-member-server.
CASE_SID = "S-1-5-21-3623811015-3361044348-30300820"


def local_user(name: str, rid: int, enabled: bool, **changes: Any) -> dict[str, Any]:
    return {"name": name, "sid": f"{CASE_SID}-{rid}", "enabled": enabled, "password_required": True, **changes}


def accounts_case(users: list[dict[str, Any]], admins: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {WIN_LOCAL_ACCOUNTS.name: {"domain_controller": False, "users": users, "administrators": admins or []}}


MEMBER_SERVER_USERS = [
    local_user("Administrator", 500, False),
    local_user("DefaultAccount", 503, False, password_required=False),
    local_user("Guest", 501, False, password_required=False),
    local_user("msp-admin", 1001, True),
    local_user("WDAGUtilityAccount", 504, False),
]
DOMAIN_CONTROLLER = {WIN_LOCAL_ACCOUNTS.name: {"domain_controller": True}}


# golden win_account_policy/cis-hardened-server
POLICY_HARDENED: Mapping[str, Any] = {
    "force_logoff_minutes": None,
    "min_password_age_days": 1,
    "max_password_age_days": 365,
    "min_password_length": 14,
    "password_history": 24,
    "lockout_threshold": 5,
    "lockout_duration_minutes": 15,
    "lockout_window_minutes": 15,
    "computer_role": "SERVER",
    "english": True,
}
# golden win_account_policy/workstation-defaults (Windows' own defaults)
POLICY_DEFAULTS: Mapping[str, Any] = {
    **POLICY_HARDENED,
    "min_password_age_days": 0,
    "max_password_age_days": 42,
    "min_password_length": 0,
    "password_history": None,
    "lockout_threshold": None,
    "lockout_duration_minutes": 30,
    "lockout_window_minutes": 30,
    "computer_role": "WORKSTATION",
}


def policy_case(base: Mapping[str, Any] = POLICY_HARDENED, **changes: Any) -> dict[str, Any]:
    return {"win_account_policy": {**base, **changes}}


def policy_scope(role: str | None) -> str:
    """Whose policy net accounts showed: the domain's default policy on a DC, else the local one."""
    return "domain default policy" if role in ("PRIMARY", "BACKUP") else "local policy"
