"""network-log-martians: packets with impossible addresses are logged.

Log_martians = 1 (all and default) logs packets with source addresses that cannot be valid,
a cheap early signal of spoofing or misrouting.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="network-log-martians",
    title="Packets with impossible addresses are logged",
    category=Category.SECURITY,
    severity=Severity.INFO,
    rationale="Logged martian packets reveal spoofing attempts and routing mistakes that otherwise pass unnoticed.",
    remediation="Set net.ipv4.conf.all.log_martians = 1 and net.ipv4.conf.default.log_martians = 1 in /etc/sysctl.d/.",
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Network traffic with impossible sender addresses is dropped without a trace.",
            why="Such traffic reveals forgery attempts and network mistakes that otherwise go unnoticed.",
            fix="Record traffic with impossible sender addresses in the system log.",
        ),
        fr=PlainWords(
            meaning="Le trafic réseau aux adresses d'expéditeur impossibles est rejeté sans laisser de trace.",
            why="Ce trafic révèle des tentatives d'usurpation et des erreurs réseau qui passeraient sinon inaperçues.",
            fix="Consigner dans le journal système le trafic aux adresses d'expéditeur impossibles.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("8.2",), "nist-csf-2": ("DE.CM-01",), "iso27001-2022": ("A.8.16",)},
)

EXPECTED = {
    "net.ipv4.conf.all.log_martians": (equals("1"), "1"),
    "net.ipv4.conf.default.log_martians": (equals("1"), "1"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="fail")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "on",
            sysctl_case({"net.ipv4.conf.all.log_martians": "1", "net.ipv4.conf.default.log_martians": "1"}, []),
            Status.PASS,
        ),
        Case(
            "kernel default",
            sysctl_case({"net.ipv4.conf.all.log_martians": "0", "net.ipv4.conf.default.log_martians": "0"}, []),
            Status.FAIL,
        ),
    ),
)
