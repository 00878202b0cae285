"""SMB server and client settings, and whether the SMB 1.0 feature is installed.

- Get-SmbServerConfiguration: EnableSMB1Protocol, RequireSecuritySignature, EnableSecuritySignature,
  EncryptData (what the file server accepts).
- Get-SmbClientConfiguration: RequireSecuritySignature (what this machine demands of servers).
- The SMB1Protocol optional feature's state (Get-WindowsOptionalFeature, needs elevation; works on
  clients and servers). When it cannot be read (no DISM API, e.g. Server Core without the feature
  store), FeatureState is null and FeatureError says why; the SMB 1.0 client driver service
  (HKLM:\\SYSTEM\\CurrentControlSet\\Services\\mrxsmb10, Start 4 = disabled, absent = removed) then
  tells whether the client side can still speak SMB1.
Other helpers' probes read SMB registry policy (insecure guest logons): this one owns SMB1 and signing.
"""

from __future__ import annotations

from typing import Any

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

COMMAND = r"""
$server = Get-SmbServerConfiguration -ErrorAction Stop
$client = Get-SmbClientConfiguration -ErrorAction Stop
$state = $null
$featureError = $null
try {
  $feature = Get-WindowsOptionalFeature -Online -FeatureName SMB1Protocol -ErrorAction Stop
  if ($feature) { $state = $feature.State.ToString() }
} catch { $featureError = $_.Exception.Message }
$driver = $null
$driverKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\mrxsmb10'
if (Test-Path -Path $driverKey) {
  $driver = (Get-ItemProperty -Path $driverKey -Name Start -ErrorAction SilentlyContinue).Start
}
[pscustomobject]@{
  ServerEnableSMB1Protocol = $server.EnableSMB1Protocol
  ServerRequireSecuritySignature = $server.RequireSecuritySignature
  ServerEnableSecuritySignature = $server.EnableSecuritySignature
  ServerEncryptData = $server.EncryptData
  ClientRequireSecuritySignature = $client.RequireSecuritySignature
  SMB1FeatureState = $state
  SMB1FeatureError = $featureError
  SMB1ClientDriverPresent = Test-Path -Path $driverKey
  SMB1ClientDriverStart = $driver
}
"""

# DISM FeatureState names (Microsoft.Dism.Commands.FeatureState).
FEATURE_STATES = (
    "Disabled",
    "DisabledWithPayloadRemoved",
    "Enabled",
    "EnablePending",
    "DisablePending",
    "PartiallyInstalled",
    "Removed",
    "Staged",
    "Superseded",
    "Resolved",
)
DRIVER_DISABLED = 4


class WinSmb(FactModel):
    server_smb1: bool
    server_require_signing: bool
    server_enable_signing: bool | None = None
    server_encrypt_data: bool | None = None
    client_require_signing: bool
    smb1_feature_state: str | None = None
    smb1_feature_error: str | None = None
    smb1_client_driver_present: bool | None = None
    smb1_client_driver_start: int | None = None

    @property
    def smb1_feature_installed(self) -> bool | None:
        """True/False from the feature state; None when the state could not be read."""
        if self.smb1_feature_state is None:
            return None
        return self.smb1_feature_state in ("Enabled", "EnablePending", "PartiallyInstalled")

    @property
    def smb1_client_driver_enabled(self) -> bool | None:
        if self.smb1_client_driver_present is None:
            return None
        return self.smb1_client_driver_present and self.smb1_client_driver_start != DRIVER_DISABLED


def _required_bool(item: dict[str, Any], key: str) -> bool:
    value = winjson.as_bool(item.get(key), key)
    if value is None:
        raise ProbeError(f"win_smb: no {key}")
    return value


def parse(raw: RawOutput) -> WinSmb:
    item = winjson.load_one(raw, "win_smb")
    state = winjson.as_str(item.get("SMB1FeatureState"), "SMB1FeatureState", limit=40)
    if state is not None and state not in FEATURE_STATES:
        raise ProbeError(f"win_smb: unknown SMB1Protocol feature state {state!r:.40}")
    return WinSmb(
        server_smb1=_required_bool(item, "ServerEnableSMB1Protocol"),
        server_require_signing=_required_bool(item, "ServerRequireSecuritySignature"),
        server_enable_signing=winjson.as_bool(
            item.get("ServerEnableSecuritySignature"), "ServerEnableSecuritySignature"
        ),
        server_encrypt_data=winjson.as_bool(item.get("ServerEncryptData"), "ServerEncryptData"),
        client_require_signing=_required_bool(item, "ClientRequireSecuritySignature"),
        smb1_feature_state=state,
        smb1_feature_error=winjson.as_str(item.get("SMB1FeatureError"), "SMB1FeatureError", limit=200),
        smb1_client_driver_present=winjson.as_bool(item.get("SMB1ClientDriverPresent"), "SMB1ClientDriverPresent"),
        smb1_client_driver_start=winjson.as_int(item.get("SMB1ClientDriverStart"), "SMB1ClientDriverStart"),
    )


WIN_SMB = Probe(
    name="win_smb",
    description="SMB server/client configuration (SMB1, signing) and the SMB1Protocol feature state",
    command=COMMAND,
    model=WinSmb,
    parse=parse,
    needs_root=True,
    shell="powershell",
)
