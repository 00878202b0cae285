"""State of a constant list of Windows optional features (Win32_OptionalFeature).

Chosen source, and why: the registry key HKLM:\\SOFTWARE\\Microsoft\\PowerShell\\1\\PowerShellEngine
only records that an engine was registered, not whether the optional feature is on, so the
feature state itself is read. Win32_OptionalFeature reports the DISM feature names and install
state (1 Enabled, 2 Disabled, 3 Absent, 4 Unknown, per Microsoft's class documentation) on clients
and servers alike (Server Manager's "PowerShell-V2" is the DISM feature MicrosoftWindowsPowerShellV2)
in one CIM query, lighter than Get-WindowsOptionalFeature -Online (DISM). Both need an
administrator: DISM refuses without elevation (MicrosoftDocs/windows-powershell-docs issue #1900),
and Win32_OptionalFeature and WMI over network logons need the Administrators group (opserver PR
#252, diyan/pywinrm issue #306), hence needs_root; without it the section fails with the reason
and only the feature checks become could-not-assess.

A feature the OS does not list at all (PowerShell 2.0 was removed from Windows 11 24H2 and
Windows Server 2025 in 2025) is reported as not present: it cannot be enabled.
SMB1Protocol is deliberately not read here: the SMB checks own it (win_smb).
"""

from __future__ import annotations

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip

FEATURES: tuple[str, ...] = (
    "MicrosoftWindowsPowerShellV2Root",
    "MicrosoftWindowsPowerShellV2",
    "NetFx3",  # .NET 3.5: the PowerShell 2.0 engine needs it to start
    "TelnetClient",
    "TFTP",
)
INSTALL_STATES = {1: "enabled", 2: "disabled", 3: "absent", 4: "unknown"}

COMMAND = (
    "$names = @("
    + ", ".join(f"'{name}'" for name in FEATURES)
    + ")\n"
    + r"""$found = @{}
foreach ($f in @(Get-CimInstance -ClassName Win32_OptionalFeature)) {
  if ($names -contains $f.Name) { $found[$f.Name] = $f }
}
foreach ($n in $names) {
  $f = $found[$n]
  if ($null -eq $f) {
    [pscustomobject]@{ Name = $n; Present = $false; InstallState = $null }
  } else {
    [pscustomobject]@{ Name = [string]$f.Name; Present = $true; InstallState = [int]$f.InstallState }
  }
}
"""
)


class WinFeatures(FactModel):
    # Feature name -> "enabled" | "disabled" | "absent" | "unknown", or None when the OS does not
    # list the feature at all. A name missing from the dict was not collected.
    features: dict[str, str | None]

    def enabled(self, name: str) -> bool:
        return self.features.get(name) == "enabled"


_BY_LOWER = {name.lower(): name for name in FEATURES}


def parse(raw: RawOutput) -> WinFeatures:
    features: dict[str, str | None] = {}
    for item in winjson.load(raw, "win_features"):
        if not isinstance(item, dict):
            raise ProbeError(f"win_features: expected objects, got {clip(repr(item), 40)}")
        reported = winjson.as_str(item.get("Name"), "Name", limit=100)
        name = _BY_LOWER.get((reported or "").lower())
        if name is None:
            continue  # not a feature this auditor asked about
        if not winjson.as_bool(item.get("Present"), "Present"):
            features[name] = None
            continue
        state = winjson.as_int(item.get("InstallState"), "InstallState")
        if state not in INSTALL_STATES:
            raise ProbeError(f"win_features: {name} has an unknown install state {state!r}")
        features[name] = INSTALL_STATES[state]
    if not features:
        raise ProbeError("win_features: none of the expected optional features was reported")
    return WinFeatures(features=features)


WIN_FEATURES = Probe(
    name="win_features",
    description="Install state of Windows optional features: PowerShell 2.0, .NET 3.5, Telnet and TFTP clients",
    command=COMMAND,
    model=WinFeatures,
    parse=parse,
    needs_root=True,
    shell="powershell",
)
