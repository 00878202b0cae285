"""The transport boundary: one verb, run a script on a host and get its output back.

Quoting, privilege escalation and decoding are done here, once. Everything a transport can
fail with becomes a TransportError whose kind and reason end up as the host's error result.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from auditor.inventory import Host


class ErrorKind(StrEnum):
    UNREACHABLE = "unreachable"  # refused, no route, DNS
    TIMEOUT = "timeout"  # connect or command took too long
    AUTH = "auth"  # authentication refused
    HOST_KEY = "host_key"  # unknown or changed host key
    BECOME = "become"  # sudo refused or needs a password we do not have
    PROTOCOL = "protocol"  # SSH failure after connecting, script output unusable
    CONFIG = "config"  # the inventory asks for something this transport cannot do
    INTERRUPTED = "interrupted"  # the run was stopped (Ctrl-C) while this host was being audited


class TransportError(Exception):
    """A host could not be assessed; str() is the reason shown in reports."""

    def __init__(self, kind: ErrorKind, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


@dataclass(frozen=True)
class CommandResult:
    exit_status: int
    stdout: bytes
    stderr: bytes
    timed_out: bool = False  # the command deadline passed; output is what arrived before it
    output_limited: bool = False  # the host printed more than the transport keeps; it was cut off


class Transport(Protocol):
    """A way of reaching hosts. Implementations must be safe to call from several threads."""

    def run_script(self, host: Host, script: str) -> CommandResult:
        """Run `script` with /bin/sh on `host` (as the become user if the host asks for it)."""
        ...
