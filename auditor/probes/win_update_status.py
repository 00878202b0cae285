"""Windows: is Windows Update working, where does it get updates from, and is a reboot pending?

Three read-only sources in one body:
- `Microsoft.Update.AutoUpdate`: ServiceEnabled and Results.LastSearchSuccessDate /
  LastInstallationSuccessDate. Microsoft documents both dates as UTC (VT_EMPTY, i.e. null, when
  never), so the body marks them UTC instead of converting from local time.
- The Windows Update policy keys HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate and its
  AU subkey (WSUS: WUServer, WUStatusServer, AU\\UseWUServer; Windows Update for Business:
  DeferQualityUpdates(PeriodInDays), DeferFeatureUpdates(PeriodInDays), TargetReleaseVersion(Info);
  Automatic Updates: AU\\NoAutoUpdate, AU\\AUOptions). A value that is not set is null: "not
  configured", where Windows' default applies (automatic updates on, from Windows Update).
- Reboot-pending markers: the Component Based Servicing\\RebootPending key, the WindowsUpdate\\Auto
  Update\\RebootRequired key, and Session Manager's PendingFileRenameOperations, of which only the
  number of entries is emitted (the paths are host data the audit does not need).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.winjson import as_bool, as_int, as_str, load_one, ps_datetime

COMMAND = r"""
function Read-RegistryValues([string]$Path, [string[]]$Names) {
    $values = [ordered]@{}
    $item = $null
    if (Test-Path -LiteralPath $Path) { $item = Get-ItemProperty -LiteralPath $Path }
    foreach ($name in $Names) {
        $values[$name] = $null
        if ($item -ne $null -and $item.PSObject.Properties[$name]) { $values[$name] = $item.$name }
    }
    [pscustomobject]$values
}
$au = New-Object -ComObject Microsoft.Update.AutoUpdate
$lastSearch = $au.Results.LastSearchSuccessDate
$lastInstall = $au.Results.LastInstallationSuccessDate
$utc = { param($d) if ($d) { [DateTime]::SpecifyKind($d, 'Utc').ToString('o') } else { $null } }
$wu = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate'
$cv = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion'
$sessionManager = 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager'
$renames = (Read-RegistryValues $sessionManager @('PendingFileRenameOperations')).PendingFileRenameOperations
$policyNames = @(
    'WUServer', 'WUStatusServer', 'DisableWindowsUpdateAccess', 'DeferQualityUpdates',
    'DeferQualityUpdatesPeriodInDays', 'DeferFeatureUpdates', 'DeferFeatureUpdatesPeriodInDays',
    'TargetReleaseVersion', 'TargetReleaseVersionInfo'
)
$auNames = @('UseWUServer', 'NoAutoUpdate', 'AUOptions', 'ScheduledInstallDay', 'ScheduledInstallTime')
[pscustomobject]@{
    ServiceEnabled = $au.ServiceEnabled
    LastSearchSuccess = & $utc $lastSearch
    LastInstallSuccess = & $utc $lastInstall
    Policy = Read-RegistryValues $wu $policyNames
    AU = Read-RegistryValues ($wu + '\AU') $auNames
    CbsRebootPending = Test-Path -LiteralPath ($cv + '\Component Based Servicing\RebootPending')
    WuRebootRequired = Test-Path -LiteralPath ($cv + '\WindowsUpdate\Auto Update\RebootRequired')
    PendingFileRenames = @($renames | Where-Object { $_ }).Count
}
"""

# AUOptions values (Configure Automatic Updates policy).
AU_OPTIONS = {
    2: "notify before download",
    3: "download automatically, notify to install",
    4: "download and install on a schedule",
    5: "local administrator chooses",
    7: "download automatically, notify to install, notify to restart",
}


class WinUpdatePolicy(FactModel):
    """The Windows Update policy values; None = not configured."""

    wu_server: str | None = None
    wu_status_server: str | None = None
    use_wu_server: int | None = None
    disable_windows_update_access: int | None = None
    no_auto_update: int | None = None
    au_options: int | None = None
    scheduled_install_day: int | None = None
    scheduled_install_time: int | None = None
    defer_quality_updates: int | None = None
    defer_quality_days: int | None = None
    defer_feature_updates: int | None = None
    defer_feature_days: int | None = None
    target_release_version: int | None = None
    target_release_version_info: str | None = None

    @property
    def wsus(self) -> str | None:
        """The WSUS server updates come from, when the policy points the client at one."""
        return self.wu_server if self.use_wu_server == 1 and self.wu_server else None

    @property
    def wufb(self) -> bool:
        """Windows Update for Business deferrals or a target release are configured."""
        return bool(self.defer_quality_updates or self.defer_feature_updates or self.target_release_version)


class WinUpdateStatus(FactModel):
    service_enabled: bool | None = None
    last_search_success: datetime | None = None
    last_install_success: datetime | None = None
    policy: WinUpdatePolicy = WinUpdatePolicy()
    cbs_reboot_pending: bool = False
    wu_reboot_required: bool = False
    pending_file_renames: int = 0

    @property
    def reboot_markers(self) -> tuple[str, ...]:
        markers = []
        if self.cbs_reboot_pending:
            markers.append("Component Based Servicing\\RebootPending")
        if self.wu_reboot_required:
            markers.append("WindowsUpdate\\Auto Update\\RebootRequired")
        if self.pending_file_renames:
            markers.append(f"PendingFileRenameOperations ({self.pending_file_renames} entries)")
        return tuple(markers)


def _object(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ProbeError(f"win_update_status: {what} is not an object")
    return value


def _dword(values: dict[str, Any], key: str) -> int | None:
    number = as_int(values.get(key), key)
    if number is not None and not 0 <= number <= 0xFFFFFFFF:
        raise ProbeError(f"win_update_status: {key} out of DWORD range: {number}")
    return number


# Fields the body always prints (null when unknown): an object without them is not its output.
_REQUIRED = ("ServiceEnabled", "Policy", "AU", "CbsRebootPending", "WuRebootRequired", "PendingFileRenames")


def parse(raw: RawOutput) -> WinUpdateStatus:
    data = load_one(raw, "Windows Update status")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise ProbeError(f"win_update_status: no {', '.join(missing)} in the output")
    policy = _object(data.get("Policy"), "Policy")
    au = _object(data.get("AU"), "AU")
    renames = as_int(data.get("PendingFileRenames"), "PendingFileRenames") or 0
    if renames < 0:
        raise ProbeError(f"win_update_status: negative PendingFileRenames {renames}")
    return WinUpdateStatus(
        service_enabled=as_bool(data.get("ServiceEnabled"), "ServiceEnabled"),
        last_search_success=ps_datetime(data.get("LastSearchSuccess")),
        last_install_success=ps_datetime(data.get("LastInstallSuccess")),
        policy=WinUpdatePolicy(
            wu_server=as_str(policy.get("WUServer"), "WUServer", limit=256),
            wu_status_server=as_str(policy.get("WUStatusServer"), "WUStatusServer", limit=256),
            disable_windows_update_access=_dword(policy, "DisableWindowsUpdateAccess"),
            defer_quality_updates=_dword(policy, "DeferQualityUpdates"),
            defer_quality_days=_dword(policy, "DeferQualityUpdatesPeriodInDays"),
            defer_feature_updates=_dword(policy, "DeferFeatureUpdates"),
            defer_feature_days=_dword(policy, "DeferFeatureUpdatesPeriodInDays"),
            target_release_version=_dword(policy, "TargetReleaseVersion"),
            target_release_version_info=as_str(
                policy.get("TargetReleaseVersionInfo"), "TargetReleaseVersionInfo", limit=16
            ),
            use_wu_server=_dword(au, "UseWUServer"),
            no_auto_update=_dword(au, "NoAutoUpdate"),
            au_options=_dword(au, "AUOptions"),
            scheduled_install_day=_dword(au, "ScheduledInstallDay"),
            scheduled_install_time=_dword(au, "ScheduledInstallTime"),
        ),
        cbs_reboot_pending=bool(as_bool(data.get("CbsRebootPending"), "CbsRebootPending")),
        wu_reboot_required=bool(as_bool(data.get("WuRebootRequired"), "WuRebootRequired")),
        pending_file_renames=renames,
    )


WIN_UPDATE_STATUS = Probe(
    name="win_update_status",
    description="Windows: last update search and install, WSUS / Update for Business policy, reboot-pending markers",
    command=COMMAND,
    model=WinUpdateStatus,
    parse=parse,
    shell="powershell",
)
