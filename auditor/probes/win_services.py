"""Start mode and state of a constant list of Windows services (registry Start value + Get-Service).

Several controls are "this service must not be disabled" (Windows Update) or "this service should
not run" (Remote Registry, Print Spooler on servers that print nothing). The configured start mode
is read from HKLM:\\SYSTEM\\CurrentControlSet\\Services\\<name>\\Start (0 Boot, 1 System, 2 Automatic,
3 Manual, 4 Disabled: the values sc.exe and Win32_Service.StartMode report), which any user may
read. Win32_Service would give the same, but WMI refuses non-administrators on network logons
(SSH, WinRM: PowerShell/Win32-OpenSSH issue #2077), and Get-Service in Windows PowerShell 5.1 has no
start type. The running state comes from Get-Service and is best effort: null when the service
control manager does not answer this account (the checks rely on the start mode only).

A service whose key does not exist is reported with present = false: absence is a fact (the
Print Spooler is not installed on Server Core images without printing, for instance).
"""

from __future__ import annotations

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip

# Service (key) names, as `sc.exe query` and Win32_Service.Name give them.
SERVICES: tuple[str, ...] = (
    "wuauserv",  # Windows Update
    "UsoSvc",  # Update Orchestrator (schedules scans and installs on Windows 10 / Server 2016+)
    "BITS",  # Background Intelligent Transfer (downloads updates)
    "RemoteRegistry",
    "Spooler",
    "WinRM",
    "TermService",
    "SSDPSRV",
    "upnphost",
    "TlntSvr",
    "SNMP",
)
START_MODES = {0: "Boot", 1: "System", 2: "Auto", 3: "Manual", 4: "Disabled"}

COMMAND = (
    "$names = @("
    + ", ".join(f"'{name}'" for name in SERVICES)
    + ")\n"
    + r"""foreach ($n in $names) {
  $key = 'HKLM:\SYSTEM\CurrentControlSet\Services\' + $n
  if (Test-Path -LiteralPath $key) {
    $start = (Get-ItemProperty -LiteralPath $key -Name Start -ErrorAction SilentlyContinue).Start
    $state = $null
    $svc = Get-Service -Name $n -ErrorAction SilentlyContinue
    if ($null -ne $svc) { $state = $svc.Status.ToString() }
    [pscustomobject]@{ Name = $n; Present = $true; Start = $start; State = $state }
  } else {
    [pscustomobject]@{ Name = $n; Present = $false; Start = $null; State = $null }
  }
}
"""
)


class WinService(FactModel):
    present: bool
    start_mode: str | None = None  # Auto, Manual, Disabled, Boot, System
    state: str | None = None  # Get-Service Status: Running, Stopped, Paused, StartPending, ...; None unknown

    @property
    def disabled(self) -> bool:
        return not self.present or self.start_mode == "Disabled"

    def describe(self, name: str) -> str:
        if not self.present:
            return f"{name}: not installed"
        return f"{name}: start mode {self.start_mode or 'unknown'}, {self.state or 'state unknown'}"


class WinServices(FactModel):
    # By the service name of SERVICES; a name missing here was not collected.
    services: dict[str, WinService]


_BY_LOWER = {name.lower(): name for name in SERVICES}


def parse(raw: RawOutput) -> WinServices:
    services: dict[str, WinService] = {}
    for item in winjson.load(raw, "win_services"):
        if not isinstance(item, dict):
            raise ProbeError(f"win_services: expected objects, got {clip(repr(item), 40)}")
        reported = winjson.as_str(item.get("Name"), "Name", limit=100)
        name = _BY_LOWER.get((reported or "").lower())
        if name is None:
            continue  # not a service this auditor asked about
        present = winjson.as_bool(item.get("Present"), "Present")
        if not present:
            services[name] = WinService(present=False)
            continue
        start = winjson.as_int(item.get("Start"), "Start")
        if start is not None and start not in START_MODES:
            raise ProbeError(f"win_services: {name} has an unknown Start value {start}")
        mode = START_MODES[start] if start is not None else None
        state = winjson.as_str(item.get("State"), "State", limit=40)
        services[name] = WinService(present=True, start_mode=mode, state=state)
    if not services:
        raise ProbeError("win_services: none of the expected services was reported")
    return WinServices(services=services)


WIN_SERVICES = Probe(
    name="win_services",
    description="Start mode (registry) and state of Windows Update, Remote Registry, Print Spooler and other services",
    command=COMMAND,
    model=WinServices,
    parse=parse,
    shell="powershell",
)
