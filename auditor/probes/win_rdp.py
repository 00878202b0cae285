"""Remote Desktop settings: whether RDP accepts connections, NLA, security layer, encryption level.

Registry reads, each value both where the system keeps it and where Group Policy writes it
(HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services), since a policy value wins:
- Control\\Terminal Server fDenyTSConnections (1 = RDP refused; absent: refused, the default);
- Terminal Server\\WinStations\\RDP-Tcp UserAuthentication (1 = Network Level Authentication
  required), SecurityLayer (0 RDP, 1 Negotiate, 2 TLS) and MinEncryptionLevel (1 low .. 4 FIPS).
A value that is not set is reported as null ("not configured").
"""

from __future__ import annotations

from typing import Any

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, RawOutput

COMMAND = r"""
$ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
$tcp = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
$pol = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
function Get-AuditorRegValue([string]$Path, [string]$Name) {
  $item = Get-ItemProperty -Path $Path -Name $Name -ErrorAction SilentlyContinue
  if ($item) { return $item.$Name }
  return $null
}
[pscustomobject]@{
  DenyTSConnections = Get-AuditorRegValue $ts 'fDenyTSConnections'
  UserAuthentication = Get-AuditorRegValue $tcp 'UserAuthentication'
  SecurityLayer = Get-AuditorRegValue $tcp 'SecurityLayer'
  MinEncryptionLevel = Get-AuditorRegValue $tcp 'MinEncryptionLevel'
  PolicyDenyTSConnections = Get-AuditorRegValue $pol 'fDenyTSConnections'
  PolicyUserAuthentication = Get-AuditorRegValue $pol 'UserAuthentication'
  PolicySecurityLayer = Get-AuditorRegValue $pol 'SecurityLayer'
  PolicyMinEncryptionLevel = Get-AuditorRegValue $pol 'MinEncryptionLevel'
}
"""

SECURITY_LAYERS = {0: "RDP", 1: "Negotiate", 2: "TLS"}


class WinRdp(FactModel):
    deny_connections: int | None = None
    user_authentication: int | None = None
    security_layer: int | None = None
    min_encryption_level: int | None = None
    policy_deny_connections: int | None = None
    policy_user_authentication: int | None = None
    policy_security_layer: int | None = None
    policy_min_encryption_level: int | None = None

    @staticmethod
    def _effective(policy: int | None, local: int | None) -> tuple[int | None, str]:
        if policy is not None:
            return policy, "Group Policy"
        return local, "local setting"

    @property
    def enabled(self) -> bool:
        """RDP accepts connections: fDenyTSConnections is 0 (absent means denied, Windows' default)."""
        value, _ = self._effective(self.policy_deny_connections, self.deny_connections)
        return value == 0

    @property
    def nla(self) -> tuple[int | None, str]:
        return self._effective(self.policy_user_authentication, self.user_authentication)

    @property
    def layer(self) -> tuple[int | None, str]:
        return self._effective(self.policy_security_layer, self.security_layer)


def _int(item: dict[str, Any], key: str) -> int | None:
    return winjson.as_int(item.get(key), key)


def parse(raw: RawOutput) -> WinRdp:
    item = winjson.load_one(raw, "win_rdp")
    return WinRdp(
        deny_connections=_int(item, "DenyTSConnections"),
        user_authentication=_int(item, "UserAuthentication"),
        security_layer=_int(item, "SecurityLayer"),
        min_encryption_level=_int(item, "MinEncryptionLevel"),
        policy_deny_connections=_int(item, "PolicyDenyTSConnections"),
        policy_user_authentication=_int(item, "PolicyUserAuthentication"),
        policy_security_layer=_int(item, "PolicySecurityLayer"),
        policy_min_encryption_level=_int(item, "PolicyMinEncryptionLevel"),
    )


WIN_RDP = Probe(
    name="win_rdp",
    description="Remote Desktop: connections allowed, NLA, security layer, encryption level (local and policy)",
    command=COMMAND,
    model=WinRdp,
    parse=parse,
    shell="powershell",
)
