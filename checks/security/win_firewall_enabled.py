"""win-firewall-enabled: Windows Firewall is on in the Domain, Private and Public profiles.

Read from the effective policy (ActiveStore). A profile whose Enabled is NotConfigured has
Windows' default, on. All three profiles count: a laptop moves between them, and a server whose
network is classified Public or Private by mistake is still exposed.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import FIREWALL_NOT_CONFIGURED, WINDOWS, firewall_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_firewall import PROFILES, WIN_FIREWALL

META = CheckMeta(
    id="win-firewall-enabled",
    title="Windows Firewall is enabled in every profile",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "With a profile off, every listening service (SMB, RDP, WinRM, databases) is reachable from any network "
        "the host joins under that profile."
    ),
    remediation=(
        "Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True, or GPO: Computer Configuration > "
        "Windows Settings > Security Settings > Windows Defender Firewall with Advanced Security > Properties > "
        "Firewall state = On (recommended) for each profile."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="The Windows firewall is switched off for at least one type of network.",
            why=(
                "On such a network every service on the machine, file sharing and Remote Desktop included, can be "
                "reached by anyone."
            ),
            fix="Switch the Windows firewall on for every network type.",
        ),
        fr=PlainWords(
            meaning="Le pare-feu Windows est désactivé pour au moins un type de réseau.",
            why=(
                "Sur un tel réseau, tous les services de la machine, partage de fichiers et Bureau à distance "
                "compris, sont accessibles à tous."
            ),
            fix="Activer le pare-feu Windows pour tous les types de réseau.",
        ),
    ),
    facts=(WIN_FIREWALL.name,),
    references={
        "cis-v8": ("4.4", "4.5"),
        "nist-csf-2": ("PR.IR-01",),
        "iso27001-2022": ("A.8.20",),
        "cyber-essentials": ("Firewalls",),
        "hipaa": ("164.312(e)(1)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    firewall = facts.get(WIN_FIREWALL)
    details = []
    off = []
    for name in PROFILES:
        profile = firewall.profile(name)
        if profile is None:
            return Verdict.cannot_assess(f"the {name} profile was not reported")
        state = "on" if profile.effective_enabled else "off"
        if profile.enabled is None:
            state += " (not configured: Windows' default)"
        details.append(f"{name}: {state}")
        if not profile.effective_enabled:
            off.append(name)
    if off:
        return Verdict.failed(f"firewall off in the {', '.join(off)} profile(s)", tuple(details))
    return Verdict.passed("firewall on in the Domain, Private and Public profiles", tuple(details))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_firewall/netdsc-hardened
        Case("all on", firewall_case(), Status.PASS),
        # golden win_firewall/defaults-notconfigured
        Case(
            "not configured (defaults)",
            firewall_case(
                domain=FIREWALL_NOT_CONFIGURED, private=FIREWALL_NOT_CONFIGURED, public=FIREWALL_NOT_CONFIGURED
            ),
            Status.PASS,
        ),
        # golden win_firewall/public-off-private-allow
        Case("public off", firewall_case(public={"enabled": False}), Status.FAIL),
        Case("not collected", {WIN_FIREWALL.name: "win_firewall failed: CimException: access denied"}, Status.ERROR),
    ),
)
