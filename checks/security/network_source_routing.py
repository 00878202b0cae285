"""network-source-routing: source-routed packets are refused.

Accept_source_route = 0 (IPv4 and IPv6, all and default): source routing lets the sender choose
the path and can bypass filtering based on the route.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="network-source-routing",
    title="Source-routed packets are refused",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale="Source-routed packets can take paths that bypass firewalls and spoof trusted origins.",
    remediation="Set net.ipv4.conf.{all,default}.accept_source_route = 0 and the IPv6 equivalents in /etc/sysctl.d/.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The system accepts traffic that dictates its own path through the network.",
            why="Such traffic can bypass firewalls and pretend to come from trusted places.",
            fix="Make the system refuse traffic that dictates its own route.",
        ),
        fr=PlainWords(
            meaning="Le système accepte du trafic qui impose son propre chemin à travers le réseau.",
            why="Ce trafic peut contourner les pare-feu et prétendre venir d'endroits de confiance.",
            fix="Faire refuser par le système le trafic qui impose sa propre route.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.IR-01",), "iso27001-2022": ("A.8.20",)},
)

EXPECTED = {
    "net.ipv4.conf.all.accept_source_route": (equals("0"), "0"),
    "net.ipv4.conf.default.accept_source_route": (equals("0"), "0"),
    "net.ipv6.conf.all.accept_source_route": (equals("0"), "0"),
    "net.ipv6.conf.default.accept_source_route": (equals("0", "-1"), "0"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="skip")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "all off",
            sysctl_case(
                {
                    "net.ipv4.conf.all.accept_source_route": "0",
                    "net.ipv4.conf.default.accept_source_route": "0",
                    "net.ipv6.conf.all.accept_source_route": "0",
                    "net.ipv6.conf.default.accept_source_route": "0",
                },
                [],
            ),
            Status.PASS,
        ),
        Case(
            "IPv4 accepted",
            sysctl_case(
                {"net.ipv4.conf.all.accept_source_route": "1", "net.ipv4.conf.default.accept_source_route": "1"},
                ["net.ipv6.conf.all.accept_source_route", "net.ipv6.conf.default.accept_source_route"],
            ),
            Status.FAIL,
        ),
    ),
)
