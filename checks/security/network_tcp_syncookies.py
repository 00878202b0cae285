"""network-tcp-syncookies: tCP SYN cookies are on.

Net.ipv4.tcp_syncookies = 1 keeps the host answering legitimate connections during a SYN flood."""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="network-tcp-syncookies",
    title="TCP SYN cookies are on",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Without SYN cookies a simple SYN flood exhausts the connection backlog and takes services offline.",
    remediation="Set net.ipv4.tcp_syncookies = 1 in /etc/sysctl.d/.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="A protection against a simple flooding attack is switched off.",
            why="A single attacker could fill the system's connection queue and take its services offline.",
            fix="Switch the protection against connection flooding back on.",
        ),
        fr=PlainWords(
            meaning="Une protection contre une attaque par inondation simple est désactivée.",
            why=(
                "Un seul attaquant pourrait saturer la file de connexions du système et rendre ses services "
                "indisponibles."
            ),
            fix="Réactiver la protection contre l'inondation de connexions.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.IR-03",), "iso27001-2022": ("A.8.20",)},
)

EXPECTED = {
    "net.ipv4.tcp_syncookies": (equals("1", "2"), "1"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="fail")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("on", sysctl_case({"net.ipv4.tcp_syncookies": "1"}, []), Status.PASS),
        Case("off", sysctl_case({"net.ipv4.tcp_syncookies": "0"}, []), Status.FAIL),
    ),
)
