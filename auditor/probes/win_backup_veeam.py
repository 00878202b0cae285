"""Veeam Agent for Microsoft Windows: its service and the results of its last backup job sessions.

Veeam Agent writes to its own event log, "Veeam Agent", with source "Veeam Agent"; event 190 is a
finished job session and its level is the result (Information = Success, Warning = Warning,
Error = Failed), which is what RMM monitoring templates key on (e.g. the Zabbix community template
for Veeam Agent: eventlog[Veeam Agent,,,Veeam Agent,190]). The message text ("... finished with
Success/Warning/Failed ...") is kept, bounded, as evidence only: the level decides. The body reads
the 20 newest 190 events. No such log, or a log without any 190 event, is a fact (no job has ever
finished), not an error; the service VeeamEndpointBackupSvc being absent means Veeam Agent is not
installed. Reading the log needs an elevated session on a default install.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.winjson import as_bool, as_int, as_list, as_str, load_one, ps_datetime

MAX_EVENTS = 20
JOB_FINISHED = 190
LEVEL_RESULT = {4: "Success", 0: "Success", 3: "Warning", 2: "Failed", 1: "Failed"}

COMMAND = r"""
$svc = Get-Service -Name VeeamEndpointBackupSvc -ErrorAction SilentlyContinue
$log = Get-WinEvent -ListLog 'Veeam Agent' -ErrorAction SilentlyContinue
$events = @()
if ($log) {
    try {
        $filter = @{ LogName = 'Veeam Agent'; Id = 190 }
        $events = @(Get-WinEvent -FilterHashtable $filter -MaxEvents 20 -ErrorAction Stop | ForEach-Object {
            $message = "$($_.Message)"
            if ($message.Length -gt 300) { $message = $message.Substring(0, 300) }
            [pscustomobject]@{
                TimeCreated = $_.TimeCreated.ToUniversalTime().ToString('o')
                Id = $_.Id
                Level = [int]$_.Level
                Message = $message
            }
        })
    } catch {
        if ($_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') { throw }
    }
}
$status = $null
$startType = $null
if ($svc) { $status = $svc.Status.ToString(); $startType = $svc.StartType.ToString() }
[pscustomobject]@{
    ServicePresent = [bool]$svc
    ServiceStatus = $status
    ServiceStartType = $startType
    LogPresent = [bool]$log
    Events = $events
}
"""


class VeeamJobEvent(FactModel):
    time: datetime
    level: int  # 2 Error, 3 Warning, 4 Information
    message: str = ""

    @property
    def result(self) -> str:
        return LEVEL_RESULT.get(self.level, "Unknown")


class WinBackupVeeam(FactModel):
    service_present: bool
    service_status: str | None = None  # Running, Stopped, ...
    service_start_type: str | None = None  # Automatic, Manual, Disabled
    log_present: bool = False
    events: tuple[VeeamJobEvent, ...] = ()  # newest first

    @property
    def installed(self) -> bool:
        return self.service_present or self.log_present

    @property
    def last_job(self) -> VeeamJobEvent | None:
        return self.events[0] if self.events else None

    @property
    def last_success(self) -> VeeamJobEvent | None:
        """The newest session that finished with Success or Warning (a backup was written)."""
        return next((e for e in self.events if e.result in ("Success", "Warning")), None)


def _event(item: Any) -> VeeamJobEvent:
    if not isinstance(item, dict):
        raise ProbeError("win_backup_veeam: event is not an object")
    if as_int(item.get("Id"), "Id") != JOB_FINISHED:
        raise ProbeError(f"win_backup_veeam: unexpected event id {item.get('Id')!r}")
    time = ps_datetime(item.get("TimeCreated"))
    level = as_int(item.get("Level"), "Level")
    if time is None or level is None or not 0 <= level <= 5:
        raise ProbeError("win_backup_veeam: event without time or valid level")
    return VeeamJobEvent(time=time, level=level, message=as_str(item.get("Message"), "Message", limit=300) or "")


def parse(raw: RawOutput) -> WinBackupVeeam:
    data = load_one(raw, "Veeam Agent state")
    present = as_bool(data.get("ServicePresent"), "ServicePresent")
    if present is None:
        raise ProbeError("win_backup_veeam: no ServicePresent flag")
    events = sorted((_event(e) for e in as_list(data.get("Events"))[:MAX_EVENTS]), key=lambda e: e.time, reverse=True)
    return WinBackupVeeam(
        service_present=present,
        service_status=as_str(data.get("ServiceStatus"), "ServiceStatus", limit=32),
        service_start_type=as_str(data.get("ServiceStartType"), "ServiceStartType", limit=32),
        log_present=bool(as_bool(data.get("LogPresent"), "LogPresent")),
        events=tuple(events),
    )


WIN_BACKUP_VEEAM = Probe(
    name="win_backup_veeam",
    description="Veeam Agent for Windows: service state and newest job results (event 190, 'Veeam Agent' log)",
    command=COMMAND,
    model=WinBackupVeeam,
    parse=parse,
    needs_root=True,
    shell="powershell",
)
