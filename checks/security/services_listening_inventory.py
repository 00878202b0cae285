"""services-listening-inventory: what listens on the network, and whether each port is expected.

An inventory (severity info: it does not move the score) of every TCP socket listening and UDP
socket bound on a non-loopback address, with its process where visible. It fails when a port is
not in the setting listening_ports_allowed (default: 22), so a new service shows up in the
report the first time it appears; list each host's intended ports there.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_list
from auditor.core.models import Category, Severity, Status
from auditor.probes.listening_sockets import LISTENING_SOCKETS

META = CheckMeta(
    id="services-listening-inventory",
    title="Only expected services listen on the network",
    category=Category.SECURITY,
    severity=Severity.INFO,
    rationale=(
        "Every listening port is attack surface; an inventory compared with what the host is for finds "
        "forgotten, test and rogue services."
    ),
    remediation=(
        "Stop and disable services that are not needed; bind internal ones to 127.0.0.1; list the intended "
        "ports in the setting listening_ports_allowed (e.g. auditor_listening_ports_allowed=22,443)."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="The system offers network services that were not declared as expected.",
            why=(
                "Each open service is a way in; forgotten test or rogue services are nobody's responsibility to secure."
            ),
            fix="Stop the services the system does not need and record the ones it does.",
        ),
        fr=PlainWords(
            meaning="Le système propose des services réseau qui n'ont pas été déclarés comme attendus.",
            why=(
                "Chaque service ouvert est une porte d'entrée ; les services de test oubliés ou illégitimes ne "
                "sont sécurisés par personne."
            ),
            fix="Arrêter les services inutiles au système et consigner ceux qui sont nécessaires.",
        ),
    ),
    facts=(LISTENING_SOCKETS.name,),
    references={
        "cis-v8": ("4.8",),
        "nist-csf-2": ("ID.AM-02",),
        "iso27001-2022": ("A.8.20",),
        "cyber-essentials": ("Secure configuration",),
    },
    settings=(
        Setting(
            name="listening_ports_allowed",
            type=list,
            default=("22",),
            doc="TCP ports services may listen on from the network.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    sockets = facts.get(LISTENING_SOCKETS)
    allowed = {int(p) for p in setting_list(facts, "listening_ports_allowed", ("22",)) if p.isdigit()}
    exposed = sockets.exposed()
    inventory = tuple(s.label for s in exposed)
    unexpected = tuple(s.label for s in exposed if s.port not in allowed)
    if unexpected:
        return Verdict.failed(
            f"{len(unexpected)} unexpected listening socket(s): {', '.join(unexpected)}",
            inventory,
        )
    ports = ", ".join(str(p) for p in sorted({s.port for s in exposed})) or "none"
    return Verdict.passed(f"{len(exposed)} socket(s) reachable from the network, port(s): {ports}", inventory)


def _sockets(*entries: tuple[str, str, int, str]) -> dict[str, Any]:
    return {
        "listening_sockets": {
            "sockets": [
                {"protocol": proto, "address": addr, "port": port, "processes": [proc] if proc else []}
                for proto, addr, port, proc in entries
            ]
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("ssh only", _sockets(("tcp", "0.0.0.0", 22, "sshd"), ("tcp", "127.0.0.1", 25, "exim4")), Status.PASS),  # noqa: S104 - a path/address in data, not a file or socket opened here
        Case(
            "telnet too",
            _sockets(("tcp", "10.0.0.5", 22, "sshd"), ("tcp", "0.0.0.0", 23, "inetutils-inetd")),  # noqa: S104 - a path/address in data, not a file or socket opened here
            Status.FAIL,
        ),
        Case(
            "web server allowed by setting",
            _sockets(("tcp", "::", 22, "sshd"), ("tcp", "::", 443, "nginx")),
            Status.PASS,
            settings={"listening_ports_allowed": "22,443"},
        ),
        Case("ss failed", {"listening_sockets": "ss failed (exit 1): Cannot open netlink socket"}, Status.ERROR),
    ),
)
