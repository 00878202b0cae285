"""TCP and UDP sockets waiting for connections, from `ss -lntup` (or /proc/net/* without ss).

The sockets are the host's own (its network namespace). Ports and addresses are visible to any
user; the owning process names only to root (as a plain user ss shows only the auditor's own
processes), so checks match services by port when the name is absent.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import META, clip, first_line, meta_value

LIMIT = 500

COMMAND = (
    "if command -v ss >/dev/null 2>&1; then "
    f'{{ $AUDITOR_SUDO ss -H -l -n -t -u -p; echo "#auditor ss-exit $?"; }} | head -n {LIMIT}; '
    "else echo '#auditor no-ss'; for t in tcp tcp6 udp udp6; do "
    f'if [ -r "/proc/net/$t" ]; then echo "#auditor procnet $t"; tail -n +2 "/proc/net/$t" | head -n {LIMIT}; fi; '
    "done; fi"
)

_SS = re.compile(
    r"(?P<proto>tcp|udp)\s+(?P<state>[A-Z-]+)\s+\d+\s+\d+\s+(?P<local>\S+)\s+(?P<peer>\S+)(?:\s+(?P<users>.*))?"
)
_USER = re.compile(r'\("(?P<name>[^"]{1,64})",pid=\d+')
_PROCNET = re.compile(
    r"\s*\d+: (?P<addr>[0-9A-F]{8}|[0-9A-F]{32}):(?P<port>[0-9A-F]{4}) [0-9A-F:]+ (?P<st>[0-9A-F]{2}) "
)
_LISTEN, _UNCONN = "0A", "07"

Protocol = Literal["tcp", "udp"]


class Socket(FactModel):
    protocol: Protocol
    address: str  # "0.0.0.0", "::", "127.0.0.1", "::1", "10.0.0.5" (no brackets, no %interface)
    port: int
    processes: tuple[str, ...] = ()

    @property
    def loopback(self) -> bool:
        try:
            return ipaddress.ip_address(self.address).is_loopback
        except ValueError:
            return False

    @property
    def label(self) -> str:
        shown = f"[{self.address}]" if ":" in self.address else self.address
        owner = f" ({', '.join(self.processes)})" if self.processes else ""
        return f"{self.protocol} {shown}:{self.port}{owner}"


class ListeningSockets(FactModel):
    sockets: tuple[Socket, ...] = ()
    process_names_visible: bool = True  # False: read from /proc/net, which has no process names

    def on_port(self, *ports: int) -> tuple[Socket, ...]:
        return tuple(s for s in self.sockets if s.port in ports)

    def exposed(self) -> tuple[Socket, ...]:
        """Sockets reachable from other hosts (not bound to a loopback address)."""
        return tuple(s for s in self.sockets if not s.loopback)


def _address(text: str) -> str:
    text = text.split("%", 1)[0] if not text.startswith("[") else text
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    if text == "*":
        return "0.0.0.0"  # noqa: S104 - a path/address in data, not a file or socket opened here
    ipaddress.ip_address(text)  # raises ValueError for anything that is not an address
    return text


def _from_ss(line: str) -> Socket:
    match = _SS.fullmatch(line.strip())
    if match is None:
        raise ProbeError(f"unrecognised ss line: {clip(line, 100)!r}")
    host, sep, port = match["local"].rpartition(":")
    if not sep or not port.isdigit():
        raise ProbeError(f"unrecognised local address: {clip(match['local'], 60)!r}")
    try:
        address = _address(host)
    except ValueError:
        raise ProbeError(f"unrecognised local address: {clip(match['local'], 60)!r}") from None
    names = tuple(dict.fromkeys(m["name"] for m in _USER.finditer(match["users"] or "")))
    proto: Protocol = "tcp" if match["proto"] == "tcp" else "udp"
    return Socket(protocol=proto, address=address, port=int(port), processes=names)


def _from_procnet(table: str, line: str) -> Socket | None:
    match = _PROCNET.match(line)
    if match is None:
        raise ProbeError(f"unrecognised /proc/net/{table} line: {clip(line, 100)!r}")
    tcp = table.startswith("tcp")
    if match["st"] != (_LISTEN if tcp else _UNCONN):
        return None
    raw = bytes.fromhex(match["addr"])
    # /proc/net prints each 32-bit word in host (little-endian) byte order
    ordered = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    address = str(ipaddress.ip_address(ordered))
    return Socket(protocol="tcp" if tcp else "udp", address=address, port=int(match["port"], 16))


def parse(raw: RawOutput) -> ListeningSockets:
    sockets: list[Socket] = []
    if meta_value(raw, "no-ss") is not None:
        table = ""
        for line in raw.stdout.splitlines():
            if line.startswith(META):
                table = line[len(META) :].partition(" ")[2] if line.startswith(META + "procnet ") else ""
                continue
            if table in ("tcp", "tcp6", "udp", "udp6") and line.strip():
                found = _from_procnet(table, line)
                if found is not None:
                    sockets.append(found)
        return ListeningSockets(sockets=tuple(dict.fromkeys(sockets)), process_names_visible=False)
    status = meta_value(raw, "ss-exit")
    if status is None:
        raise ProbeError(f"ss output incomplete or over {LIMIT} lines: {first_line(raw.stderr) or 'no exit status'}")
    if status.strip() != "0":
        raise ProbeError(f"ss failed (exit {clip(status or '?', 8)}): {first_line(raw.stderr) or 'no output'}")
    for line in raw.stdout.splitlines():
        if line.startswith(META) or not line.strip():
            continue
        sockets.append(_from_ss(line))
    return ListeningSockets(sockets=tuple(dict.fromkeys(sockets)))


LISTENING_SOCKETS = Probe(
    name="listening_sockets",
    description="Listening TCP and bound UDP sockets with their processes (ss, or /proc/net)",
    command=COMMAND,
    model=ListeningSockets,
    parse=parse,
)
