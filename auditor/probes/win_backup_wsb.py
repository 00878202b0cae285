"""Windows Server Backup: its summary (Get-WBSummary) and the backup versions (`wbadmin get versions`).

Both need an elevated session (Administrators or Backup Operators). The summary is a typed object
(last backup time and result HRESULT, last successful backup, number of versions, next scheduled
backup, last target), so it does not depend on the display language. The version list, which gives
each backup's target, only exists as wbadmin's text; the body passes its lines through unchanged
and the parser reads the en-US labels ("Backup time:", "Backup target:", "Version identifier:").
The probe sets nothing on the host, so on a host in another display language the labels differ:
the parser then reports the versions as unreadable (ProbeError) rather than guessing. When the
Windows Server Backup feature is not installed (no WindowsServerBackup module, no wbadmin.exe)
the body emits Present = false: that is a fact, not an error.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip
from auditor.probes.winjson import as_bool, as_int, as_list, as_str, load_one, ps_datetime

MAX_LINES = 4000
MAX_VERSIONS = 500

COMMAND = r"""
$present = [bool](Get-Module -ListAvailable -Name WindowsServerBackup)
$wbadmin = Join-Path $env:SystemRoot 'System32\wbadmin.exe'
if (-not $present) {
    [pscustomobject]@{ Present = $false; Summary = $null; VersionLines = @(); VersionsExit = $null }
} else {
    Import-Module WindowsServerBackup
    $s = Get-WBSummary
    $when = { param($d) if ($d -and $d.Year -gt 1601) { $d.ToUniversalTime().ToString('o') } else { $null } }
    $summary = [pscustomobject]@{
        LastBackupTime = & $when $s.LastBackupTime
        LastSuccessfulBackupTime = & $when $s.LastSuccessfulBackupTime
        LastBackupResultHR = $s.LastBackupResultHR
        LastBackupResultDetailedHR = $s.LastBackupResultDetailedHR
        NumberOfVersions = $s.NumberOfVersions
        LastBackupTarget = $s.LastBackupTarget
        NextBackupTime = & $when $s.NextBackupTime
    }
    $lines = @()
    $exit = $null
    if (Test-Path -LiteralPath $wbadmin) {
        # wbadmin reports errors as text; keep its stderr lines as data instead of letting the
        # collector's ErrorActionPreference = 'Stop' turn them into a terminating error (PowerShell 5.1)
        $ErrorActionPreference = 'Continue'
        $lines = @(& $wbadmin get versions 2>&1 | ForEach-Object { "$_" })
        $exit = $LASTEXITCODE
        $ErrorActionPreference = 'Stop'
    }
    [pscustomobject]@{ Present = $true; Summary = $summary; VersionLines = $lines; VersionsExit = $exit }
}
"""

_HEADER = "Backup command-line tool"
_TIME = re.compile(r"^Backup time:\s*(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}) ?([AP]M)?$")
_IDENTIFIER = re.compile(r"^(\d{2})/(\d{2})/(\d{4})-(\d{2}):(\d{2})$")
_NO_BACKUP = re.compile(r"no backups? (was|were) found|there are no backups", re.IGNORECASE)


class WsbVersion(FactModel):
    """One backup version as wbadmin lists it.

    `time` is the host's local wall-clock time as printed (no zone); the version identifier
    ("06/13/2018-07:07", MM/DD/YYYY-HH:MM) is the same moment in UTC, so `utc` comes from it.
    """

    time: datetime  # naive: wbadmin prints local time without an offset
    target: str = ""
    identifier: str = ""

    @property
    def utc(self) -> datetime | None:
        match = _IDENTIFIER.match(self.identifier)
        if not match:
            return None
        month, day, year, hour, minute = (int(g) for g in match.groups())
        try:
            return datetime(year, month, day, hour, minute, tzinfo=UTC)
        except ValueError:
            return None

    @property
    def off_host(self) -> bool:
        """A network share (\\\\server\\share) is off the host; a local or USB disk is not."""
        return self.target.startswith("\\\\") or "network" in self.target.lower()


class WsbSummary(FactModel):
    last_backup: datetime | None = None
    last_success: datetime | None = None
    last_result_hr: int | None = None  # 0: success
    last_result_detailed_hr: int | None = None
    versions: int | None = None
    last_target: str | None = None
    next_backup: datetime | None = None


class WinBackupWsb(FactModel):
    present: bool
    summary: WsbSummary | None = None
    versions: tuple[WsbVersion, ...] = ()
    versions_note: str = ""  # wbadmin's message when it listed no version


def _versions(lines: list[str]) -> tuple[tuple[WsbVersion, ...], str]:
    text = [line.strip() for line in lines if line.strip()]
    if not text:
        return (), ""
    if not any(_HEADER in line for line in text[:3]):
        raise ProbeError(f"wbadmin output is not en-US (expected '{_HEADER}' header): {clip(text[0], 60)!r}")
    versions: list[WsbVersion] = []
    current: dict[str, Any] | None = None

    def close() -> None:
        if current is not None:
            versions.append(WsbVersion(**current))

    for line in text:
        match = _TIME.match(line)
        if line.startswith("Backup time:"):
            if not match:
                raise ProbeError(f"wbadmin: unreadable backup time {clip(line, 60)!r}")
            close()
            month, day, year, hour, minute, half = match.groups()
            hour_24 = int(hour) % 12 + (12 if half == "PM" else 0) if half else int(hour)
            try:
                moment = datetime(int(year), int(month), int(day), hour_24, int(minute))
            except ValueError:
                raise ProbeError(f"wbadmin: impossible backup time {clip(line, 60)!r}") from None
            current = {"time": moment}
        elif line.startswith("Backup target:") and current is not None:
            current["target"] = clip(line.partition(":")[2].strip(), 200)
        elif line.startswith("Version identifier:") and current is not None:
            current["identifier"] = clip(line.partition(":")[2].strip(), 40)
    close()
    if len(versions) > MAX_VERSIONS:
        versions = sorted(versions, key=lambda v: v.time)[-MAX_VERSIONS:]
    note = ""
    if not versions:
        message = next((line for line in text if _NO_BACKUP.search(line) or line.startswith("ERROR")), "")
        if not message:
            raise ProbeError(f"wbadmin listed no version and no reason: {clip(text[-1], 80)!r}")
        note = clip(message, 160)
    return tuple(versions), note


def _summary(value: Any) -> WsbSummary | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ProbeError("win_backup_wsb: Summary is not an object")
    return WsbSummary(
        last_backup=ps_datetime(value.get("LastBackupTime")),
        last_success=ps_datetime(value.get("LastSuccessfulBackupTime")),
        last_result_hr=as_int(value.get("LastBackupResultHR"), "LastBackupResultHR"),
        last_result_detailed_hr=as_int(value.get("LastBackupResultDetailedHR"), "LastBackupResultDetailedHR"),
        versions=as_int(value.get("NumberOfVersions"), "NumberOfVersions"),
        last_target=as_str(value.get("LastBackupTarget"), "LastBackupTarget", limit=200),
        next_backup=ps_datetime(value.get("NextBackupTime")),
    )


def parse(raw: RawOutput) -> WinBackupWsb:
    data = load_one(raw, "Windows Server Backup")
    present = as_bool(data.get("Present"), "Present")
    if present is None:
        raise ProbeError("win_backup_wsb: no Present flag")
    if not present:
        return WinBackupWsb(present=False)
    lines = [str(as_str(line, "wbadmin line", limit=400)) for line in as_list(data.get("VersionLines"))[:MAX_LINES]]
    if any(re.search(r"access is denied", line, re.IGNORECASE) for line in lines if not line.startswith("Backup")):
        raise ProbeError("wbadmin get versions needs an elevated session (access denied)")
    versions, note = _versions(lines)
    return WinBackupWsb(present=True, summary=_summary(data.get("Summary")), versions=versions, versions_note=note)


WIN_BACKUP_WSB = Probe(
    name="win_backup_wsb",
    description="Windows Server Backup: Get-WBSummary and `wbadmin get versions` (en-US output)",
    command=COMMAND,
    model=WinBackupWsb,
    parse=parse,
    needs_root=True,
    shell="powershell",
)
