"""Held packages (`apt-mark showhold`) and what apt would otherwise install for them (`apt-cache policy`).

A hold pins a package at its installed version: apt-get upgrade and unattended-upgrades skip it,
security fixes included, and the simulated upgrade in apt_upgradable does not list it at all. So
for each held package the probe asks `apt-cache policy`, whose version table lists newer
versions above the installed one (`***`), each with the archives that carry it. The names come
from dpkg's own database and pass an allow-list on the host before they become arguments.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import CONTENT, clip, meta_lines, meta_value

COMMAND = (
    "if command -v apt-mark >/dev/null 2>&1; then "
    "h=$(apt-mark showhold 2>/dev/null | grep -E '^[a-z0-9][a-z0-9+.:-]*$' | head -n 200); "
    'echo "#auditor holds"; for p in $h; do echo "#auditor held $p"; done; '
    "if [ -n \"$h\" ]; then apt-cache policy $h 2>/dev/null | head -n 5000 | sed 's/^/| /'; fi; "
    "else echo '#auditor absent'; fi"
)

_VERSION_ROW = re.compile(r"^ (\*\*\*| {3}) (?P<version>\S+) (?P<priority>-?\d+)$")


class HeldPackage(FactModel):
    package: str
    installed: str = ""
    candidate: str = ""
    newer: tuple[str, ...] = ()  # versions above the installed one in apt's version table
    security: bool = False  # a newer version comes from a security archive


class AptHolds(FactModel):
    installed: bool  # apt-mark present
    held: tuple[HeldPackage, ...] = ()


def _is_security(source: str) -> bool:
    return "-security" in source or "security.debian.org" in source or "debian-security" in source


def parse(raw: RawOutput) -> AptHolds:
    if meta_value(raw, "absent") is not None:
        return AptHolds(installed=False)
    if meta_value(raw, "holds") is None:  # printed before the names: without it, none can be trusted
        raise ProbeError(f"no apt-mark answer in the output: {clip(raw.stdout, 80)!r}")
    names = [rest.strip() for word, rest in meta_lines(raw) if word == "held"]
    policy: dict[str, dict[str, object]] = {}
    current: dict[str, object] | None = None
    above_installed = False
    version = ""
    for line in raw.stdout.splitlines():
        if not line.startswith(CONTENT):
            continue
        text = line[len(CONTENT) :]
        if text and not text.startswith(" ") and text.endswith(":"):
            current = policy.setdefault(text[:-1], {"newer": [], "security": False})
            above_installed, version = True, ""
            continue
        if current is None:
            continue
        stripped = text.strip()
        if stripped.startswith("Installed:"):
            current["installed"] = stripped.split(":", 1)[1].strip()
        elif stripped.startswith("Candidate:"):
            current["candidate"] = stripped.split(":", 1)[1].strip()
        elif (row := _VERSION_ROW.match(text)) is not None:
            if row.group(1) == "***":
                above_installed = False
            version = row["version"]
            if above_installed:
                newer = current["newer"]
                assert isinstance(newer, list)
                newer.append(version)
        elif above_installed and version and _is_security(stripped):
            current["security"] = True
    held = []
    for name in names:
        info = policy.get(name, {})
        newer = info.get("newer", [])
        held.append(
            HeldPackage(
                package=name,
                installed=str(info.get("installed", "")),
                candidate=str(info.get("candidate", "")),
                newer=tuple(newer) if isinstance(newer, list) else (),
                security=bool(info.get("security", False)),
            )
        )
    return AptHolds(installed=True, held=tuple(held))


APT_HOLDS = Probe(
    name="apt_holds",
    description="Held packages and the versions apt would otherwise install (apt-cache policy)",
    command=COMMAND,
    model=AptHolds,
    parse=parse,
)
