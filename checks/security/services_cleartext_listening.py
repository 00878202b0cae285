"""services-cleartext-listening: no clear-text login or file service is reachable on the network.

Complements services-legacy-insecure (which finds installed packages): this looks at what
actually listens on a non-loopback address on the well-known clear-text ports - FTP 21, telnet
23, TFTP 69, rexec 512, rlogin 513, rsh 514/tcp - whatever program serves them (inetd included).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.listening_sockets import LISTENING_SOCKETS

META = CheckMeta(
    id="services-cleartext-listening",
    title="No clear-text login or file-transfer service is listening",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "A listening telnet, rlogin or FTP service accepts passwords in clear text from the network; "
        "anyone on the path can read them."
    ),
    remediation="Stop and disable the service (and remove its inetd line); use ssh and sftp instead.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="A service that accepts passwords unencrypted over the network is running.",
            why="Anyone on the network path can read the passwords and reuse them.",
            fix="Stop the unencrypted service and use encrypted remote access instead.",
        ),
        fr=PlainWords(
            meaning="Un service qui accepte les mots de passe en clair sur le réseau est en fonctionnement.",
            why="Toute personne sur le chemin réseau peut lire ces mots de passe et les réutiliser.",
            fix="Arrêter le service non chiffré et utiliser un accès à distance chiffré.",
        ),
    ),
    facts=(LISTENING_SOCKETS.name,),
    references={
        "cis-v8": ("4.8",),
        "nist-csf-2": ("PR.DS-02",),
        "iso27001-2022": ("A.8.21",),
        "hipaa": ("164.312(e)(1)",),
    },
)

PORTS = {
    ("tcp", 21): "ftp",
    ("tcp", 23): "telnet",
    ("udp", 69): "tftp",
    ("tcp", 512): "rexec",
    ("tcp", 513): "rlogin",
    ("tcp", 514): "rsh",
}


def evaluate(facts: Facts) -> Verdict:
    sockets = facts.get(LISTENING_SOCKETS).exposed()
    found = tuple(f"{PORTS[(s.protocol, s.port)]}: {s.label}" for s in sockets if (s.protocol, s.port) in PORTS)
    if found:
        return Verdict.failed(f"clear-text service(s) listening: {', '.join(f.split(':')[0] for f in found)}", found)
    return Verdict.passed("no clear-text login or file-transfer port is listening")


def _socket(proto: str, address: str, port: int, proc: str) -> dict[str, Any]:
    return {
        "listening_sockets": {
            "sockets": [
                {"protocol": "tcp", "address": "0.0.0.0", "port": 22, "processes": ["sshd"]},  # noqa: S104 - a path/address in data, not a file or socket opened here
                {"protocol": proto, "address": address, "port": port, "processes": [proc]},
            ]
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("ssh and a local mail relay", _socket("tcp", "127.0.0.1", 25, "exim4"), Status.PASS),
        Case("telnet via inetd", _socket("tcp", "0.0.0.0", 23, "inetutils-inetd"), Status.FAIL),  # noqa: S104 - a path/address in data, not a file or socket opened here
        Case("tftp", _socket("udp", "::", 69, "in.tftpd"), Status.FAIL),
        Case("ftp on loopback only", _socket("tcp", "127.0.0.1", 21, "vsftpd"), Status.PASS),
    ),
)
