"""network-ip-forwarding: the host does not route packets between networks.

Net.ipv4.ip_forward and net.ipv6.conf.all.forwarding = 0 unless the host is a router: forwarding
turns a compromised server into a bridge between the networks it sits on. Per network namespace
(a container has its own). Routers and container hosts set ip_forwarding_allowed=true.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, setting_text, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="network-ip-forwarding",
    title="The host does not route packets between networks",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "A forwarding host can be used to reach networks it is connected to that the attacker could not reach directly."
    ),
    remediation=(
        "Set net.ipv4.ip_forward = 0 and net.ipv6.conf.all.forwarding = 0 in /etc/sysctl.d/ unless the host routes."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The system passes traffic between networks like a router, although it is not meant to be one.",
            why="An attacker could use it to reach networks that should be out of their reach.",
            fix="Switch off traffic forwarding unless the system's role is routing.",
        ),
        fr=PlainWords(
            meaning="Le système fait passer du trafic entre réseaux comme un routeur, alors que ce n'est pas son rôle.",
            why="Un attaquant pourrait s'en servir pour atteindre des réseaux qui devraient lui être inaccessibles.",
            fix="Désactiver le relais de trafic sauf si le système sert de routeur.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.IR-01",), "iso27001-2022": ("A.8.20",)},
)

EXPECTED = {
    "net.ipv4.ip_forward": (equals("0"), "0"),
    "net.ipv6.conf.all.forwarding": (equals("0"), "0"),
}


def evaluate(facts: Facts) -> Verdict:
    if setting_text(facts, "ip_forwarding_allowed", "false").lower() in ("true", "yes", "1"):
        return Verdict.passed("allowed for this host by the setting ip_forwarding_allowed")
    return sysctl_verdict(facts, EXPECTED, absent="skip")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("off", sysctl_case({"net.ipv4.ip_forward": "0", "net.ipv6.conf.all.forwarding": "0"}, []), Status.PASS),
        Case(
            "IPv4 forwarding",
            sysctl_case({"net.ipv4.ip_forward": "1", "net.ipv6.conf.all.forwarding": "0"}, []),
            Status.FAIL,
        ),
        Case(
            "allowed by setting",
            sysctl_case({"net.ipv4.ip_forward": "1", "net.ipv6.conf.all.forwarding": "0"}, []),
            Status.PASS,
            settings={"ip_forwarding_allowed": "true"},
        ),
    ),
)
