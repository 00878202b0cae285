"""Local user accounts and the members of the local Administrators group.

Get-LocalUser gives each account's name, SID, enabled flag and password facts; the built-in
Administrator is the account whose SID ends in -500 and the Guest account -501, whatever they are
renamed to. The Administrators group is named by its well-known SID S-1-5-32-544, never by its
(localised) name. On a domain controller there are no local accounts (the SAM is the domain's), so
the body reports `DomainController = $true` and lists nothing. Get-LocalGroupMember fails on a
group holding an orphaned SID of a deleted domain account (a known Windows bug, error 1789); that
failure is the probe's error, so the checks resting on it say they could not assess.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

COMMAND = r"""
$os = Get-CimInstance -ClassName Win32_OperatingSystem
if ($os.ProductType -eq 2) {
  [pscustomobject]@{ DomainController = $true; Users = @(); Administrators = @() }
  return
}
function ConvertTo-AuditorDate($d) { if ($d) { return $d.ToUniversalTime().ToString('o') }; return $null }
$users = @(Get-LocalUser -ErrorAction Stop | ForEach-Object {
  [pscustomobject]@{
    Name = $_.Name
    SID = $_.SID.Value
    Enabled = $_.Enabled
    PasswordRequired = $_.PasswordRequired
    PasswordLastSet = ConvertTo-AuditorDate $_.PasswordLastSet
    PasswordExpires = ConvertTo-AuditorDate $_.PasswordExpires
    LastLogon = ConvertTo-AuditorDate $_.LastLogon
  }
})
$admins = @(Get-LocalGroupMember -SID 'S-1-5-32-544' -ErrorAction Stop | ForEach-Object {
  [pscustomobject]@{
    Name = $_.Name
    SID = $_.SID.Value
    ObjectClass = $_.ObjectClass
    PrincipalSource = [string]$_.PrincipalSource
  }
})
[pscustomobject]@{ DomainController = $false; Users = $users; Administrators = $admins }
"""

MAX_ENTRIES = 5000
_SID = re.compile(r"^S-1(-\d{1,15}){1,15}$")


class LocalUser(FactModel):
    name: str
    sid: str
    enabled: bool
    password_required: bool | None = None
    password_last_set: datetime | None = None
    password_expires: datetime | None = None
    last_logon: datetime | None = None

    @property
    def rid(self) -> str:
        return self.sid.rsplit("-", 1)[-1]


class GroupMember(FactModel):
    name: str
    sid: str | None = None
    object_class: str | None = None  # "User", "Group"
    # "Local", "ActiveDirectory", "AzureAD", "MicrosoftAccount", "Unknown"; "" when unresolved
    principal_source: str | None = None


class WinLocalAccounts(FactModel):
    domain_controller: bool
    users: tuple[LocalUser, ...] = ()
    administrators: tuple[GroupMember, ...] = ()

    def by_rid(self, rid: str) -> LocalUser | None:
        """The local account with this relative id ("500" built-in Administrator, "501" Guest)."""
        for user in self.users:
            if user.sid.startswith("S-1-5-21-") and user.rid == rid:
                return user
        return None


def _sid(value: Any, what: str, *, required: bool) -> str | None:
    sid = winjson.as_str(value, what, limit=200)
    if sid is None or not sid.strip():
        if required:
            raise ProbeError(f"win_local_accounts: {what} missing")
        return None
    sid = sid.strip()
    if not _SID.match(sid):
        raise ProbeError(f"win_local_accounts: {what} is not a SID: {sid!r:.40}")
    return sid


def _name(item: dict[str, Any]) -> str:
    name = winjson.as_str(item.get("Name"), "Name", limit=256)
    if not name or not name.strip():
        raise ProbeError("win_local_accounts: entry without a Name")
    return name.strip()


def _entries(value: Any, what: str) -> list[dict[str, Any]]:
    items = winjson.as_list(value)
    if len(items) > MAX_ENTRIES:
        raise ProbeError(f"win_local_accounts: more than {MAX_ENTRIES} {what}")
    for item in items:
        if not isinstance(item, dict):
            raise ProbeError(f"win_local_accounts: {what} entry is not an object: {item!r:.40}")
    return items


def _user(item: dict[str, Any]) -> LocalUser:
    enabled = winjson.as_bool(item.get("Enabled"), "Enabled")
    if enabled is None:
        raise ProbeError("win_local_accounts: user without Enabled")
    return LocalUser(
        name=_name(item),
        sid=_sid(item.get("SID"), "SID", required=True) or "",
        enabled=enabled,
        password_required=winjson.as_bool(item.get("PasswordRequired"), "PasswordRequired"),
        password_last_set=winjson.ps_datetime(item.get("PasswordLastSet")),
        password_expires=winjson.ps_datetime(item.get("PasswordExpires")),
        last_logon=winjson.ps_datetime(item.get("LastLogon")),
    )


def _member(item: dict[str, Any]) -> GroupMember:
    return GroupMember(
        name=_name(item),
        sid=_sid(item.get("SID"), "member SID", required=False),
        object_class=winjson.as_str(item.get("ObjectClass"), "ObjectClass", limit=40),
        principal_source=winjson.as_str(item.get("PrincipalSource"), "PrincipalSource", limit=40),
    )


def parse(raw: RawOutput) -> WinLocalAccounts:
    item = winjson.load_one(raw, "win_local_accounts")
    dc = winjson.as_bool(item.get("DomainController"), "DomainController")
    if dc is None:
        raise ProbeError("win_local_accounts: no DomainController field")
    return WinLocalAccounts(
        domain_controller=dc,
        users=tuple(_user(u) for u in _entries(item.get("Users"), "users")),
        administrators=tuple(_member(m) for m in _entries(item.get("Administrators"), "group members")),
    )


WIN_LOCAL_ACCOUNTS = Probe(
    name="win_local_accounts",
    description="Local user accounts (enabled, SID, password facts) and local Administrators members",
    command=COMMAND,
    model=WinLocalAccounts,
    parse=parse,
    shell="powershell",
)
