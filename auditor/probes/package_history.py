"""When the host last upgraded packages: apt's history and dpkg's log, rpm install times, apk's database.

Debian/Ubuntu: the newest `Start-Date` of an apt history entry with an `Upgrade:` line, and the
newest dpkg.log `upgrade` line that changed the version (debootstrap and reinstalls log
"upgrades" to the same version, which patch nothing). The current and previous logs are read
(logrotate keeps them monthly), so the answer reaches back at least a month. Log times are local
time: the host's UTC offset is printed with them. When the logs cannot be read, dpkg.log's mtime
(last dpkg activity of any kind) is the fallback. RHEL/SUSE: the newest rpm INSTALLTIME (installs
and upgrades alike). Alpine: the mtime of apk's installed database.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip, epoch, meta_lines, meta_value

_APT_LOGS = "/var/log/apt/history.log /var/log/apt/history.log.1.gz"
_DPKG_LOGS = "/var/log/dpkg.log /var/log/dpkg.log.1 /var/log/dpkg.log.2.gz"

COMMAND = (
    'echo "#auditor now $(date +%s)"; echo "#auditor offset $(date +%z)"; '
    "for d in /var/log /var/log/apt; do "
    'if [ -d "$d" ] && { [ ! -r "$d" ] || [ ! -x "$d" ]; }; then echo "#auditor unreadable $d"; fi; done; '
    f'for f in {_APT_LOGS}; do if [ -e "$f" ]; then if [ -r "$f" ]; then echo "#auditor read $f"; '
    'zcat -f "$f" | awk \'/^Start-Date:/ {d = $2 " " $3} /^Upgrade:/ {u = d} '
    'END {if (u) print "#auditor apt-upgrade " u}\'; '
    'else echo "#auditor unreadable $f"; fi; fi; done; '
    f'for f in {_DPKG_LOGS}; do if [ -e "$f" ]; then if [ -r "$f" ]; then echo "#auditor read $f"; '
    'zcat -f "$f" | awk \'NR == 1 {print "#auditor dpkg-first " $1 " " $2} '
    '$3 == "upgrade" && $5 != $6 {u = $1 " " $2} END {if (u) print "#auditor dpkg-upgrade " u}\'; '
    'else echo "#auditor unreadable $f"; fi; fi; done; '
    "if [ -e /var/log/dpkg.log ]; then stat -c '#auditor dpkg-mtime %Y' /var/log/dpkg.log; fi; "
    "if command -v rpm >/dev/null 2>&1; then "
    "echo \"#auditor rpm-newest $(rpm -qa --qf '%{INSTALLTIME}\\n' 2>/dev/null | sort -n | tail -n 1)\"; fi; "
    "if [ -f /lib/apk/db/installed ]; then stat -c '#auditor apk-db %Y' /lib/apk/db/installed; fi"
)

_STAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) +(\d{2}):(\d{2}):(\d{2})$")
_OFFSET = re.compile(r"^([+-])(\d{2})(\d{2})$")


class PackageHistory(FactModel):
    now_epoch: int
    read: tuple[str, ...] = ()  # logs that were read
    unreadable: tuple[str, ...] = ()
    apt_upgrade_epoch: int | None = None  # newest apt history entry with an Upgrade: line
    dpkg_upgrade_epoch: int | None = None  # newest dpkg.log upgrade that changed a version
    dpkg_first_epoch: int | None = None  # oldest line of the logs read: how far back they reach
    dpkg_mtime: int | None = None
    rpm_newest_epoch: int | None = None
    apk_db_mtime: int | None = None

    @property
    def last_upgrade_epoch(self) -> int | None:
        """The newest upgrade recorded in apt's or dpkg's logs."""
        found = [e for e in (self.apt_upgrade_epoch, self.dpkg_upgrade_epoch) if e is not None]
        return max(found, default=None)


def _local(text: str, offset: timezone) -> int:
    match = _STAMP.match(text.strip())
    if match is None:
        raise ProbeError(f"bad log time {clip(text, 40)!r}")
    year, month, day, hour, minute, second = (int(g) for g in match.groups())
    return int(datetime(year, month, day, hour, minute, second, tzinfo=offset).timestamp())


def parse(raw: RawOutput) -> PackageHistory:
    now = epoch(meta_value(raw, "now"), "host time")
    offset_text = (meta_value(raw, "offset") or "").strip()
    match = _OFFSET.match(offset_text)
    if match is None:
        raise ProbeError(f"bad UTC offset {clip(offset_text, 10)!r}")
    sign = -1 if match[1] == "-" else 1
    offset = timezone(sign * timedelta(hours=int(match[2]), minutes=int(match[3])))
    read: list[str] = []
    unreadable: list[str] = []
    values: dict[str, int] = {}
    for word, rest in meta_lines(raw):
        if word == "read":
            read.append(rest.strip())
        elif word == "unreadable":
            unreadable.append(rest.strip())
        elif word in ("apt-upgrade", "dpkg-upgrade"):
            values[word] = max(values.get(word, 0), _local(rest, offset))
        elif word == "dpkg-first":
            stamp = _local(rest, offset)
            values[word] = min(values.get(word, stamp), stamp)
        elif word in ("dpkg-mtime", "apk-db") or (word == "rpm-newest" and rest.strip()):
            values[word] = epoch(rest, word)
    return PackageHistory(
        now_epoch=now,
        read=tuple(read),
        unreadable=tuple(unreadable),
        apt_upgrade_epoch=values.get("apt-upgrade"),
        dpkg_upgrade_epoch=values.get("dpkg-upgrade"),
        dpkg_first_epoch=values.get("dpkg-first"),
        dpkg_mtime=values.get("dpkg-mtime"),
        rpm_newest_epoch=values.get("rpm-newest"),
        apk_db_mtime=values.get("apk-db"),
    )


PACKAGE_HISTORY = Probe(
    name="package_history",
    description="Last package upgrade from apt history, dpkg.log, rpm install times or apk's database",
    command=COMMAND,
    model=PackageHistory,
    parse=parse,
)
