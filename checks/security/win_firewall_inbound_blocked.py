"""win-firewall-inbound-blocked: every Windows Firewall profile blocks unsolicited inbound traffic.

DefaultInboundAction must be Block (NotConfigured is Windows' default, Block); with Allow, any
program listening on the host is reachable whether or not a rule admits it. A profile that is off
fails here too (its inbound default is not enforced).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import FIREWALL_NOT_CONFIGURED, WINDOWS, firewall_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_firewall import PROFILES, WIN_FIREWALL

META = CheckMeta(
    id="win-firewall-inbound-blocked",
    title="Windows Firewall blocks inbound connections by default",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "A default-allow inbound policy makes the firewall a list of exceptions to nothing: every listening "
        "service, including ones installed later, is exposed."
    ),
    remediation=(
        "Set-NetFirewallProfile -Profile Domain,Private,Public -DefaultInboundAction Block, or GPO: Windows "
        "Defender Firewall with Advanced Security > Properties > Inbound connections = Block (default), then "
        "add allow rules for the services the host must offer."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="The Windows firewall lets incoming connections in unless told otherwise.",
            why="Every service on the machine, including ones installed later, is reachable from the network.",
            fix="Block incoming connections by default and allow only the services the machine must offer.",
        ),
        fr=PlainWords(
            meaning="Le pare-feu Windows laisse entrer les connexions sauf indication contraire.",
            why=(
                "Tous les services de la machine, y compris ceux installés plus tard, sont accessibles depuis le "
                "réseau."
            ),
            fix=(
                "Bloquer par défaut les connexions entrantes et n'autoriser que les services que la machine doit "
                "offrir."
            ),
        ),
    ),
    facts=(WIN_FIREWALL.name,),
    references={
        "cis-v8": ("4.4", "4.5"),
        "nist-csf-2": ("PR.IR-01",),
        "iso27001-2022": ("A.8.20",),
        "cyber-essentials": ("Firewalls",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    firewall = facts.get(WIN_FIREWALL)
    details = []
    bad = []
    for name in PROFILES:
        profile = firewall.profile(name)
        if profile is None:
            return Verdict.cannot_assess(f"the {name} profile was not reported")
        inbound = profile.effective_inbound
        note = " (not configured: Windows' default)" if profile.default_inbound is None else ""
        enabled = "" if profile.effective_enabled else ", profile off"
        details.append(f"{name}: inbound {inbound}{note}{enabled}")
        if inbound != "Block" or not profile.effective_enabled:
            bad.append(name)
    if bad:
        return Verdict.failed(
            f"inbound traffic not blocked by default in the {', '.join(bad)} profile(s)", tuple(details)
        )
    return Verdict.passed("inbound traffic blocked by default in every profile", tuple(details))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_firewall/netdsc-hardened
        Case("block everywhere", firewall_case(), Status.PASS),
        # golden win_firewall/defaults-notconfigured
        Case("not configured (default block)", firewall_case(private=FIREWALL_NOT_CONFIGURED), Status.PASS),
        # golden win_firewall/public-off-private-allow
        Case("private allows", firewall_case(private={"default_inbound": "Allow"}), Status.FAIL),
        Case("public off", firewall_case(public={"enabled": False}), Status.FAIL),
        Case("not collected", {WIN_FIREWALL.name: "win_firewall failed: CimException: access denied"}, Status.ERROR),
    ),
)
