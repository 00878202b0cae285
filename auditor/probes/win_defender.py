"""Which antivirus protects a Windows host: Microsoft Defender's own status, Security Center, EDR services.

Three sources, because each is blind somewhere:
- Get-MpComputerStatus: Defender's engine state (enabled, real-time protection, signature date,
  tamper protection, running mode). When a third-party antivirus registers with Windows, Defender
  switches itself off (or to passive mode) and the cmdlet fails or reports "Passive Mode"; that
  absence is a fact, emitted as `DefenderPresent = $false` with the reason, not an error.
- root/SecurityCenter2 AntiVirusProduct: every antivirus registered with Windows Security Center,
  with its productState bit field (on/off, signatures current). Only client editions have this
  namespace; on Windows Server it does not exist and `SecurityCenter = $false` says so.
- the names of running services, so that an MSP's EDR agent that does not register with Security
  Center (common on servers) can be accepted by name (setting windows_edr_services).
The body is read-only and constant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

COMMAND = r"""
$mp = $null
$reason = $null
if (Get-Command -Name Get-MpComputerStatus -ErrorAction SilentlyContinue) {
  try { $mp = Get-MpComputerStatus -ErrorAction Stop } catch { $reason = $_.Exception.Message }
} else { $reason = 'Get-MpComputerStatus is not available (Defender module not installed)' }
$sigDate = $null
if ($mp -and $mp.AntivirusSignatureLastUpdated) {
  $sigDate = $mp.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('o')
}
$products = @()
$center = $true
try {
  $found = Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName AntiVirusProduct -ErrorAction Stop
  $products = @($found | ForEach-Object { [pscustomobject]@{ Name = $_.displayName; ProductState = $_.productState } })
} catch { $center = $false }
$running = @(Get-Service -ErrorAction SilentlyContinue | Where-Object { $_.Status -eq 'Running' } |
  ForEach-Object { $_.Name })
[pscustomobject]@{
  DefenderPresent = [bool]$mp
  DefenderReason = $reason
  AMRunningMode = $(if ($mp) { $mp.AMRunningMode } else { $null })
  AMServiceEnabled = $(if ($mp) { $mp.AMServiceEnabled } else { $null })
  AntivirusEnabled = $(if ($mp) { $mp.AntivirusEnabled } else { $null })
  RealTimeProtectionEnabled = $(if ($mp) { $mp.RealTimeProtectionEnabled } else { $null })
  BehaviorMonitorEnabled = $(if ($mp) { $mp.BehaviorMonitorEnabled } else { $null })
  AntivirusSignatureAge = $(if ($mp) { $mp.AntivirusSignatureAge } else { $null })
  AntivirusSignatureLastUpdated = $sigDate
  AntivirusSignatureVersion = $(if ($mp) { $mp.AntivirusSignatureVersion } else { $null })
  IsTamperProtected = $(if ($mp) { $mp.IsTamperProtected } else { $null })
  SecurityCenter = $center
  Products = $products
  RunningServices = $running
}
"""

DEFENDER_NAMES = ("windows defender", "microsoft defender antivirus", "microsoft defender")
# "No value" ages: AntivirusSignatureAge is 65535 when Defender never received signatures, and
# MSFT_MpComputerStatus reports its UInt32 age properties as 4294967295 (UInt32 maximum) when the
# service is not running or the event never happened (Microsoft Learn's own Get-MpComputerStatus
# examples show FullScanAge 4294967295). Either means "never updated", not an age in days.
NEVER_UPDATED = frozenset({65535, 4294967295})
MAX_SERVICES = 2000


class AvProduct(FactModel):
    """One antivirus registered with Windows Security Center."""

    name: str
    product_state: int | None = None

    @property
    def enabled(self) -> bool:
        """Bit 12 of productState (the "scanner on" nibble, 0x1000) is set when the product is active."""
        return self.product_state is not None and bool(self.product_state & 0x1000)

    @property
    def up_to_date(self) -> bool:
        """The low byte is 0x00 when signatures are current and 0x10 when they are out of date."""
        return self.product_state is not None and not self.product_state & 0x10

    @property
    def is_defender(self) -> bool:
        return self.name.strip().lower() in DEFENDER_NAMES


class WinDefender(FactModel):
    defender_present: bool
    defender_reason: str | None = None
    running_mode: str | None = None  # "Normal", "Passive Mode", "EDR Block Mode", "SxS Passive Mode"
    service_enabled: bool | None = None
    antivirus_enabled: bool | None = None
    realtime_enabled: bool | None = None
    behavior_monitor_enabled: bool | None = None
    signature_age_days: int | None = None
    signature_updated: datetime | None = None
    signature_version: str | None = None
    tamper_protected: bool | None = None  # null: this Defender version does not report it
    security_center: bool = False  # whether root/SecurityCenter2 exists (client editions)
    products: tuple[AvProduct, ...] = ()
    running_services: tuple[str, ...] = ()

    @property
    def defender_active(self) -> bool:
        """Defender is the antivirus in charge: present, in normal (active) mode."""
        return self.defender_present and (self.running_mode or "Normal") == "Normal"

    def third_party_products(self) -> tuple[AvProduct, ...]:
        """Enabled non-Microsoft antivirus products registered with Security Center."""
        return tuple(p for p in self.products if p.enabled and not p.is_defender)


def _bool(item: dict[str, Any], key: str) -> bool | None:
    return winjson.as_bool(item.get(key), key)


def _text(item: dict[str, Any], key: str, *, limit: int = 256) -> str | None:
    value = winjson.as_str(item.get(key), key, limit=limit)
    return value.strip() if value is not None else None


def _products(value: Any) -> tuple[AvProduct, ...]:
    products = []
    for entry in winjson.as_list(value)[:50]:
        if not isinstance(entry, dict):
            raise ProbeError(f"win_defender: Security Center product is not an object: {entry!r:.40}")
        name = _text(entry, "Name", limit=128)
        if not name:
            raise ProbeError("win_defender: Security Center product without a name")
        products.append(AvProduct(name=name, product_state=winjson.as_int(entry.get("ProductState"), "ProductState")))
    return tuple(products)


def _services(value: Any) -> tuple[str, ...]:
    names = winjson.as_list(value)
    if len(names) > MAX_SERVICES:
        raise ProbeError(f"win_defender: more than {MAX_SERVICES} running services listed")
    found = []
    for entry in names:
        name = winjson.as_str(entry, "service name", limit=256)
        if name:
            found.append(name)
    return tuple(found)


def parse(raw: RawOutput) -> WinDefender:
    item = winjson.load_one(raw, "win_defender")
    present = _bool(item, "DefenderPresent")
    if present is None:
        raise ProbeError("win_defender: no DefenderPresent field")
    age = winjson.as_int(item.get("AntivirusSignatureAge"), "AntivirusSignatureAge")
    return WinDefender(
        defender_present=present,
        defender_reason=_text(item, "DefenderReason", limit=200),
        running_mode=_text(item, "AMRunningMode", limit=40),
        service_enabled=_bool(item, "AMServiceEnabled"),
        antivirus_enabled=_bool(item, "AntivirusEnabled"),
        realtime_enabled=_bool(item, "RealTimeProtectionEnabled"),
        behavior_monitor_enabled=_bool(item, "BehaviorMonitorEnabled"),
        signature_age_days=None if age in NEVER_UPDATED else age,
        signature_updated=winjson.ps_datetime(item.get("AntivirusSignatureLastUpdated")),
        signature_version=_text(item, "AntivirusSignatureVersion", limit=40),
        tamper_protected=_bool(item, "IsTamperProtected"),
        security_center=bool(_bool(item, "SecurityCenter")),
        products=_products(item.get("Products")),
        running_services=_services(item.get("RunningServices")),
    )


WIN_DEFENDER = Probe(
    name="win_defender",
    description="Microsoft Defender status, antivirus registered with Security Center, running service names",
    command=COMMAND,
    model=WinDefender,
    parse=parse,
    shell="powershell",
)
