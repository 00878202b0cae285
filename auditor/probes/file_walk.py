"""One walk of the disks for the probes that look for files by mode or owner.

special_files (SUID/SGID and unowned files on local disk file systems) and world_writable
(world-writable files, and world-writable directories without the sticky bit, under system paths)
each walked the disks with their own `find`; the walk of / was the second largest cost of the
collector on a host. When a host needs both, the collector runs WALK instead: one `find` over /
and every local disk file system, each on its own device (-xdev), printing each probe's lines
with its own tag, and `split` cuts that output back into each probe's own section, so each
probe keeps its parser and each verdict its own evidence.

What the walk covers: special_files' walk exactly. world_writable's paths under ROOTS now come
from that walk, so a system path mounted from something other than a local disk (tmpfs, NFS),
which special_files never walked, is no longer searched for world-writable files either.
"""

from __future__ import annotations

import re

from auditor.probes import special_files, world_writable
from auditor.probes.base import RawOutput
from auditor.probes.text import META

NAME = "file_walk"  # the section the script prints; never stored (split gives the probes' own)
MEMBERS = (special_files.SPECIAL_FILES.name, world_writable.WORLD_WRITABLE.name)
# Lines that are neither a finding nor a meta line: tails of file names holding a newline.
OTHER_LIMIT = 1000

_ROOT_TESTS = " -o ".join(f"-path {root} -o -path '{root}/*'" for root in world_writable.ROOTS)
_SKIPS = (
    f"for d in {' '.join(world_writable.ROOTS)}; do "
    'if [ ! -d "$d" ] || [ -L "$d" ]; then echo "#auditor skip $d"; fi; done; '
)
# The caps of both probes: special_files' LIMIT lines in all, world_writable's PER_ROOT_LIMIT per
# root; find goes on to the end of the walk (bounded by timeout) so its exit line always comes.
_CAPS = (
    f"awk -v lim={special_files.LIMIT} -v per={world_writable.PER_ROOT_LIMIT} -v other={OTHER_LIMIT} "
    "'/^[SU] / {if (n++ < lim) print; next} "
    '/^W / {split($2, part, "/"); if (w[part[2]]++ < per) print; next} '
    "/^#auditor / {print; next} {if (o++ < other) print}'"
)
WALK = (
    special_files.MOUNTS
    + special_files.KNOWN
    + special_files.TIMEOUT
    + _SKIPS
    + "{ $t find / $r -xdev "
    + special_files.PREDICATES
    + " , \\( -perm -0002 \\( -type f -o -type d ! -perm -1000 \\) "
    + f"\\( {_ROOT_TESTS} \\) -printf 'W %p\\n' \\); "
    + f'echo "#auditor find-exit $?"; }} | {_CAPS}; echo "#auditor done"'
)

_FIND_PATH = re.compile(r"^find: '(?P<path>/[^']*)'")
_SPECIAL = ("S ", "U ")
_WORLD = ("W ", META + "skip ", META + "done")


def _under_roots(line: str) -> bool:
    """Whether a find error concerns a path world_writable searched (its errors are its own only)."""
    found = _FIND_PATH.match(line)
    if found is None:
        return not line.startswith("find: ")
    path = found["path"]
    return any(path == root or path.startswith(root + "/") for root in world_writable.ROOTS)


def split(raw: RawOutput) -> dict[str, RawOutput]:
    """The walk's output as each member probe's own output (what its parser reads).

    A line that is not a tagged finding or a meta line continues the previous one (a file name
    holding a newline) and goes where that one went. find's exit status goes to both.
    """
    special: list[str] = []
    world: list[str] = []
    target = special
    for line in raw.stdout.splitlines():
        if line.startswith(META + "find-exit"):
            special.append(line)
            world.append(line)
            continue
        if line.startswith(_SPECIAL):
            target = special
        elif line.startswith(_WORLD):
            target = world
        target.append(line)
    errors = raw.stderr.splitlines()
    return {
        special_files.SPECIAL_FILES.name: RawOutput(
            stdout=_joined(special), stderr=raw.stderr, exit_status=raw.exit_status
        ),
        world_writable.WORLD_WRITABLE.name: RawOutput(
            stdout=_joined(world),
            stderr=_joined([line for line in errors if _under_roots(line)]),
            exit_status=raw.exit_status,
        ),
    }


def _joined(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)
