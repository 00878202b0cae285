"""/etc/os-release: which distribution and release a host runs, and its family.

Always collected: applicability of every check depends on it.
"""

from __future__ import annotations

import shlex

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

# ID or ID_LIKE value -> family. Families group systems that share a package manager.
_FAMILIES = {
    "debian": "debian",
    "ubuntu": "debian",
    "raspbian": "debian",
    "rhel": "rhel",
    "fedora": "rhel",
    "centos": "rhel",
    "rocky": "rhel",
    "almalinux": "rhel",
    "ol": "rhel",
    "amzn": "rhel",
    "suse": "suse",
    "opensuse": "suse",
    "opensuse-leap": "suse",
    "opensuse-tumbleweed": "suse",
    "sles": "suse",
    "alpine": "alpine",
    "arch": "arch",
}


class OsRelease(FactModel):
    id: str
    id_like: tuple[str, ...] = ()
    version_id: str = ""
    version_codename: str = ""
    pretty_name: str = ""
    family: str = "unknown"


def family_of(os_id: str, id_like: tuple[str, ...]) -> str:
    for candidate in (os_id, *id_like):
        if candidate in _FAMILIES:
            return _FAMILIES[candidate]
    return "unknown"


def parse(raw: RawOutput) -> OsRelease:
    fields: dict[str, str] = {}
    for line in raw.stdout.splitlines():
        key, sep, value = line.partition("=")
        if not sep or not key.strip().isidentifier():
            continue
        try:
            parts = shlex.split(value, posix=True)
        except ValueError:
            parts = [value.strip("\"'")]
        fields[key.strip()] = parts[0] if parts else ""
    if "ID" not in fields:
        raise ProbeError(f"no ID= line in /etc/os-release (exit {raw.exit_status}): {raw.stderr.strip()[:200]}")
    os_id = fields["ID"].lower()
    id_like = tuple(fields.get("ID_LIKE", "").lower().split())
    return OsRelease(
        id=os_id,
        id_like=id_like,
        version_id=fields.get("VERSION_ID", ""),
        version_codename=fields.get("VERSION_CODENAME", ""),
        pretty_name=fields.get("PRETTY_NAME", ""),
        family=family_of(os_id, id_like),
    )


OS_RELEASE = Probe(
    name="os_release",
    description="Distribution, release and family from /etc/os-release",
    command="cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release",
    model=OsRelease,
    parse=parse,
)
