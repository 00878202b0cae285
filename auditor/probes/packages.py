"""Installed packages from the dpkg database (name -> version).

Several checks only ask "is X installed": backup tools, time sync daemons, legacy clear-text
servers, unattended-upgrades. Hosts without dpkg give `manager="none"` rather than an error, so
those checks can say "not a dpkg system" instead of "could not assess".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import META, clip, first_line

COMMAND = (
    "if command -v dpkg-query >/dev/null 2>&1; then "
    "dpkg-query -W -f='${db:Status-Abbrev}\\t${Package}\\t${Version}\\n'; "
    "else echo '#auditor no-dpkg-query'; fi"
)

# Debian policy 5.6.1/5.6.12: names are lower-case alphanumerics and + - .; versions add : ~ and letters.
_NAME = re.compile(r"[a-z0-9][a-z0-9+.-]*")
_VERSION = re.compile(r"[A-Za-z0-9.+~:-]+")
# Second letter of db:Status-Abbrev: i = installed; W/t = installed, only triggers outstanding.
_INSTALLED_STATES = frozenset("iWt")


class Packages(FactModel):
    manager: Literal["dpkg", "none"]
    packages: dict[str, str] = {}

    def installed(self, names: Iterable[str]) -> tuple[str, ...]:
        """Which of `names` are installed, in the order given."""
        return tuple(name for name in names if name in self.packages)


def parse(raw: RawOutput) -> Packages:
    if raw.stdout.startswith(META + "no-dpkg-query"):
        return Packages(manager="none")
    packages: dict[str, str] = {}
    bad = 0
    for line in raw.stdout.splitlines():
        if not line.strip():
            continue
        fields = line.split("\t")
        if (
            len(fields) != 3
            or len(fields[0]) < 2
            or not _NAME.fullmatch(fields[1])
            or not _VERSION.fullmatch(fields[2])
        ):
            bad += 1
            continue
        if fields[0][1] in _INSTALLED_STATES:
            packages.setdefault(fields[1], fields[2])
    if raw.exit_status != 0 and not packages:
        raise ProbeError(f"dpkg-query failed (exit {raw.exit_status}): {first_line(raw.stderr)}")
    if bad and not packages:
        raise ProbeError(f"unrecognised dpkg-query output: {clip(raw.stdout, 80)!r}")
    if not packages:  # dpkg itself is always installed: an empty list is not dpkg's answer
        raise ProbeError("dpkg-query listed no installed package")
    return Packages(manager="dpkg", packages=packages)


PACKAGES = Probe(
    name="packages",
    description="Installed packages and versions from dpkg",
    command=COMMAND,
    model=Packages,
    parse=parse,
)
