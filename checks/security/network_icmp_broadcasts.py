"""network-icmp-broadcasts: broadcast pings and bogus ICMP errors are ignored.

Icmp_echo_ignore_broadcasts = 1 keeps the host out of smurf amplification attacks;
icmp_ignore_bogus_error_responses = 1 keeps malformed ICMP errors out of the logs.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="network-icmp-broadcasts",
    title="Broadcast pings and bogus ICMP errors are ignored",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Answering broadcast pings makes the host an amplifier in denial-of-service attacks on others.",
    remediation=(
        "Set net.ipv4.icmp_echo_ignore_broadcasts = 1 and net.ipv4.icmp_ignore_bogus_error_responses = 1 in "
        "/etc/sysctl.d/."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning='The system answers network-wide "are you there?" messages.',
            why="Attackers can use it as an amplifier to flood other organisations, and your connection pays for it.",
            fix="Make the system ignore network-wide ping messages.",
        ),
        fr=PlainWords(
            meaning="Le système répond aux messages « êtes-vous là ? » envoyés à tout le réseau.",
            why=(
                "Des attaquants peuvent s'en servir comme amplificateur pour inonder d'autres organisations, aux "
                "dépens de votre connexion."
            ),
            fix="Faire ignorer par le système les messages de ping envoyés à tout le réseau.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.IR-01",), "iso27001-2022": ("A.8.20",)},
)

EXPECTED = {
    "net.ipv4.icmp_echo_ignore_broadcasts": (equals("1"), "1"),
    "net.ipv4.icmp_ignore_bogus_error_responses": (equals("1"), "1"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="fail")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "kernel defaults",
            sysctl_case(
                {"net.ipv4.icmp_echo_ignore_broadcasts": "1", "net.ipv4.icmp_ignore_bogus_error_responses": "1"}, []
            ),
            Status.PASS,
        ),
        Case(
            "answers broadcasts",
            sysctl_case(
                {"net.ipv4.icmp_echo_ignore_broadcasts": "0", "net.ipv4.icmp_ignore_bogus_error_responses": "1"}, []
            ),
            Status.FAIL,
        ),
    ),
)
