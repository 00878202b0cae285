"""Pending upgrades on Alpine: `apk --no-network version -l '<'` (installed older than available).

apk compares the installed database with the cached APKINDEX files and, with --no-network,
never fetches; the index files' mtimes are printed so that a check can tell fresh metadata from
an old cache (freshness.py). apk has no security metadata: Alpine's stable branches take security
and serious bug fixes, but apk does not say which upgrade is which.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.freshness import metadata_staleness
from auditor.probes.sections import RUN, require, split_sections
from auditor.probes.text import clip, epoch, first_line, meta_lines, meta_value

LINE_LIMIT = 5000

COMMAND = (
    "if command -v apk >/dev/null 2>&1; then " + RUN + 'echo "#auditor now $(date +%s)"; '
    "for p in /var/cache/apk/APKINDEX.*.tar.gz /etc/apk/cache/APKINDEX.*.tar.gz; do "
    'if [ -f "$p" ]; then stat -c \'#auditor index %Y %n\' "$p"; fi; done | head -n 50; '
    f"run version {LINE_LIMIT} apk --no-network version -l '<'; "
    "else echo '#auditor absent'; fi"
)

# name-version-rN: the version starts at the last "-" followed by a digit before "-rN".
_NAME_VERSION = re.compile(r"^(?P<name>.+)-(?P<version>[0-9][^-\s]*-r[0-9]+)$")


class ApkUpgrade(FactModel):
    package: str
    current: str
    candidate: str


class ApkUpgradable(FactModel):
    installed: bool  # apk present
    now_epoch: int = 0
    indexes: dict[str, int] = {}  # cached APKINDEX -> mtime
    upgrades: tuple[ApkUpgrade, ...] = ()
    truncated: bool = False

    def staleness(self, max_age_days: float) -> str | None:
        return metadata_staleness(now_epoch=self.now_epoch, stamps=self.indexes, max_age_days=max_age_days, what="apk")


def parse(raw: RawOutput) -> ApkUpgradable:
    if meta_value(raw, "absent") is not None:
        return ApkUpgradable(installed=False)
    section = require(split_sections(raw), "version")
    if section.exit_status != 0:
        reason = first_line(raw.stderr) or first_line(section.text) or "no message"
        raise ProbeError(f"apk version failed (exit {section.exit_status}): {reason}")
    upgrades = []
    for line in section.lines:
        fields = line.split()
        if not fields or fields[0] == "Installed:":
            continue
        if len(fields) < 3 or fields[1] != "<":
            raise ProbeError(f"unrecognised apk version line: {clip(line, 100)!r}")
        match = _NAME_VERSION.match(fields[0])
        if match is None:
            raise ProbeError(f"unrecognised apk package {clip(fields[0], 80)!r}")
        upgrades.append(ApkUpgrade(package=match["name"], current=match["version"], candidate=fields[2]))
    indexes = {
        path: epoch(stamp, "index time")
        for word, rest in meta_lines(raw)
        if word == "index"
        for stamp, _, path in [rest.partition(" ")]
    }
    return ApkUpgradable(
        installed=True,
        now_epoch=epoch(meta_value(raw, "now"), "host time"),
        indexes=indexes,
        upgrades=tuple(upgrades),
        truncated=len(section.lines) >= LINE_LIMIT,
    )


APK_UPGRADABLE = Probe(
    name="apk_upgradable",
    description="Pending upgrades from apk (cached indexes, no network)",
    command=COMMAND,
    model=ApkUpgradable,
    parse=parse,
)
