"""Windows: updates not yet installed, from the Windows Update Agent (WUA) API.

The body asks `Microsoft.Update.Session`'s searcher for `IsInstalled=0 and IsHidden=0 and
Type='Software'` with `Online = $false`: the search reads only the update metadata the Windows
Update client last downloaded from its configured source (WSUS, Windows Update for Business or
Microsoft Update). That keeps the audit read-only, fast and independent of the host's network
path to the update source, at a price: the list is as old as the client's last successful online
search, which win_update_status reports (LastSearchSuccess) and auditor.checklib.updates turns into the
"stale metadata" rule the Linux package managers follow. A host that has never searched has no
cached metadata and the offline search then finds nothing: the staleness rule, not this probe,
keeps that from reading as "up to date".

Per update the body emits the KB numbers, title, MSRC severity (Critical/Important/Moderate/Low,
empty for non-security updates), the classification (the category whose Type is
UpdateClassification) by name and by its GUID, which is the same in every display language,
LastDeploymentChangeTime as an invariant-culture date (when the update was published on the source: the release date
used for the patch-age SLA; a date only, so no time-zone shift can move it to the day before),
IsDownloaded, RebootRequired and CveIDs. Host text is data, bounded here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.winjson import as_bool, as_int, as_list, as_str, load_one, ps_datetime

MAX_UPDATES = 500

# Update classification GUIDs (WSUS / WUA category ids): stable, unlike the localised names.
SECURITY_UPDATES = "0fa1201d-4330-4fa8-8ae9-b877473b6441"
CRITICAL_UPDATES = "e6cf1350-c01b-414d-a61f-263d14d133b4"
CLASSIFICATIONS = {
    SECURITY_UPDATES: "Security Updates",
    CRITICAL_UPDATES: "Critical Updates",
    "e0789628-ce08-4437-be74-2495b842f43b": "Definition Updates",
    "28bc880e-0592-4cbf-8f95-c79b17911d5f": "Update Rollups",
    "cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83": "Updates",
    "b54e7d24-7add-428f-8b75-90a396fa584f": "Feature Packs",
    "68c5b0a3-d1a6-4553-ae49-01d3a7827828": "Service Packs",
    "b4832bd8-e735-4761-8daf-37f882276dab": "Tools",
    "ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0": "Drivers",
    "3689bdc8-b205-4af4-8d4a-a63924c5e9d5": "Upgrades",
}
SECURITY_CLASSIFICATIONS = frozenset({SECURITY_UPDATES, CRITICAL_UPDATES})
_KB = re.compile(r"^KB\d{4,8}$")
_CVE = re.compile(r"^CVE-\d{4}-\d{4,7}$")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SEVERITIES = ("Critical", "Important", "Moderate", "Low")

COMMAND = r"""
$invariant = [Globalization.CultureInfo]::InvariantCulture
$session = New-Object -ComObject Microsoft.Update.Session
$searcher = $session.CreateUpdateSearcher()
$searcher.Online = $false
$result = $searcher.Search("IsInstalled=0 and IsHidden=0 and Type='Software'")
$updates = @(foreach ($u in $result.Updates) {
    $class = @($u.Categories | Where-Object { $_.Type -eq 'UpdateClassification' }) | Select-Object -First 1
    $released = $null
    if ($u.LastDeploymentChangeTime) { $released = $u.LastDeploymentChangeTime.ToString('yyyy-MM-dd', $invariant) }
    $className = $null
    $classId = $null
    if ($class) { $className = $class.Name; $classId = $class.CategoryID }
    [pscustomobject]@{
        KB = @($u.KBArticleIDs | ForEach-Object { 'KB' + $_ })
        Title = $u.Title
        MsrcSeverity = $u.MsrcSeverity
        Classification = $className
        ClassificationId = $classId
        Released = $released
        IsDownloaded = $u.IsDownloaded
        RebootRequired = $u.RebootRequired
        CVEs = @($u.CveIDs)
    }
})
[pscustomobject]@{
    ResultCode = [int]$result.ResultCode
    Online = $searcher.Online
    Updates = $updates
}
"""


class WinUpdate(FactModel):
    """One update the WUA search found not installed."""

    kbs: tuple[str, ...] = ()  # "KB5044284"; usually one
    title: str
    msrc_severity: str | None = None  # Critical, Important, Moderate, Low; None: not a security bulletin
    classification: str | None = None  # as the host names it (localised)
    classification_id: str | None = None  # lower-case GUID
    released: date | None = None  # LastDeploymentChangeTime
    downloaded: bool = False
    reboot_required: bool = False
    cves: tuple[str, ...] = ()

    @property
    def kb(self) -> str:
        """The update's KB id, else its title (Defender definition updates carry a KB too)."""
        return self.kbs[0] if self.kbs else self.title

    @property
    def classification_name(self) -> str:
        """The English classification name from the GUID, else what the host called it."""
        if self.classification_id in CLASSIFICATIONS:
            return CLASSIFICATIONS[self.classification_id]
        return self.classification or ""

    @property
    def security(self) -> bool:
        """A security fix: MSRC rated it, or it is classified Security Updates / Critical Updates."""
        return self.msrc_severity is not None or self.classification_id in SECURITY_CLASSIFICATIONS


class WinUpdatesPending(FactModel):
    result_code: int  # WUA OperationResultCode: 2 succeeded, 3 succeeded with errors, 4 failed
    online: bool
    updates: tuple[WinUpdate, ...] = ()
    truncated: bool = False


def _day(value: Any) -> date | None:
    moment = ps_datetime(value)
    return moment.date() if moment is not None else None


def _update(item: Any) -> WinUpdate:
    if not isinstance(item, dict):
        raise ProbeError(f"win_updates_pending: update entry is not an object: {str(item)[:40]!r}")
    kbs = tuple(str(as_str(k, "KB", limit=16)) for k in as_list(item.get("KB")))
    if not all(_KB.match(k) for k in kbs):
        raise ProbeError(f"win_updates_pending: malformed KB id in {kbs[:3]!r}")
    title = as_str(item.get("Title"), "Title", limit=300) or ""
    severity = as_str(item.get("MsrcSeverity"), "MsrcSeverity", limit=20) or None
    if severity is not None and severity not in _SEVERITIES:
        raise ProbeError(f"win_updates_pending: unknown MsrcSeverity {severity!r}")
    class_id = (as_str(item.get("ClassificationId"), "ClassificationId", limit=40) or "").lower() or None
    if class_id is not None and not _GUID.match(class_id):
        raise ProbeError(f"win_updates_pending: malformed ClassificationId {class_id!r}")
    cves = tuple(str(as_str(c, "CVE", limit=20)) for c in as_list(item.get("CVEs")))
    if not all(_CVE.match(c) for c in cves):
        raise ProbeError(f"win_updates_pending: malformed CVE id in {cves[:3]!r}")
    return WinUpdate(
        kbs=kbs,
        title=title,
        msrc_severity=severity,
        classification=as_str(item.get("Classification"), "Classification", limit=80),
        classification_id=class_id,
        released=_day(item.get("Released")),
        downloaded=bool(as_bool(item.get("IsDownloaded"), "IsDownloaded")),
        reboot_required=bool(as_bool(item.get("RebootRequired"), "RebootRequired")),
        cves=cves,
    )


def parse(raw: RawOutput) -> WinUpdatesPending:
    data = load_one(raw, "Windows Update search")
    code = as_int(data.get("ResultCode"), "ResultCode")
    if code is None:
        raise ProbeError("win_updates_pending: no ResultCode")
    if code not in (2, 3):
        raise ProbeError(f"Windows Update search did not succeed (OperationResultCode {code})")
    items = as_list(data.get("Updates"))
    return WinUpdatesPending(
        result_code=code,
        online=bool(as_bool(data.get("Online"), "Online")),
        updates=tuple(_update(item) for item in items[:MAX_UPDATES]),
        truncated=len(items) > MAX_UPDATES,
    )


WIN_UPDATES_PENDING = Probe(
    name="win_updates_pending",
    description="Windows: updates not installed, from the Windows Update Agent's cached metadata (offline search)",
    command=COMMAND,
    model=WinUpdatesPending,
    parse=parse,
    shell="powershell",
)
