"""Windows hardening settings that live in the registry: one read of a constant list of values.

Most Windows security controls an auditor asks about (UAC, LAPS, AutoRun, SCHANNEL protocols,
NTLM level, WDigest, LSA protection, LLMNR, script block logging, ...) are plain registry values
written by Group Policy, Intune or an admin. Reading them all in one probe keeps the collector to
one fast pass over ~40 values instead of one probe per control.

A key or value that does not exist is "not configured": the probe reports it as null (never as
an error), and each check applies the default Windows documents for that setting and says so in
its docstring. A value the probe did not ask for (evidence from an older auditor) is simply
absent from `values`: the check then cannot assess rather than guessing.

Values keep their registry type: REG_DWORD/REG_QWORD become integers, REG_SZ text, REG_MULTI_SZ
and REG_BINARY a list of strings. A policy written with the wrong type (a "1" REG_SZ where
Windows reads a DWORD) is therefore visible as text, and checks treat it as not a number.

The body reads HKLM only: over SSH or WinRM, HKCU is the audit account's own hive, so per-user
policies are out of reach and checks use the machine-wide equivalent.
"""

from __future__ import annotations

from typing import Any

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip

# Key paths, as PowerShell's registry provider names them.
SYSTEM_POLICIES = r"HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System"
EXPLORER_POLICIES = r"HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer"
LAPS_GPO = r"HKLM:\SOFTWARE\Microsoft\Policies\LAPS"
LAPS_CSP = r"HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\LAPS"
ADMPWD_GPO = r"HKLM:\SOFTWARE\Policies\Microsoft Services\AdmPwd"
ADMPWD_CSE = (
    r"HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon\GPExtensions"
    r"\{D76B9641-3288-4f75-942D-087DE603E3EA}"
)
SCHANNEL_PROTOCOLS = r"HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols"
LSA = r"HKLM:\SYSTEM\CurrentControlSet\Control\Lsa"
WDIGEST = r"HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\WDigest"
DNS_CLIENT_POLICIES = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\DNSClient"
SCRIPT_BLOCK_LOGGING = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows\PowerShell\ScriptBlockLogging"
LANMAN_WORKSTATION_POLICIES = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows\LanmanWorkstation"
LANMAN_WORKSTATION = r"HKLM:\SYSTEM\CurrentControlSet\Services\LanmanWorkstation\Parameters"
LANMAN_SERVER = r"HKLM:\SYSTEM\CurrentControlSet\Services\LanManServer\Parameters"
PRINTERS_POLICIES = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Printers"
SECURITY_LOG_POLICIES = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows\EventLog\Security"
SECURITY_LOG = r"HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\Security"
DEVICE_GUARD = r"HKLM:\SYSTEM\CurrentControlSet\Control\DeviceGuard"
DEVICE_GUARD_POLICIES = r"HKLM:\SOFTWARE\Policies\Microsoft\Windows\DeviceGuard"


def value_key(path: str, name: str) -> str:
    """How a value is addressed in the fact: its key path and value name joined by a backslash."""
    return f"{path}\\{name}"


def schannel(protocol: str, side: str, name: str) -> str:
    """E.g. schannel("TLS 1.0", "Server", "Enabled")."""
    return value_key(f"{SCHANNEL_PROTOCOLS}\\{protocol}\\{side}", name)


# The values read, in the order the body reads them: (key path, value name).
PAIRS: tuple[tuple[str, str], ...] = (
    (SYSTEM_POLICIES, "EnableLUA"),
    (SYSTEM_POLICIES, "ConsentPromptBehaviorAdmin"),
    (SYSTEM_POLICIES, "PromptOnSecureDesktop"),
    (SYSTEM_POLICIES, "FilterAdministratorToken"),
    (SYSTEM_POLICIES, "LocalAccountTokenFilterPolicy"),
    (SYSTEM_POLICIES, "InactivityTimeoutSecs"),
    (LAPS_GPO, "BackupDirectory"),
    (LAPS_CSP, "BackupDirectory"),
    (ADMPWD_GPO, "AdmPwdEnabled"),
    (ADMPWD_CSE, "DllName"),
    (EXPLORER_POLICIES, "NoDriveTypeAutoRun"),
    (EXPLORER_POLICIES, "NoAutorun"),
    *(
        (f"{SCHANNEL_PROTOCOLS}\\{protocol}\\{side}", name)
        for protocol in ("TLS 1.0", "TLS 1.1")
        for side in ("Server", "Client")
        for name in ("Enabled", "DisabledByDefault")
    ),
    (LSA, "LmCompatibilityLevel"),
    (LSA, "NoLMHash"),
    (LSA, "RunAsPPL"),
    (LSA, "RestrictAnonymous"),
    (LSA, "RestrictAnonymousSAM"),
    (LSA, "EveryoneIncludesAnonymous"),
    (WDIGEST, "UseLogonCredential"),
    (DNS_CLIENT_POLICIES, "EnableMulticast"),
    (SCRIPT_BLOCK_LOGGING, "EnableScriptBlockLogging"),
    (LANMAN_WORKSTATION_POLICIES, "AllowInsecureGuestAuth"),
    (LANMAN_WORKSTATION, "AllowInsecureGuestAuth"),
    (LANMAN_SERVER, "RestrictNullSessAccess"),
    (PRINTERS_POLICIES, "RegisterSpoolerRemoteRpcEndPoint"),
    (SECURITY_LOG_POLICIES, "MaxSize"),
    (SECURITY_LOG, "MaxSize"),
    (DEVICE_GUARD_POLICIES, "EnableVirtualizationBasedSecurity"),
    (DEVICE_GUARD_POLICIES, "LsaCfgFlags"),
    (DEVICE_GUARD, "EnableVirtualizationBasedSecurity"),
    (LSA, "LsaCfgFlags"),
)
KEYS: frozenset[str] = frozenset(value_key(path, name) for path, name in PAIRS)

# Constant text only: every path and name above is a literal of this module (tests check that
# none holds a quote or the separator), never host output.
_ENTRIES = ",\n".join(f"  '{path}|{name}'" for path, name in PAIRS)
COMMAND = (
    "$entries = @(\n"
    + _ENTRIES
    + "\n)\n"
    + r"""foreach ($entry in $entries) {
  $parts = $entry.Split('|')
  $path = $parts[0]
  $name = $parts[1]
  $present = $false
  $kind = $null
  $value = $null
  if (Test-Path -LiteralPath $path) {
    $key = Get-Item -LiteralPath $path -ErrorAction Stop
    if ($key.GetValueNames() -contains $name) {
      $present = $true
      $kind = $key.GetValueKind($name).ToString()
      $value = $key.GetValue($name, $null, 'DoNotExpandEnvironmentNames')
    }
  }
  [pscustomobject]@{ Path = $path; Name = $name; Present = $present; Kind = $kind; Value = $value }
}
"""
)

RegistryValue = int | str | tuple[str, ...] | None
MAX_ITEMS = 64
MAX_TEXT = 512


class WinRegistryPolicy(FactModel):
    # value_key(path, name) -> the value; None = not configured (key or value absent). A key
    # missing from the dict was not collected.
    values: dict[str, RegistryValue]

    def collected(self, key: str) -> bool:
        return key in self.values


def _value(raw: Any, where: str) -> RegistryValue:
    if raw is None:
        return None
    if isinstance(raw, bool | dict):
        raise ProbeError(f"win_registry_policy: {where} is not a registry value: {clip(repr(raw), 40)}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str):
        return raw[:MAX_TEXT]
    if isinstance(raw, list):
        if len(raw) > MAX_ITEMS:
            raise ProbeError(f"win_registry_policy: {where} has more than {MAX_ITEMS} items")
        return tuple(winjson.as_str(item, where, limit=MAX_TEXT) or "" for item in raw)
    raise ProbeError(f"win_registry_policy: {where} is not a registry value: {clip(repr(raw), 40)}")


def parse(raw: RawOutput) -> WinRegistryPolicy:
    values: dict[str, RegistryValue] = {}
    for item in winjson.load(raw, "win_registry_policy"):
        if not isinstance(item, dict):
            raise ProbeError(f"win_registry_policy: expected objects, got {clip(repr(item), 40)}")
        path = winjson.as_str(item.get("Path"), "Path", limit=300)
        name = winjson.as_str(item.get("Name"), "Name", limit=100)
        if path is None or name is None:
            raise ProbeError("win_registry_policy: an entry has no Path or Name")
        key = value_key(path, name)
        if key not in KEYS:
            continue  # not a value this auditor asked for: ignored, never trusted
        present = winjson.as_bool(item.get("Present"), "Present")
        values[key] = _value(item.get("Value"), name) if present else None
    if not values:
        raise ProbeError("win_registry_policy: none of the expected registry values was reported")
    return WinRegistryPolicy(values=values)


WIN_REGISTRY_POLICY = Probe(
    name="win_registry_policy",
    description="Windows hardening policy values from HKLM (UAC, LAPS, SCHANNEL, NTLM, LSA, LLMNR, Credential Guard)",
    command=COMMAND,
    model=WinRegistryPolicy,
    parse=parse,
    shell="powershell",
)
