"""services-mta-local-only: the mail transfer agent accepts connections from this host only.

Servers need an MTA to send mail (cron, alerts), not to receive it; one listening on a public
address on 25/465/587 is one misconfiguration away from an open relay. Passes when nothing
listens on those ports on a non-loopback address (including when no MTA is installed). On a
host that is a mail server, waive this check.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.listening_sockets import LISTENING_SOCKETS

META = CheckMeta(
    id="services-mta-local-only",
    title="The mail transfer agent listens on loopback only",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "An MTA reachable from the network on a server that is not a mail server is needless exposure and relay risk."
    ),
    remediation=(
        "Exim: dc_local_interfaces='127.0.0.1 ; ::1'; Postfix: inet_interfaces = loopback-only; then restart it."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning=(
                "The mail software on this system accepts connections from the network although it is not a mail "
                "server."
            ),
            why="It is needless exposure and could be abused to send spam in the company's name.",
            fix="Make the mail software accept connections only from the system itself.",
        ),
        fr=PlainWords(
            meaning=(
                "Le logiciel de messagerie de ce système accepte des connexions du réseau alors qu'il n'est pas "
                "un serveur de messagerie."
            ),
            why="C'est une exposition inutile qui pourrait servir à envoyer du spam au nom de l'entreprise.",
            fix="N'autoriser le logiciel de messagerie à accepter que les connexions du système lui-même.",
        ),
    ),
    facts=(LISTENING_SOCKETS.name,),
    references={"cis-v8": ("4.8",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.20",)},
)

MAIL_PORTS = (25, 465, 587)


def evaluate(facts: Facts) -> Verdict:
    sockets = facts.get(LISTENING_SOCKETS)
    exposed = tuple(s.label for s in sockets.exposed() if s.protocol == "tcp" and s.port in MAIL_PORTS)
    if exposed:
        return Verdict.failed("mail port(s) open to the network", exposed)
    local = [s for s in sockets.on_port(*MAIL_PORTS) if s.protocol == "tcp"]
    if local:
        return Verdict.passed("the MTA listens on loopback only", tuple(s.label for s in local))
    return Verdict.passed("nothing listens on the mail ports")


def _mta(address: str) -> dict[str, Any]:
    return {
        "listening_sockets": {"sockets": [{"protocol": "tcp", "address": address, "port": 25, "processes": ["exim4"]}]}
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian exim default", _mta("127.0.0.1"), Status.PASS),
        Case("postfix on all addresses", _mta("0.0.0.0"), Status.FAIL),  # noqa: S104 - a path/address in data, not a file or socket opened here
        Case("no MTA", {"listening_sockets": {"sockets": []}}, Status.PASS),
    ),
)
