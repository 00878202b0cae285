"""/etc/os-release: which distribution and release a host runs, and its family.

Always collected: applicability of every check depends on it.

The family comes from ID, then ID_LIKE. Several distributions say too little there: Deepin and
Devuan (apt) and older Manjaro (pacman) have no ID_LIKE, openEuler and EulerOS (RPM with dnf or
yum) neither, and "kylin" is both Kylin Linux Advanced Server (RPM) and Kylin Desktop (apt). So
the probe also prints which package-manager front ends are on PATH, and a host whose os-release
names no known family is placed by the one manager it has (`family_source` says which way).
"""

from __future__ import annotations

import re

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
    # derivatives whose os-release has no (or no known) ID_LIKE
    "deepin": "debian",
    "devuan": "debian",
    "linuxmint": "debian",
    "manjaro": "arch",
    "endeavouros": "arch",
    "openeuler": "rhel",
    "euleros": "rhel",
}
# IDs shared by distributions of different families: decided by the package manager present.
_AMBIGUOUS = frozenset({"kylin"})
# Package-manager front end -> the family it serves (rpm and dpkg alone say nothing: both exist
# as plain tools on foreign systems).
MANAGER_FAMILY = {
    "apt-get": "debian",
    "dnf": "rhel",
    "yum": "rhel",
    "zypper": "suse",
    "apk": "alpine",
    "pacman": "arch",
}


class OsRelease(FactModel):
    id: str
    id_like: tuple[str, ...] = ()
    version_id: str = ""
    version_codename: str = ""
    pretty_name: str = ""
    family: str = "unknown"
    family_source: str = "os-release"  # "os-release", "package manager", or "" when unknown
    managers: tuple[str, ...] = ()  # package-manager front ends found on PATH


def family_of(os_id: str, id_like: tuple[str, ...]) -> str:
    if os_id in _AMBIGUOUS:
        return "unknown"
    for candidate in (os_id, *id_like):
        if candidate in _FAMILIES:
            return _FAMILIES[candidate]
    return "unknown"


def family_by_manager(managers: tuple[str, ...]) -> str:
    """The family of the one kind of package manager present; "unknown" for none or a mix."""
    families = {MANAGER_FAMILY[m] for m in managers if m in MANAGER_FAMILY}
    return families.pop() if len(families) == 1 else "unknown"


# One shell word's parts (os-release(5) values are shell-quoted): "double" (with \" \\ \$ \`
# escapes), 'single', or bare (with \x escapes). Regular expressions without nested ambiguity: linear
# in the line, where shlex was quadratic (a 2 MB line took 51 s).
_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|((?:[^\s"\'\\]|\\.)+)', re.DOTALL)
_DOUBLE_ESCAPE = re.compile(r'\\([\\"$`\n])')
_BARE_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def shell_value(text: str) -> str:
    """The first shell word of `text`, unquoted as sh would; unbalanced quotes are dropped."""
    text = text.strip()
    parts: list[str] = []
    position = 0
    while position < len(text) and not text[position].isspace():
        match = _PART.match(text, position)
        if match is None:
            parts.append(text[position:].strip("\"'"))
            break
        double, single, bare = match.groups()
        if double is not None:
            parts.append(_DOUBLE_ESCAPE.sub(r"\1", double))
        elif single is not None:
            parts.append(single)
        else:
            parts.append(_BARE_ESCAPE.sub(r"\1", bare))
        position = match.end()
    return "".join(parts)


_WANTED = frozenset({"ID", "ID_LIKE", "VERSION_ID", "VERSION_CODENAME", "PRETTY_NAME"})
VALUE_LIMIT = 4096  # characters of a value that are read: real ones are short display strings
_MANAGERS_LINE = "#auditor managers"


def _managers(lines: list[str]) -> tuple[str, ...]:
    """The probe's own managers line: the last one, printed after the file, so a file cannot forge it."""
    found = next((line for line in reversed(lines) if line.startswith(_MANAGERS_LINE)), "")
    return tuple(m for m in found[len(_MANAGERS_LINE) :].split() if m in MANAGER_FAMILY)


def parse(raw: RawOutput) -> OsRelease:
    values: dict[str, str] = {}
    lines = raw.stdout.splitlines()
    for line in lines:
        key, sep, value = line.partition("=")
        key = key.strip()
        if sep and key in _WANTED:
            values[key] = value[:VALUE_LIMIT]  # the last assignment wins, as in sh
    fields = {key: shell_value(value) for key, value in values.items()}
    if "ID" not in fields:
        raise ProbeError(f"no ID= line in /etc/os-release (exit {raw.exit_status}): {raw.stderr.strip()[:200]}")
    os_id = fields["ID"].lower()
    id_like = tuple(fields.get("ID_LIKE", "").lower().split())
    managers = _managers(lines)
    family, source = family_of(os_id, id_like), "os-release"
    if family == "unknown":
        family = family_by_manager(managers)
        source = "package manager" if family != "unknown" else ""
    return OsRelease(
        id=os_id,
        id_like=id_like,
        version_id=fields.get("VERSION_ID", ""),
        version_codename=fields.get("VERSION_CODENAME", ""),
        pretty_name=fields.get("PRETTY_NAME", ""),
        family=family,
        family_source=source,
        managers=managers,
    )


OS_RELEASE = Probe(
    name="os_release",
    description="Distribution, release and family from /etc/os-release",
    command=(
        "cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release; echo; "
        f"printf '{_MANAGERS_LINE}'; for m in {' '.join(MANAGER_FAMILY)}; do "
        "if command -v $m >/dev/null 2>&1; then printf ' %s' $m; fi; done; echo"
    ),
    model=OsRelease,
    parse=parse,
)
