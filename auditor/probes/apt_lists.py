"""How old the host's apt metadata is: newest mtime of the downloaded Release files.

apt stamps each list with the archive's Last-Modified time, so the newest one says when the
metadata was last refreshed from a live mirror. The host's own clock is printed next to it so
the age does not depend on the auditor's clock or on clock skew.
"""

from __future__ import annotations

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import META, clip, epoch, meta_value

COMMAND = (
    'echo "#auditor now $(date +%s)"; '
    "if [ -d /var/lib/apt/lists ]; then "
    "for f in /var/lib/apt/lists/*Release; do "
    'if [ -f "$f" ]; then stat -c \'%Y %n\' "$f"; fi; done; '
    "else echo '#auditor no-lists-dir'; fi"
)


class AptLists(FactModel):
    now_epoch: int
    present: bool  # /var/lib/apt/lists exists
    release_files: dict[str, int] = {}  # path -> mtime (epoch seconds)

    @property
    def newest_epoch(self) -> int | None:
        return max(self.release_files.values(), default=None)

    @property
    def age_seconds(self) -> int | None:
        """Age of the freshest list by the host's clock; None when there are no lists."""
        newest = self.newest_epoch
        return None if newest is None else max(0, self.now_epoch - newest)

    @property
    def age_days(self) -> float | None:
        age = self.age_seconds
        return None if age is None else age / 86400

    def staleness(self, max_age_days: float) -> str | None:
        """Why data computed from these lists cannot be trusted, or None when they are fresh enough."""
        age = self.age_days
        if age is None:
            return "no apt package lists found (apt-get update has never run)"
        if age > max_age_days:
            return f"apt metadata is {int(age)} days old (limit {max_age_days:g})"
        return None


def parse(raw: RawOutput) -> AptLists:
    now = epoch(meta_value(raw, "now"), "host time")
    if meta_value(raw, "no-lists-dir") is not None:
        return AptLists(now_epoch=now, present=False)
    files: dict[str, int] = {}
    for line in raw.stdout.splitlines():
        if not line or line.startswith(META):
            continue
        stamp, _, path = line.partition(" ")
        if not path.startswith("/var/lib/apt/lists/"):
            raise ProbeError(f"unrecognised stat line: {clip(line, 100)!r}")
        files[path] = epoch(stamp, "file time")
    return AptLists(now_epoch=now, present=True, release_files=files)


APT_LISTS = Probe(
    name="apt_lists",
    description="Age of the apt package lists (newest Release file) by the host clock",
    command=COMMAND,
    model=AptLists,
    parse=parse,
)
