"""Pending package updates, from a simulated `apt-get dist-upgrade` (works without root).

The simulation reads the local package lists only: it never updates them (no network, no
lock), so its answer is only as fresh as the last `apt-get update`, which is why the patch
checks also read apt_lists. Only the `Inst`/`Remv` lines are kept on the host, with apt-get's
exit status on a meta line, to bound the output. A host on which every installed package's
candidate is the installed version skips the simulation (see COMMAND): most hosts of a patched fleet.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip, first_line, meta_lines, meta_value

LINE_LIMIT = 5000

# The simulation is most of the collector's CPU on a host (about 1 s on Debian 13: the dependency
# cache over every known package, then the solver), and `apt list --upgradable` still a third of a
# second (the dependency cache), so a patched host is told apart first by the pin policy alone:
# `apt-cache policy` of the installed packages (50 ms) prints each one's installed and candidate
# version, and the candidate is what `apt list --upgradable` and the simulation upgrade to (phased
# updates and holds included: both act after the candidate). A host whose installed packages are all
# at their candidate is reported as the simulation would report it, with a meta line saying so; any
# other outcome (a newer candidate, a downgrade pin, apt-cache or dpkg-query failing) runs it.
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
# "current" when apt-cache policy ran and every package dpkg has installed (in any state but
# not-installed and config-files, as apt counts them) has its installed version as candidate.
PRECHECK = (
    "{ dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package}\\n' 2>/dev/null "
    "| awk 'substr($1, 2, 1) !~ /[nc]/ {print $2}' | xargs -r apt-cache policy 2>/dev/null; "
    'echo "#auditor policy-exit $?"; } '
    "| awk '/^[^ #]/ {p = $1} /^  Installed: / {i = $2} /^  Candidate: / {if ($2 != i) d++} "
    '/^#auditor policy-exit / {e = $3} END {print ((e == "0" && p != "" && !d) ? "current" : "pending")}\''
)
COMMAND = (
    "if command -v apt-get >/dev/null 2>&1; then "
    "if command -v apt-cache >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1 "
    '&& [ "$(' + PRECHECK + ')" = current ]; then '
    "echo '#auditor precheck candidates-installed'; echo '#auditor apt-get-exit 0'; "
    f"else simulated=$({SIMULATE}); printf '%s\\n' \"$simulated\"; {SOURCES}; fi; "
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
