"""Pending package updates, from a simulated `apt-get dist-upgrade` (works without root).

The simulation reads the local package lists only: it never updates them (no network, no
lock), so its answer is only as fresh as the last `apt-get update`, which is why the patch
checks also read apt_lists. Only the `Inst`/`Remv` lines are kept on the host, with apt-get's
exit status on a meta line, to bound the output. A host on which `apt list --upgradable`
succeeds and lists nothing skips the simulation (see COMMAND): most hosts of a patched fleet.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip, first_line, meta_lines, meta_value

LINE_LIMIT = 5000

# `apt list --upgradable` costs a fifth of the simulation (0.3 s against 1.5 s on a Debian 12 host;
# the simulation was over half of the whole collector's time on the host), so a host where it
# succeeds and lists nothing is reported as the simulation would report it, with a meta line
# saying so. Any other outcome (something listed, apt list failing or missing) runs the simulation.
SIMULATE = (
    '{ apt-get -s -o Debug::NoLocking=1 dist-upgrade; echo "#auditor apt-get-exit $?"; } '
    # Inst/Remv lines, the exit marker, and (Ubuntu) the packages apt defers for phasing
    "| awk '/^(Inst|Remv) |^#auditor / {print; p = 0; next} /deferred due to phasing:$/ {p = 1; next} "
    'p && /^ / {for (i = 1; i <= NF; i++) print "#auditor phased " $i; next} {p = 0}\' '
    f"| head -n {LINE_LIMIT}"
)
# The source package of each pending binary (security trackers name source packages: perl, not
# perl-base), from dpkg's status file in the same round trip: `#auditor source BINARY SOURCE`, one per
# Inst line at most. A package the upgrade newly installs is not in dpkg's database and has none.
SOURCES = (
    "printf '%s\\n' \"$simulated\" | awk '/^Inst / {print $2}' | head -n "
    f"{LINE_LIMIT} "
    "| xargs -r dpkg-query -W -f='#auditor source ${Package} ${source:Package}\\n' 2>/dev/null"
)
COMMAND = (
    "if command -v apt-get >/dev/null 2>&1; then "
    "listed=; listed_rc=1; "
    "if command -v apt >/dev/null 2>&1; then listed=$(apt list --upgradable 2>/dev/null); listed_rc=$?; fi; "
    'case "$listed_rc:$listed" in '
    f"0:*'upgradable from'*|[!0]*) simulated=$({SIMULATE}); printf '%s\\n' \"$simulated\"; {SOURCES} ;; "
    "*) echo '#auditor precheck apt-list-none'; echo '#auditor apt-get-exit 0' ;; "
    "esac; "
    "else echo '#auditor no-apt-get'; fi"
)

# Inst pkg [current] (candidate Origin:Release/suite, Origin2:Release/suite [arch]) [extra...]
_INST = re.compile(
    r"Inst (?P<pkg>[a-z0-9][a-z0-9+.:-]*)"
    r"(?: \[(?P<current>[^\]]*)\])?"
    r" \((?P<candidate>[A-Za-z0-9.+~:-]+)(?P<origins>[^\[\)]*)\[(?P<arch>[^\]]*)\]\)"
)
_PACKAGE = re.compile(r"[a-z0-9][a-z0-9+.:-]*")
_REMV = re.compile(r"Remv (?P<pkg>[a-z0-9][a-z0-9+.:-]*)")
_SOURCE_LINE = "#auditor source "


class Upgrade(FactModel):
    package: str
    source: str = ""  # the source package, where dpkg knows the binary (not for a new package)
    current: str = ""  # empty: a new package pulled in by the upgrade
    candidate: str
    origins: tuple[str, ...] = ()
    security: bool = False


class AptUpgradable(FactModel):
    installed: bool  # apt-get present on the host
    upgrades: tuple[Upgrade, ...] = ()
    removals: tuple[str, ...] = ()
    phased: tuple[str, ...] = ()  # Ubuntu: upgrades held back by phased rollout (not installed yet)
    truncated: bool = False

    @property
    def security(self) -> tuple[Upgrade, ...]:
        return tuple(u for u in self.upgrades if u.security)


def is_security_origin(origin: str) -> bool:
    """Debian-Security:12/stable-security, Ubuntu:22.04/jammy-security, UbuntuESM...-security."""
    return "security" in origin.lower()


def parse_inst(line: str, sources: dict[str, str] | None = None) -> Upgrade:
    match = _INST.match(line)
    if match is None:
        raise ProbeError(f"unrecognised apt-get line: {clip(line, 100)!r}")
    origins = tuple(o.strip() for o in match["origins"].split(",") if o.strip())
    return Upgrade(
        package=match["pkg"],
        source=(sources or {}).get(match["pkg"].split(":", 1)[0], ""),
        current=match["current"] or "",
        candidate=match["candidate"],
        origins=origins,
        security=any(is_security_origin(o) for o in origins),
    )


def source_packages(raw: RawOutput) -> dict[str, str]:
    """Binary -> source package from the `#auditor source` lines; anything not a package name is dropped."""
    found: dict[str, str] = {}
    for word, rest in meta_lines(raw):
        binary, _, source = rest.partition(" ")
        if word == "source" and _PACKAGE.fullmatch(binary) and _PACKAGE.fullmatch(source):
            found[binary.split(":", 1)[0]] = source
    return found


def parse(raw: RawOutput) -> AptUpgradable:
    if meta_value(raw, "no-apt-get") is not None:
        return AptUpgradable(installed=False)
    upgrades: list[Upgrade] = []
    removals: list[str] = []
    sources = source_packages(raw)
    lines = [line for line in raw.stdout.splitlines() if not line.startswith(_SOURCE_LINE)]
    for line in lines:
        if line.startswith("Inst "):
            upgrades.append(parse_inst(line, sources))
        elif line.startswith("Remv "):
            removed = _REMV.match(line)
            if removed is None:
                raise ProbeError(f"unrecognised apt-get line: {clip(line, 100)!r}")
            removals.append(removed["pkg"])
    status = meta_value(raw, "apt-get-exit")
    truncated = False
    if status is None:
        if len(lines) < LINE_LIMIT:
            raise ProbeError(f"apt-get output incomplete: {first_line(raw.stderr) or 'no exit status'}")
        truncated = True
    elif status.strip() != "0":
        reason = next((ln for ln in raw.stderr.splitlines() if ln.startswith("E:")), raw.stderr)
        raise ProbeError(f"apt-get -s dist-upgrade failed (exit {clip(status, 8)}): {first_line(reason)}")
    phased = tuple(
        rest.strip() for word, rest in meta_lines(raw) if word == "phased" and _PACKAGE.fullmatch(rest.strip())
    )
    return AptUpgradable(
        installed=True, upgrades=tuple(upgrades), removals=tuple(removals), phased=phased, truncated=truncated
    )


APT_UPGRADABLE = Probe(
    name="apt_upgradable",
    description="Pending updates from a simulated apt-get dist-upgrade (local lists only)",
    command=COMMAND,
    model=AptUpgradable,
    parse=parse,
)
