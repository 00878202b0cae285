"""/etc/os-release: which distribution and release a host runs, and its family.

Always collected: applicability of every check depends on it.
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


def parse(raw: RawOutput) -> OsRelease:
    values: dict[str, str] = {}
    for line in raw.stdout.splitlines():
        key, sep, value = line.partition("=")
        key = key.strip()
        if sep and key in _WANTED:
            values[key] = value[:VALUE_LIMIT]  # the last assignment wins, as in sh
    fields = {key: shell_value(value) for key, value in values.items()}
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
