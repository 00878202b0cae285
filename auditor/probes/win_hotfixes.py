"""Windows: installed updates with their install dates (Get-HotFix, i.e. Win32_QuickFixEngineering).

Get-HotFix lists the updates Component Based Servicing installed (cumulative updates, servicing
stack updates, security updates), each with HotFixID ("KB5044281"), Description ("Update",
"Security Update", "Hotfix") and InstalledOn. InstalledOn is a local date with no time of day
(and missing on some entries), so the body prints it as yyyy-MM-dd in the invariant culture (a
host's Thai or Japanese calendar would otherwise change the year): converting a local midnight to
UTC would move it to the day before east of Greenwich. Defender definition and Store updates
are not listed here; the Windows Update client's own last-install time is in win_update_status.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.winjson import as_str, load, ps_datetime

MAX_HOTFIXES = 1000
_ID = re.compile(r"^[A-Za-z0-9_. -]{1,40}$")

COMMAND = r"""
$invariant = [Globalization.CultureInfo]::InvariantCulture
Get-HotFix | ForEach-Object {
    $installed = $null
    if ($_.InstalledOn) { $installed = $_.InstalledOn.ToString('yyyy-MM-dd', $invariant) }
    [pscustomobject]@{
        HotFixID = $_.HotFixID
        Description = $_.Description
        InstalledOn = $installed
    }
}
"""


class Hotfix(FactModel):
    id: str
    description: str = ""
    installed_on: date | None = None


class WinHotfixes(FactModel):
    hotfixes: tuple[Hotfix, ...] = ()
    truncated: bool = False

    @property
    def latest(self) -> Hotfix | None:
        """The most recently installed update with a known date."""
        dated = [h for h in self.hotfixes if h.installed_on is not None]
        return max(dated, key=lambda h: (h.installed_on, h.id)) if dated else None

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(h.id.upper() for h in self.hotfixes)


def _hotfix(item: Any) -> Hotfix:
    if not isinstance(item, dict):
        raise ProbeError(f"win_hotfixes: entry is not an object: {str(item)[:40]!r}")
    hotfix_id = (as_str(item.get("HotFixID"), "HotFixID", limit=64) or "").strip()
    if not _ID.match(hotfix_id):
        raise ProbeError(f"win_hotfixes: malformed HotFixID {hotfix_id[:40]!r}")
    moment = ps_datetime(item.get("InstalledOn"))
    return Hotfix(
        id=hotfix_id,
        description=(as_str(item.get("Description"), "Description", limit=80) or "").strip(),
        installed_on=moment.date() if moment is not None else None,
    )


def parse(raw: RawOutput) -> WinHotfixes:
    items = load(raw, "Get-HotFix")
    return WinHotfixes(
        hotfixes=tuple(_hotfix(item) for item in items[:MAX_HOTFIXES]), truncated=len(items) > MAX_HOTFIXES
    )


WIN_HOTFIXES = Probe(
    name="win_hotfixes",
    description="Windows: installed updates (Get-HotFix) with their install dates",
    command=COMMAND,
    model=WinHotfixes,
    parse=parse,
    shell="powershell",
)
