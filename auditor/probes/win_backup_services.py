"""Windows: state of the services of the backup tools auditor recognises.

A fixed list (the probe never takes names from settings or host data): Veeam Agent for Microsoft
Windows (VeeamEndpointBackupSvc), Windows Server Backup's block-level engine (wbengine, manual
start: it runs only while a backup runs), File History (fhsvc, client Windows), and the Veeam
Backup & Replication server service (VeeamBackupSvc). A service that does not exist is simply not
emitted. File History's on/off state lives in per-user configuration files, not in a machine
setting, so only its service is reported; the File History check says so.
"""

from __future__ import annotations

from typing import Any

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.winjson import as_str, load

SERVICES = {
    "VeeamEndpointBackupSvc": "Veeam Agent for Microsoft Windows",
    "VeeamBackupSvc": "Veeam Backup & Replication",
    "wbengine": "Windows Server Backup (block level backup engine)",
    "fhsvc": "File History",
}

COMMAND = r"""
$names = @('VeeamEndpointBackupSvc', 'VeeamBackupSvc', 'wbengine', 'fhsvc')
Get-Service -Name $names -ErrorAction SilentlyContinue | ForEach-Object {
    [pscustomobject]@{
        Name = $_.Name
        Status = $_.Status.ToString()
        StartType = $_.StartType.ToString()
    }
}
"""


class BackupService(FactModel):
    name: str
    status: str  # Running, Stopped, StartPending, ...
    start_type: str  # Automatic, Manual, Disabled

    @property
    def label(self) -> str:
        return f"{SERVICES.get(self.name, self.name)} ({self.name}): {self.status}, start {self.start_type}"


class WinBackupServices(FactModel):
    services: tuple[BackupService, ...] = ()

    def get(self, name: str) -> BackupService | None:
        return next((s for s in self.services if s.name.lower() == name.lower()), None)


def _service(item: Any) -> BackupService:
    if not isinstance(item, dict):
        raise ProbeError("win_backup_services: entry is not an object")
    name = as_str(item.get("Name"), "Name", limit=64) or ""
    if name.lower() not in {s.lower() for s in SERVICES}:
        raise ProbeError(f"win_backup_services: unexpected service {name[:40]!r}")
    return BackupService(
        name=name,
        status=as_str(item.get("Status"), "Status", limit=32) or "",
        start_type=as_str(item.get("StartType"), "StartType", limit=32) or "",
    )


def parse(raw: RawOutput) -> WinBackupServices:
    return WinBackupServices(services=tuple(_service(i) for i in load(raw, "backup service listing")))


WIN_BACKUP_SERVICES = Probe(
    name="win_backup_services",
    description="Windows: services of known backup tools (Veeam Agent, Windows Server Backup, File History)",
    command=COMMAND,
    model=WinBackupServices,
    parse=parse,
    shell="powershell",
)
