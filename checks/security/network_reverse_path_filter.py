"""network-reverse-path-filter: reverse path filtering drops spoofed packets.

Rp_filter = 1 (strict) or 2 (loose) for all and default: packets whose source address could not
be routed back through the interface they came in on are dropped as spoofed. The kernel uses the
higher of the two values per interface, so all = 1 is enough with default = 0, but both are read.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="network-reverse-path-filter",
    title="Reverse path filtering drops spoofed packets",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Without reverse path filtering the host accepts packets with spoofed source addresses.",
    remediation="Set net.ipv4.conf.all.rp_filter = 1 and net.ipv4.conf.default.rp_filter = 1 in /etc/sysctl.d/.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The system accepts traffic with forged sender addresses.",
            why="Forged traffic can impersonate trusted machines and slip past address-based controls.",
            fix="Make the system drop traffic whose sender address cannot be genuine.",
        ),
        fr=PlainWords(
            meaning="Le système accepte du trafic aux adresses d'expéditeur falsifiées.",
            why=(
                "Un trafic falsifié peut se faire passer pour des machines de confiance et contourner les "
                "contrôles fondés sur l'adresse."
            ),
            fix="Faire rejeter par le système le trafic dont l'adresse d'expéditeur ne peut pas être authentique.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.IR-01",), "iso27001-2022": ("A.8.20",)},
)

EXPECTED = {
    "net.ipv4.conf.all.rp_filter": (equals("1", "2"), "1 or 2"),
    "net.ipv4.conf.default.rp_filter": (equals("1", "2"), "1 or 2"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="fail")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "strict",
            sysctl_case({"net.ipv4.conf.all.rp_filter": "1", "net.ipv4.conf.default.rp_filter": "1"}, []),
            Status.PASS,
        ),
        Case(
            "off",
            sysctl_case({"net.ipv4.conf.all.rp_filter": "0", "net.ipv4.conf.default.rp_filter": "0"}, []),
            Status.FAIL,
        ),
    ),
)
