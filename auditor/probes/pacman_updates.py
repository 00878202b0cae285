"""Pending package updates on Arch Linux and its derivatives (Manjaro, EndeavourOS), from pacman's sync databases.

`pacman -Qu` compares the installed packages with the local copies of the sync databases
(/var/lib/pacman/sync/*.db): no network, no root, nothing written. It prints one line per
package, `name installed -> candidate`, with ` [ignored]` after a package held back by
IgnorePkg/IgnoreGroup (`pacman -Syu` will not install it: pending all the same). It exits 1 with
no output when nothing is pending. The answer is only as fresh as the sync databases, whose
mtimes are printed too (freshness.py). `checkupdates` (pacman-contrib) would download fresh
databases into a temporary directory: network access the probes never make, so it is not used.
Arch has no security advisories in its package metadata: pending updates are counted, not
labelled (as on Alpine).
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.freshness import metadata_staleness
from auditor.probes.sections import RUN, require, split_sections
from auditor.probes.text import clip, epoch, first_line, meta_lines, meta_value

LINE_LIMIT = 20000
COMMAND = (
    "if command -v pacman >/dev/null 2>&1; then " + RUN + 'echo "#auditor now $(date +%s)"; '
    "for p in /var/lib/pacman/sync/*.db; do "
    'if [ -f "$p" ]; then stat -c \'#auditor syncdb %Y %n\' "$p"; fi; done | head -n 100; '
    f"run upgrades {LINE_LIMIT} pacman -Qu; "
    "else echo '#auditor absent'; fi"
)

# pacman package names: alphanumerics and @ . _ + -, not starting with - or . (PKGBUILD(5)).
_LINE = re.compile(
    r"^(?P<name>[A-Za-z0-9@_+][A-Za-z0-9@._+-]*) (?P<current>\S+) -> (?P<candidate>\S+)(?P<ignored> \[ignored\])?$"
)
_VERSION = re.compile(r"^(?:\d+:)?[A-Za-z0-9._+~]+-[0-9.]+$")


class PacmanUpdate(FactModel):
    package: str
    current: str
    candidate: str
    ignored: bool = False  # held back by IgnorePkg/IgnoreGroup


class PacmanUpdates(FactModel):
    installed: bool  # pacman present
    now_epoch: int = 0
    sync_dbs: dict[str, int] = {}  # sync database -> mtime
    updates: tuple[PacmanUpdate, ...] = ()
    truncated: bool = False

    def staleness(self, max_age_days: float) -> str | None:
        return metadata_staleness(
            now_epoch=self.now_epoch, stamps=self.sync_dbs, max_age_days=max_age_days, what="pacman"
        )


def parse_upgrades(lines: tuple[str, ...]) -> tuple[PacmanUpdate, ...]:
    updates = []
    for line in lines:
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None or not _VERSION.match(match["current"]) or not _VERSION.match(match["candidate"]):
            raise ProbeError(f"unrecognised pacman -Qu line: {clip(line, 100)!r}")
        updates.append(
            PacmanUpdate(
                package=match["name"],
                current=match["current"],
                candidate=match["candidate"],
                ignored=match["ignored"] is not None,
            )
        )
    return tuple(updates)


def parse(raw: RawOutput) -> PacmanUpdates:
    if meta_value(raw, "absent") is not None:
        return PacmanUpdates(installed=False)
    section = require(split_sections(raw), "upgrades")
    lines = tuple(line for line in section.lines if line.strip())
    # exit 1 with nothing printed is pacman's "no package matched": nothing pending
    if section.exit_status not in (0, 1) or (section.exit_status == 1 and lines):
        reason = first_line(raw.stderr) or first_line(section.text) or "no message"
        raise ProbeError(f"pacman -Qu failed (exit {section.exit_status}): {reason}")
    if section.exit_status == 1 and first_line(raw.stderr).startswith("error"):
        raise ProbeError(f"pacman -Qu failed: {first_line(raw.stderr)}")
    sync_dbs = {
        path: epoch(stamp, "sync database time")
        for word, rest in meta_lines(raw)
        if word == "syncdb"
        for stamp, _, path in [rest.partition(" ")]
    }
    return PacmanUpdates(
        installed=True,
        now_epoch=epoch(meta_value(raw, "now"), "host time"),
        sync_dbs=sync_dbs,
        updates=parse_upgrades(lines),
        truncated=len(section.lines) >= LINE_LIMIT,
    )


PACMAN_UPDATES = Probe(
    name="pacman_updates",
    description="Pending updates from pacman's local sync databases (pacman -Qu, no refresh)",
    command=COMMAND,
    model=PacmanUpdates,
    parse=parse,
)
