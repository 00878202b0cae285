"""network-icmp-redirects: iCMP redirects are not accepted.

Accept_redirects (IPv4 and IPv6) and secure_redirects = 0: a host that accepts ICMP redirects
lets anyone on the segment reroute its traffic through themselves.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="network-icmp-redirects",
    title="ICMP redirects are not accepted",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Accepted ICMP redirects let an attacker on the local network change the host's routes and intercept traffic."
    ),
    remediation=(
        "Set net.ipv4.conf.{all,default}.accept_redirects, .secure_redirects and "
        "net.ipv6.conf.{all,default}.accept_redirects to 0."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The system lets other machines on the network change where its traffic goes.",
            why="An attacker on the local network could reroute the traffic through their own machine and read it.",
            fix="Make the system ignore route-change messages from the network.",
        ),
        fr=PlainWords(
            meaning="Le système laisse d'autres machines du réseau modifier la destination de son trafic.",
            why="Un attaquant sur le réseau local pourrait détourner ce trafic par sa propre machine et le lire.",
            fix="Faire ignorer par le système les messages de changement de route venant du réseau.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.IR-01",), "iso27001-2022": ("A.8.20",)},
)

EXPECTED = {
    "net.ipv4.conf.all.accept_redirects": (equals("0"), "0"),
    "net.ipv4.conf.default.accept_redirects": (equals("0"), "0"),
    "net.ipv4.conf.all.secure_redirects": (equals("0"), "0"),
    "net.ipv4.conf.default.secure_redirects": (equals("0"), "0"),
    "net.ipv6.conf.all.accept_redirects": (equals("0"), "0"),
    "net.ipv6.conf.default.accept_redirects": (equals("0"), "0"),
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
                    "net.ipv4.conf.all.accept_redirects": "0",
                    "net.ipv4.conf.default.accept_redirects": "0",
                    "net.ipv4.conf.all.secure_redirects": "0",
                    "net.ipv4.conf.default.secure_redirects": "0",
                    "net.ipv6.conf.all.accept_redirects": "0",
                    "net.ipv6.conf.default.accept_redirects": "0",
                },
                [],
            ),
            Status.PASS,
        ),
        Case(
            "kernel defaults",
            sysctl_case(
                {
                    "net.ipv4.conf.all.accept_redirects": "1",
                    "net.ipv4.conf.default.accept_redirects": "1",
                    "net.ipv4.conf.all.secure_redirects": "1",
                    "net.ipv4.conf.default.secure_redirects": "1",
                    "net.ipv6.conf.all.accept_redirects": "1",
                    "net.ipv6.conf.default.accept_redirects": "1",
                },
                [],
            ),
            Status.FAIL,
        ),
    ),
)
