"""Windows: Volume Shadow Copies per volume (Win32_ShadowCopy), newest and oldest creation time.

Shadow copies ("Previous Versions", System Restore points, the snapshots backup tools take) live on
the host itself, so they are a quick-restore layer, not a backup. The body groups the copies by
volume (VolumeName, "\\\\?\\Volume{guid}\\"), maps each volume to its drive letter through
Win32_Volume, and emits the count and the newest and oldest InstallDate per volume with the host's
SystemDrive, so a check can ask about the system volume. Listing shadow copies needs an elevated
session.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.winjson import as_int, as_list, as_str, load_one, ps_datetime

MAX_VOLUMES = 64
_LETTER = re.compile(r"^[A-Za-z]:$")

COMMAND = r"""
$letters = @{}
Get-CimInstance -ClassName Win32_Volume | ForEach-Object { $letters[$_.DeviceID] = $_.DriveLetter }
$copies = @(Get-CimInstance -ClassName Win32_ShadowCopy)
$volumes = @($copies | Group-Object -Property VolumeName | ForEach-Object {
    $dates = @($_.Group | ForEach-Object { $_.InstallDate } | Sort-Object)
    [pscustomobject]@{
        Volume = $_.Name
        DriveLetter = $letters[$_.Name]
        Count = $_.Count
        Newest = $dates[-1].ToUniversalTime().ToString('o')
        Oldest = $dates[0].ToUniversalTime().ToString('o')
    }
})
[pscustomobject]@{ SystemDrive = $env:SystemDrive; Volumes = $volumes }
"""


class ShadowVolume(FactModel):
    volume: str
    drive_letter: str | None = None  # "C:"
    count: int
    newest: datetime
    oldest: datetime


class WinShadowCopies(FactModel):
    system_drive: str  # "C:"
    volumes: tuple[ShadowVolume, ...] = ()

    def for_drive(self, letter: str) -> ShadowVolume | None:
        wanted = letter.upper()
        return next((v for v in self.volumes if (v.drive_letter or "").upper() == wanted), None)


def _volume(item: Any) -> ShadowVolume:
    if not isinstance(item, dict):
        raise ProbeError("win_shadow_copies: volume entry is not an object")
    letter = as_str(item.get("DriveLetter"), "DriveLetter", limit=3)
    if letter is not None and not _LETTER.match(letter):
        raise ProbeError(f"win_shadow_copies: malformed drive letter {letter!r}")
    count = as_int(item.get("Count"), "Count")
    newest, oldest = ps_datetime(item.get("Newest")), ps_datetime(item.get("Oldest"))
    if count is None or count < 1 or newest is None or oldest is None:
        raise ProbeError("win_shadow_copies: volume entry without count or dates")
    return ShadowVolume(
        volume=as_str(item.get("Volume"), "Volume", limit=80) or "",
        drive_letter=letter,
        count=count,
        newest=newest,
        oldest=oldest,
    )


def parse(raw: RawOutput) -> WinShadowCopies:
    data = load_one(raw, "shadow copy listing")
    drive = as_str(data.get("SystemDrive"), "SystemDrive", limit=3)
    if drive is None or not _LETTER.match(drive):
        raise ProbeError(f"win_shadow_copies: malformed SystemDrive {drive!r}")
    return WinShadowCopies(
        system_drive=drive, volumes=tuple(_volume(v) for v in as_list(data.get("Volumes"))[:MAX_VOLUMES])
    )


WIN_SHADOW_COPIES = Probe(
    name="win_shadow_copies",
    description="Windows: Volume Shadow Copies per volume (count, newest, oldest) and the system drive",
    command=COMMAND,
    model=WinShadowCopies,
    parse=parse,
    needs_root=True,
    shell="powershell",
)
