"""SUID/SGID executables and files without a known owner or group, on local disk file systems.

One `find` walk over / and every mounted local disk file system (ext2/3/4, xfs, btrfs, f2fs, jfs,
zfs), each on its own device only (-xdev: /proc, network mounts and tmpfs are never walked). The
walk is bounded by `timeout` where the host has it, and output is capped; both are reported.
As a plain user unreadable directories are skipped by find and reported as errors, so the answer
may be incomplete; checks say so. This is the slowest probe (seconds to a minute on big disks).
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, RawOutput
from auditor.probes.text import clip, meta_value

LIMIT = 2000
SECONDS = 240
ERROR_LIMIT = 20

# The local disk file systems to walk besides /, as $r (file_walk shares these parts).
MOUNTS = (
    'r=$(awk \'{ for (i = 7; i <= NF; i++) if ($i == "-") { '
    'if ($(i+1) ~ /^(ext[234]|xfs|btrfs|f2fs|jfs|zfs)$/ && $5 != "/" && $5 !~ /\\\\/) print $5; break } }\' '
    "/proc/self/mountinfo | sort -u); "
)
TIMEOUT = f"t=; if command -v timeout >/dev/null 2>&1; then t='timeout {SECONDS}'; fi; "
# -nouser/-nogroup ask the account database (NSS) for every file: two lookups per file, most of
# the walk's CPU. The ids in /etc/passwd and /etc/group are known to exist, so a file owned by
# one of them skips its lookup (find stops at the first false test); any other id, from LDAP say,
# is still looked up, so the answer is the same. At most KNOWN_IDS ids of each, as find arguments
# ($u and $g: digits only, from awk).
KNOWN_IDS = 1000
KNOWN = (
    f"u=$(awk -F: '$3 ~ /^[0-9]+$/ && n++ < {KNOWN_IDS} {{printf \"! -uid %s \", $3}}' /etc/passwd 2>/dev/null); "
    f"g=$(awk -F: '$3 ~ /^[0-9]+$/ && n++ < {KNOWN_IDS} {{printf \"! -gid %s \", $3}}' /etc/group 2>/dev/null); "
)
PREDICATES = (
    "\\( -type f \\( -perm -4000 -o -perm -2000 \\) -printf 'S %m %U %G %u %g %p\\n' \\) "
    "-o \\( \\( $u -nouser -o $g -nogroup \\) -printf 'U %m %U %G %u %g %p\\n' \\)"
)
COMMAND = (
    MOUNTS
    + KNOWN
    + TIMEOUT
    + "{ $t find / $r -xdev "
    + PREDICATES
    + f'; echo "#auditor find-exit $?"; }} | head -n {LIMIT}'
)
TIMED_OUT = "124"  # timeout(1)'s exit status when it stopped the walk

# No length bound on names or paths here: a line a bound refused would be a finding dropped
# silently (paths over 400 characters once were). Long values are clipped when kept, visibly.
_LINE = re.compile(
    r"(?P<kind>[SU]) (?P<mode>[0-7]{1,5}) (?P<uid>\d{1,10}) (?P<gid>\d{1,10}) "
    r"(?P<owner>\S+) (?P<group>\S+) (?P<path>/.*)"
)
PATH_KEPT = 4096  # Linux's PATH_MAX; a longer path is kept clipped, ending in "..."
NAME_KEPT = 64
_FIND_ERROR = re.compile(r"^find: (?P<what>.+)$")


class SpecialFile(FactModel):
    path: str
    mode: str  # octal, e.g. "4755"
    uid: int
    gid: int
    owner: str  # name, or the number when the uid has no account
    group: str

    @property
    def setuid(self) -> bool:
        return bool(int(self.mode, 8) & 0o4000)

    @property
    def setgid(self) -> bool:
        return bool(int(self.mode, 8) & 0o2000)


class SpecialFiles(FactModel):
    privileged: tuple[SpecialFile, ...] = ()  # SUID or SGID regular files
    unowned: tuple[SpecialFile, ...] = ()  # owner or group without an account/group entry
    errors: tuple[str, ...] = ()  # what find could not read (first ERROR_LIMIT)
    truncated: bool = False  # the output hit the line limit, or the walk was cut short by timeout


def parse(raw: RawOutput) -> SpecialFiles:
    privileged: list[SpecialFile] = []
    unowned: list[SpecialFile] = []
    lines = 0
    unread = 0
    seen: set[str] = set()
    for line in raw.stdout.splitlines():
        match = _LINE.fullmatch(line)
        if match is None:
            # a meta line, or the tail of a file name containing a newline; a line that looks like
            # a finding but does not parse makes the answer incomplete, and says so
            unread += line.startswith(("S ", "U "))
            continue
        lines += 1
        if line in seen:
            continue  # a file system reached twice (bind mounts)
        seen.add(line)
        entry = SpecialFile(
            path=clip(match["path"], PATH_KEPT),
            mode=match["mode"],
            uid=int(match["uid"]),
            gid=int(match["gid"]),
            owner=clip(match["owner"], NAME_KEPT),
            group=clip(match["group"], NAME_KEPT),
        )
        (privileged if match["kind"] == "S" else unowned).append(entry)
    errors = [
        clip(m["what"], 200) for m in (_FIND_ERROR.match(line) for line in raw.stderr.splitlines()) if m is not None
    ]
    if unread:
        errors.insert(0, f"{unread} line(s) of find's output could not be read")
    status = meta_value(raw, "find-exit")
    # no exit line: head cut the output at LIMIT lines; 124: timeout stopped the walk
    timed_out = status is None or status.strip() == TIMED_OUT
    return SpecialFiles(
        privileged=tuple(privileged),
        unowned=tuple(unowned),
        errors=tuple(errors[:ERROR_LIMIT]),
        truncated=lines >= LIMIT or timed_out or unread > 0,
    )


SPECIAL_FILES = Probe(
    name="special_files",
    description="SUID/SGID files and files without a known owner or group on local disk file systems",
    command=COMMAND,
    model=SpecialFiles,
    parse=parse,
)
