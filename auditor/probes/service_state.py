"""Which daemons run and which are enabled to start at boot.

Running: the command names (/proc/PID/comm) of all processes, and the name of PID 1, which says
whether a service manager runs at all: inside a container or chroot PID 1 is often the one
daemon the container exists for, and nothing else is started, so "enabled" is the most a check
can ask there. Enabled: systemd's enablement symlinks (/etc/systemd/system/*.wants/) and
SysV-init start links (/etc/rc[2-5].d/S*). Readable by any user (unless /proc is mounted with
hidepid, which the output shows as only the auditor's own processes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import CONTENT, META, clip

COMMAND = (
    'echo "#auditor pid1 $(cat /proc/1/comm 2>/dev/null)"; '
    "echo '#auditor processes'; "
    "for p in /proc/[0-9]*; do cat \"$p/comm\" 2>/dev/null; done | sort -u | head -n 1000 | sed 's/^/| /'; "
    "for u in /etc/systemd/system/*.wants/* /etc/rc2.d/S* /etc/rc3.d/S* /etc/rc4.d/S* /etc/rc5.d/S*; do "
    'if [ -e "$u" ] || [ -L "$u" ]; then echo "#auditor enabled $u"; fi; done'
)

SERVICE_MANAGERS = frozenset({"systemd", "init", "runit", "openrc-init", "s6-svscan", "upstart", "busybox"})
_UNIT = re.compile(r"/etc/systemd/system/[^/]+\.wants/(?P<unit>[A-Za-z0-9@._:\\-]+)")
_SYSV = re.compile(r"/etc/rc[2-5]\.d/S\d\d(?P<name>[A-Za-z0-9@._:+-]+)")


class ServiceState(FactModel):
    pid1: str
    processes: tuple[str, ...] = ()  # command names of running processes (sorted, unique)
    enabled: tuple[str, ...] = ()  # unit names (cron.service) and SysV script names (cron), unique

    @property
    def service_manager_running(self) -> bool:
        return self.pid1 in SERVICE_MANAGERS

    def running(self, names: Iterable[str]) -> tuple[str, ...]:
        wanted = set(names)
        return tuple(name for name in self.processes if name in wanted)

    def enabled_units(self, names: Iterable[str]) -> tuple[str, ...]:
        """Which of `names` (with or without .service) are enabled, by systemd or SysV links."""
        found = []
        for name in names:
            base = name.removesuffix(".service")
            if base in self.enabled or f"{base}.service" in self.enabled:
                found.append(base)
        return tuple(found)


def parse(raw: RawOutput) -> ServiceState:
    pid1: str | None = None
    processes: list[str] = []
    enabled: list[str] = []
    in_processes = False
    for line in raw.stdout.splitlines():
        if line.startswith(CONTENT):
            if not in_processes:
                raise ProbeError("process names outside the process list")
            name = clip(line[len(CONTENT) :], 40)
            if name and name not in processes:
                processes.append(name)
            continue
        if not line.startswith(META):
            continue
        word, _, rest = line[len(META) :].partition(" ")
        in_processes = word == "processes"
        if word == "pid1":
            pid1 = clip(rest, 40)
        elif word == "enabled":
            unit = _UNIT.fullmatch(rest) or _SYSV.fullmatch(rest)
            if unit is None:
                raise ProbeError(f"unexpected enablement link: {clip(rest, 100)!r}")
            name = unit.group(1)
            if name not in enabled:
                enabled.append(name)
    if pid1 is None:
        raise ProbeError("no PID 1 line in the output")
    if not processes:
        raise ProbeError("no process could be listed (/proc unreadable?)")
    return ServiceState(pid1=pid1, processes=tuple(sorted(processes)), enabled=tuple(sorted(enabled)))


SERVICE_STATE = Probe(
    name="service_state",
    description="Running process names, PID 1, and services enabled at boot (systemd and SysV links)",
    command=COMMAND,
    model=ServiceState,
    parse=parse,
)
