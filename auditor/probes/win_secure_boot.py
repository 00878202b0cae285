"""Whether the firmware boots with UEFI Secure Boot on, from the registry (no elevation needed).

Confirm-SecureBootUEFI needs elevation and throws on BIOS machines, so the body reads what Windows
records at boot instead: HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecureBoot\\State
UEFISecureBootEnabled (1 on, 0 off). The key is absent on legacy-BIOS boots, reported as
`StateKey = $false`.
"""

from __future__ import annotations

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

COMMAND = r"""
$key = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecureBoot\State'
$present = Test-Path -Path $key
$value = $null
if ($present) {
  $item = Get-ItemProperty -Path $key -Name UEFISecureBootEnabled -ErrorAction SilentlyContinue
  if ($item) { $value = $item.UEFISecureBootEnabled }
}
[pscustomobject]@{ StateKey = $present; UEFISecureBootEnabled = $value }
"""


class WinSecureBoot(FactModel):
    state_key: bool  # False: no SecureBoot\State key (legacy BIOS boot)
    enabled: int | None = None  # UEFISecureBootEnabled; None when not set


def parse(raw: RawOutput) -> WinSecureBoot:
    item = winjson.load_one(raw, "win_secure_boot")
    state_key = winjson.as_bool(item.get("StateKey"), "StateKey")
    if state_key is None:
        raise ProbeError("win_secure_boot: no StateKey field")
    return WinSecureBoot(
        state_key=state_key, enabled=winjson.as_int(item.get("UEFISecureBootEnabled"), "UEFISecureBootEnabled")
    )


WIN_SECURE_BOOT = Probe(
    name="win_secure_boot",
    description="UEFI Secure Boot state recorded by Windows at boot (registry)",
    command=COMMAND,
    model=WinSecureBoot,
    parse=parse,
    shell="powershell",
)
