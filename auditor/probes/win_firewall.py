"""Windows Defender Firewall profiles (Domain, Private, Public) as the host enforces them.

Read from the ActiveStore, the effective policy after Group Policy and local settings merge
(the default PersistentStore shows only local settings, which a GPO may override). Enum values
are printed with .ToString(): Enabled/LogBlocked/LogAllowed are "True", "False" or "NotConfigured";
the default actions "Allow", "Block" or "NotConfigured". "NotConfigured" means Windows' default
applies: firewall on, inbound blocked, outbound allowed, no logging (Microsoft's documented
defaults for the Windows Firewall profiles).
"""

from __future__ import annotations

from typing import Any

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

COMMAND = r"""
@(Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop) | ForEach-Object {
  [pscustomobject]@{
    Name = $_.Name
    Enabled = $_.Enabled.ToString()
    DefaultInboundAction = $_.DefaultInboundAction.ToString()
    DefaultOutboundAction = $_.DefaultOutboundAction.ToString()
    LogBlocked = $_.LogBlocked.ToString()
    LogAllowed = $_.LogAllowed.ToString()
    LogFileName = $_.LogFileName
    LogMaxSizeKilobytes = $_.LogMaxSizeKilobytes
  }
}
"""

PROFILES = ("Domain", "Private", "Public")
_TRISTATE = {"true": True, "false": False, "notconfigured": None, "1": True, "0": False}
_ACTIONS = {"allow": "Allow", "block": "Block", "notconfigured": None}


class FirewallProfile(FactModel):
    name: str
    enabled: bool | None = None  # None: NotConfigured (Windows' default: on)
    default_inbound: str | None = None  # "Allow" / "Block"; None: NotConfigured (default Block)
    default_outbound: str | None = None
    log_blocked: bool | None = None  # None: NotConfigured (default: not logged)
    log_allowed: bool | None = None
    log_file: str | None = None
    log_max_kb: int | None = None

    @property
    def effective_enabled(self) -> bool:
        return self.enabled is not False

    @property
    def effective_inbound(self) -> str:
        return self.default_inbound or "Block"

    @property
    def effective_log_blocked(self) -> bool:
        return self.log_blocked is True


class WinFirewall(FactModel):
    profiles: tuple[FirewallProfile, ...]

    def profile(self, name: str) -> FirewallProfile | None:
        for profile in self.profiles:
            if profile.name.lower() == name.lower():
                return profile
        return None


def _tristate(value: Any, what: str) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | str) and str(value).strip().lower() in _TRISTATE:
        return _TRISTATE[str(value).strip().lower()]
    raise ProbeError(f"win_firewall: {what} is not True/False/NotConfigured: {value!r:.40}")


def _action(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in _ACTIONS:
        return _ACTIONS[value.strip().lower()]
    raise ProbeError(f"win_firewall: {what} is not Allow/Block/NotConfigured: {value!r:.40}")


def parse(raw: RawOutput) -> WinFirewall:
    items = winjson.load(raw, "win_firewall")
    profiles = []
    for item in items:
        if not isinstance(item, dict):
            raise ProbeError(f"win_firewall: profile is not an object: {item!r:.40}")
        name = winjson.as_str(item.get("Name"), "Name", limit=40)
        if name not in PROFILES:
            raise ProbeError(f"win_firewall: unknown profile {name!r:.40}")
        profiles.append(
            FirewallProfile(
                name=name,
                enabled=_tristate(item.get("Enabled"), "Enabled"),
                default_inbound=_action(item.get("DefaultInboundAction"), "DefaultInboundAction"),
                default_outbound=_action(item.get("DefaultOutboundAction"), "DefaultOutboundAction"),
                log_blocked=_tristate(item.get("LogBlocked"), "LogBlocked"),
                log_allowed=_tristate(item.get("LogAllowed"), "LogAllowed"),
                log_file=winjson.as_str(item.get("LogFileName"), "LogFileName", limit=260),
                log_max_kb=winjson.as_int(item.get("LogMaxSizeKilobytes"), "LogMaxSizeKilobytes"),
            )
        )
    if not profiles:
        raise ProbeError("win_firewall: Get-NetFirewallProfile returned no profile")
    return WinFirewall(profiles=tuple(profiles))


WIN_FIREWALL = Probe(
    name="win_firewall",
    description="Windows Firewall profiles (effective policy): enabled, default inbound/outbound action, logging",
    command=COMMAND,
    model=WinFirewall,
    parse=parse,
    shell="powershell",
)
