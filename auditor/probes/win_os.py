"""Which Windows a host runs: product, edition, release, build + UBR, role, boot time, domain.

The Windows counterpart of os_release, always collected from Windows hosts: applicability of
every check depends on it (its presence makes the host's family "windows"), and patch-level and
end-of-support checks need the exact build. Two sources, because neither is complete alone:
- Win32_OperatingSystem gives Caption, the role (ProductType 1 workstation, 2 domain controller,
  3 server) and the last boot. Its Caption is right where the registry is not: Windows 11 still
  writes "Windows 10 ..." in ProductName.
- HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion gives the update revision (UBR, the part
  after the build that monthly cumulative updates raise) and the marketing release (DisplayVersion
  "22H2", or ReleaseId "1607" before 20H2). A value that is absent is reported as null.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

WINDOWS_FAMILY = "windows"
# Win32_OperatingSystem.ProductType
WORKSTATION, DOMAIN_CONTROLLER, SERVER = 1, 2, 3
PRODUCT_TYPES = {WORKSTATION: "workstation", DOMAIN_CONTROLLER: "domain controller", SERVER: "server"}

COMMAND = r"""
$os = Get-CimInstance -ClassName Win32_OperatingSystem
$cs = Get-CimInstance -ClassName Win32_ComputerSystem
$cv = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
$boot = $null
if ($os.LastBootUpTime) { $boot = $os.LastBootUpTime.ToUniversalTime().ToString('o') }
[pscustomobject]@{
  Caption = $os.Caption
  Version = $os.Version
  BuildNumber = $os.BuildNumber
  ProductType = $os.ProductType
  OSArchitecture = $os.OSArchitecture
  LastBootUpTime = $boot
  ProductName = $cv.ProductName
  EditionID = $cv.EditionID
  DisplayVersion = $cv.DisplayVersion
  ReleaseId = $cv.ReleaseId
  CurrentBuild = $cv.CurrentBuild
  UBR = $cv.UBR
  InstallationType = $cv.InstallationType
  Hostname = $cs.DNSHostName
  PartOfDomain = $cs.PartOfDomain
  Domain = $cs.Domain
}
"""


class WinOs(FactModel):
    caption: str  # "Microsoft Windows Server 2022 Datacenter"
    version: str  # "10.0.20348"
    build_number: str  # "20348"
    product_type: int | None = None  # 1 workstation, 2 domain controller, 3 server
    os_architecture: str | None = None
    last_boot: datetime | None = None
    product_name: str | None = None
    edition_id: str | None = None
    display_version: str | None = None  # "21H2", "22H2"; absent before Windows 10 20H2
    release_id: str | None = None  # "1607", "1809"; frozen at "2009" on later releases
    current_build: str | None = None
    ubr: int | None = None
    installation_type: str | None = None  # "Client", "Server", "Server Core"
    hostname: str | None = None
    part_of_domain: bool | None = None
    domain: str | None = None
    family: str = WINDOWS_FAMILY

    @property
    def build(self) -> str:
        """The build and update revision ("20348.2849"), the number Microsoft's release notes list."""
        base = self.current_build or self.build_number
        return f"{base}.{self.ubr}" if self.ubr is not None else base

    @property
    def version_id(self) -> str:
        """The full version ("10.0.20348.2849"), as `winver` and the update catalogue show it."""
        major_minor = ".".join(self.version.split(".")[:2]) or "10.0"
        return f"{major_minor}.{self.build}"

    @property
    def release(self) -> str | None:
        """The marketing release ("21H2"); ReleaseId is only meaningful where DisplayVersion is absent."""
        return self.display_version or self.release_id

    @property
    def role(self) -> str:
        return PRODUCT_TYPES.get(self.product_type or 0, "unknown")

    @property
    def pretty_name(self) -> str:
        """E.g. "Windows Server 2022 Datacenter (21H2, build 20348.2849)"."""
        name = self.caption.removeprefix("Microsoft ").strip() or (self.product_name or "Windows")
        release = self.release
        inside = f"{release}, build {self.build}" if release else f"build {self.build}"
        return f"{name} ({inside})"


def _text(item: dict[str, Any], key: str, *, limit: int = 256) -> str | None:
    value = winjson.as_str(item.get(key), key, limit=limit)
    return value.strip() if value is not None else None


def parse(raw: RawOutput) -> WinOs:
    item = winjson.load_one(raw, "win_os")
    caption = _text(item, "Caption")
    version = _text(item, "Version")
    build_number = _text(item, "BuildNumber")
    if not caption or not version or not build_number:
        raise ProbeError("win_os: Win32_OperatingSystem gave no Caption, Version or BuildNumber")
    if not build_number.isdigit() or not all(part.isdigit() for part in version.split(".")):
        raise ProbeError(f"win_os: not a Windows version: {version!r} build {build_number!r}")
    current_build = _text(item, "CurrentBuild")
    if current_build is not None and not current_build.isdigit():
        raise ProbeError(f"win_os: CurrentBuild is not a number: {current_build!r}")
    return WinOs(
        caption=caption,
        version=version,
        build_number=build_number,
        product_type=winjson.as_int(item.get("ProductType"), "ProductType"),
        os_architecture=_text(item, "OSArchitecture"),
        last_boot=winjson.ps_datetime(item.get("LastBootUpTime")),
        product_name=_text(item, "ProductName"),
        edition_id=_text(item, "EditionID"),
        display_version=_text(item, "DisplayVersion"),
        release_id=_text(item, "ReleaseId"),
        current_build=current_build,
        ubr=winjson.as_int(item.get("UBR"), "UBR"),
        installation_type=_text(item, "InstallationType"),
        hostname=_text(item, "Hostname"),
        part_of_domain=winjson.as_bool(item.get("PartOfDomain"), "PartOfDomain"),
        domain=_text(item, "Domain"),
    )


WIN_OS = Probe(
    name="win_os",
    description="Windows product, edition, release, build and UBR, role, last boot and domain membership",
    command=COMMAND,
    model=WinOs,
    parse=parse,
    shell="powershell",
)
