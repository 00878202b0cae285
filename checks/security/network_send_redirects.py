"""network-send-redirects: the host does not send ICMP redirects.

Send_redirects = 0 (all and default): only routers should tell others about better routes; a host
that sends redirects can be abused to poison its neighbours' routing.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="network-send-redirects",
    title="The host does not send ICMP redirects",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="A non-router sending ICMP redirects can be used to mislead other hosts' routing.",
    remediation=(
        "Set net.ipv4.conf.all.send_redirects = 0 and net.ipv4.conf.default.send_redirects = 0 in /etc/sysctl.d/."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The system tells other machines to change their routes, although it is not a router.",
            why="This can be abused to mislead other machines about where to send their traffic.",
            fix="Stop the system from sending route-change messages.",
        ),
        fr=PlainWords(
            meaning="Le système demande à d'autres machines de changer leurs routes, alors qu'il n'est pas un routeur.",
            why="Cela peut être détourné pour tromper d'autres machines sur la destination de leur trafic.",
            fix="Empêcher le système d'envoyer des messages de changement de route.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.IR-01",), "iso27001-2022": ("A.8.20",)},
)

EXPECTED = {
    "net.ipv4.conf.all.send_redirects": (equals("0"), "0"),
    "net.ipv4.conf.default.send_redirects": (equals("0"), "0"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="fail")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "off",
            sysctl_case({"net.ipv4.conf.all.send_redirects": "0", "net.ipv4.conf.default.send_redirects": "0"}, []),
            Status.PASS,
        ),
        Case(
            "kernel default",
            sysctl_case({"net.ipv4.conf.all.send_redirects": "1", "net.ipv4.conf.default.send_redirects": "1"}, []),
            Status.FAIL,
        ),
    ),
)
