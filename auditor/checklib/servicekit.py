"""Whether a daemon is in service: running where a service manager runs, else at least enabled.

Shared by the checks that ask for a daemon (syslog, auditd, malware scanner, time sync). On a
normal host PID 1 is a service manager (systemd, init, runit, ...): an enabled daemon that is not
running is a finding. Inside a container or chroot PID 1 is often the one application and
nothing else is started; there "enabled at boot" is the most that can be asked, and the verdict
says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from auditor.probes.service_state import ServiceState


@dataclass(frozen=True)
class Daemon:
    """A daemon as its package installs it: service (unit or SysV script) names and process names."""

    label: str
    services: tuple[str, ...]
    processes: tuple[str, ...]


@dataclass(frozen=True)
class InService:
    ok: bool
    message: str


def in_service(state: ServiceState, daemon: Daemon) -> InService:
    running = state.running(daemon.processes)
    enabled = state.enabled_units(daemon.services)
    if running:
        return InService(True, f"{daemon.label} is running ({', '.join(running)})")
    if state.service_manager_running:
        if enabled:
            return InService(False, f"{daemon.label} is enabled ({', '.join(enabled)}) but not running")
        return InService(False, f"{daemon.label} is neither running nor enabled")
    if enabled:
        return InService(
            True,
            f"{daemon.label} is enabled at boot ({', '.join(enabled)}); no service manager runs here "
            f"(PID 1 is {state.pid1}), so it is not expected to be running",
        )
    return InService(False, f"{daemon.label} is not enabled at boot (and PID 1 {state.pid1} starts nothing)")


def first_in_service(state: ServiceState, daemons: Iterable[Daemon]) -> tuple[InService | None, list[str]]:
    """The first daemon in service, and the reasons the others are not (for the verdict's details)."""
    reasons: list[str] = []
    for daemon in daemons:
        result = in_service(state, daemon)
        if result.ok:
            return result, reasons
        reasons.append(result.message)
    return None, reasons
