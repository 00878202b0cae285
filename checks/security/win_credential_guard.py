"""win-credential-guard: Credential Guard is configured (LsaCfgFlags, with virtualization-based security).

Configuration, policy first (Microsoft's "Configure Credential Guard"): LsaCfgFlags under
HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\DeviceGuard, else under HKLM:\\SYSTEM\\CurrentControlSet\\
Control\\Lsa: 0 disabled, 1 enabled with UEFI lock, 2 enabled without lock. It needs virtualization-
based security, so EnableVirtualizationBasedSecurity = 0 (policy, else the DeviceGuard key) fails.
Not configured: Windows 11 22H2 (build 22621) and later Enterprise and Education editions, and
Windows Server 2025 (build 26100) and later, turn it on by default on hardware that meets the
requirements (Microsoft's "Configure Credential Guard": default enablement), so those pass with that
caveat; every other edition and release has it off. Whether it actually runs (Win32_DeviceGuard
SecurityServicesRunning) is not visible in the registry. Domain controllers: not applicable
(Microsoft does not support Credential Guard protecting a DC's own credentials).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import (
    DOMAIN_CONTROLLER_2019,
    REGISTRY_NOT_READ,
    WINDOWS_11_PRO,
    product_type,
    registry_case,
    value,
    win_os_case,
)
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_os import DOMAIN_CONTROLLER, WIN_OS
from auditor.probes.win_registry_policy import (
    DEVICE_GUARD,
    DEVICE_GUARD_POLICIES,
    LSA,
    WIN_REGISTRY_POLICY,
    RegistryValue,
    value_key,
)

POLICY_FLAGS = value_key(DEVICE_GUARD_POLICIES, "LsaCfgFlags")
LSA_FLAGS = value_key(LSA, "LsaCfgFlags")
POLICY_VBS = value_key(DEVICE_GUARD_POLICIES, "EnableVirtualizationBasedSecurity")
VBS = value_key(DEVICE_GUARD, "EnableVirtualizationBasedSecurity")
FLAGS = {0: "disabled", 1: "enabled with UEFI lock", 2: "enabled without lock"}

META = CheckMeta(
    id="win-credential-guard",
    title="Credential Guard is enabled",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Credential Guard keeps NTLM hashes and Kerberos tickets in an isolated process that even an administrator "
        "cannot read, so a compromised machine no longer hands over the credentials of everyone who logged on."
    ),
    remediation=(
        "GPO: Computer Configuration > Administrative Templates > System > Device Guard > 'Turn On Virtualization "
        "Based Security' = Enabled, Credential Guard Configuration 'Enabled with UEFI lock' (LsaCfgFlags = 1); "
        "needs UEFI, Secure Boot and virtualization extensions."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=60,
        en=PlainWords(
            meaning="Windows does not isolate logon secrets from the rest of the system.",
            why=(
                "An intruder with administrator rights on this machine can collect the credentials of everyone "
                "who logged on."
            ),
            fix="Turn on Credential Guard.",
        ),
        fr=PlainWords(
            meaning="Windows n'isole pas les secrets de connexion du reste du système.",
            why=(
                "Un intrus disposant des droits administrateur sur cette machine peut récupérer les identifiants "
                "de tous ceux qui s'y sont connectés."
            ),
            fix="Activer Credential Guard.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name, WIN_OS.name),
    references={
        "cis-v8": ("4.1",),
        "nist-csf-2": ("PR.AA-01", "PR.PS-01"),
        "iso27001-2022": ("A.5.17", "A.8.9"),
        "cyber-essentials": ("Secure configuration",),
        "essential-eight": ("Restrict administrative privileges",),
    },
)


def _first(facts: Facts, *keys: str) -> tuple[RegistryValue, str] | Verdict:
    """The first configured value among keys (policy first) and which key it came from."""
    for key in keys:
        found = value(facts, key)
        if isinstance(found, Verdict):
            return found
        if found is not None:
            return found, key
    return None, ""


def _default_on(facts: Facts) -> bool:
    os = facts.get(WIN_OS)
    build_text = os.current_build or os.build_number
    build = int(build_text) if build_text.isdigit() else 0
    edition = (os.edition_id or "").lower()
    if edition.startswith("server"):
        return build >= 26100
    return ("enterprise" in edition or "education" in edition) and build >= 22621


def evaluate(facts: Facts) -> Verdict:
    if product_type(facts) == DOMAIN_CONTROLLER:
        return Verdict.not_applicable("domain controller: Credential Guard does not protect a DC's credentials")
    flags = _first(facts, POLICY_FLAGS, LSA_FLAGS)
    if isinstance(flags, Verdict):
        return flags
    vbs = _first(facts, POLICY_VBS, VBS)
    if isinstance(vbs, Verdict):
        return vbs
    (flag, flag_key), (vbs_value, vbs_key) = flags, vbs
    shown_vbs = f"EnableVirtualizationBasedSecurity = {vbs_value}" if vbs_key else "VBS not configured"
    if flag is None:
        if _default_on(facts):
            shown = (
                "LsaCfgFlags not configured: on by default for this edition and release on hardware that supports it"
            )
            return Verdict.passed(shown, (shown, shown_vbs))
        return Verdict.failed("Credential Guard not configured (off on this edition/release)", (shown_vbs,))
    where = "policy" if flag_key == POLICY_FLAGS else "Lsa"
    shown = f"LsaCfgFlags = {flag} ({where})"
    if not isinstance(flag, int) or flag not in (1, 2):
        state = FLAGS.get(flag, "not enabled") if isinstance(flag, int) else "not enabled (not a number)"
        return Verdict.failed(f"{shown}: Credential Guard {state}", (shown, shown_vbs))
    if vbs_value == 0:
        return Verdict.failed(f"{shown} but {shown_vbs}: Credential Guard cannot run", (shown, shown_vbs))
    return Verdict.passed(f"{shown}: Credential Guard {FLAGS[flag]}", (shown, shown_vbs))


WINDOWS_11_ENTERPRISE = WINDOWS_11_PRO | {"caption": "Microsoft Windows 11 Enterprise", "edition_id": "Enterprise"}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis: by policy, with VBS
        Case("policy with UEFI lock", registry_case({POLICY_FLAGS: 1, POLICY_VBS: 1}), Status.PASS),
        Case("Lsa key without lock", registry_case({LSA_FLAGS: 2}), Status.PASS),
        Case(
            "Windows 11 Enterprise default",
            {**registry_case(), **win_os_case(**WINDOWS_11_ENTERPRISE)},
            Status.PASS,
        ),
        # golden win_registry_policy/server2022-default
        Case("server 2022 not configured", registry_case(), Status.FAIL),
        Case(
            "server 2025 default",
            {**registry_case(), **win_os_case(build_number="26100", current_build="26100", display_version="24H2")},
            Status.PASS,
        ),
        Case("Windows 11 Pro not configured", {**registry_case(), **win_os_case(**WINDOWS_11_PRO)}, Status.FAIL),
        Case("explicitly disabled", registry_case({POLICY_FLAGS: 0, LSA_FLAGS: 1}), Status.FAIL),
        Case("VBS turned off", registry_case({LSA_FLAGS: 1, VBS: 0}), Status.FAIL),
        Case(
            "domain controller",
            {**registry_case(), **win_os_case(**DOMAIN_CONTROLLER_2019)},
            Status.NOT_APPLICABLE,
        ),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)
