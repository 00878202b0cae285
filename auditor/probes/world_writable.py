"""World-writable files, and world-writable directories without the sticky bit, in system paths.

Each top directory is searched on its own file system only (-xdev), so network mounts and
/proc are never walked; directories that are symlinks (merged /usr: /bin -> usr/bin) or absent
are skipped and reported. Output is capped per directory. Works as a plain user, but then
unreadable directories are reported as errors and the answer may be incomplete.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip, meta_lines

ROOTS = ("/etc", "/usr", "/bin", "/sbin", "/lib", "/boot")
PER_ROOT_LIMIT = 500

COMMAND = (
    f"for d in {' '.join(ROOTS)}; do "
    'if [ -d "$d" ] && [ ! -L "$d" ]; then '
    'find "$d" -xdev \\( \\( -type f -perm -0002 \\) -o \\( -type d -perm -0002 ! -perm -1000 \\) \\) '
    f"-print | head -n {PER_ROOT_LIMIT}; "
    'else echo "#auditor skip $d"; fi; done; echo "#auditor done"'
)

_ROOT = re.compile("(" + "|".join(re.escape(root) for root in ROOTS) + ")(?:/|$)")
_FIND_ERROR = re.compile(r"^find: (?P<what>.+)$")
ERROR_LIMIT = 20
WALK_TAG = "W "  # a path found by the shared walk (auditor.probes.file_walk)
TIMED_OUT = "124"  # timeout(1)'s exit status, as the shared walk reports it


class WorldWritable(FactModel):
    paths: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # roots that are absent or symlinks
    errors: tuple[str, ...] = ()  # what find could not read (first ERROR_LIMIT)
    truncated: bool = False  # a root hit the per-root limit


def parse(raw: RawOutput) -> WorldWritable:
    """The paths find printed; only once the probe's closing line is there, since "nothing" is the clean answer.

    Reads this probe's own output (bare paths) and its part of the shared walk (auditor.probes.file_walk:
    `W PATH` lines, and find's exit status: a walk stopped by timeout leaves the answer incomplete).
    """
    meta = meta_lines(raw)
    if ("done", "") not in meta:
        raise ProbeError(f"the search did not finish (exit {raw.exit_status}): {clip(raw.stdout, 80)!r}")
    skipped = tuple(rest.strip() for word, rest in meta if word == "skip")
    paths: dict[str, None] = {}  # in order, once: a file system reached twice (bind mounts) prints twice
    per_root: dict[str, int] = dict.fromkeys(ROOTS, 0)
    for line in raw.stdout.splitlines():
        path = line[len(WALK_TAG) :] if line.startswith(WALK_TAG) else line
        if not path.startswith("/") or path in paths:
            continue  # a meta line, or the tail of a file name containing a newline
        root = _ROOT.match(path)
        if root is None:
            continue
        per_root[root.group(1)] += 1
        paths[path] = None
    errors = [
        clip(match["what"], 200)
        for match in (_FIND_ERROR.match(line) for line in raw.stderr.splitlines())
        if match is not None
    ]
    walk_status = (dict(meta).get("find-exit") or "").strip()
    return WorldWritable(
        paths=tuple(paths),
        skipped=skipped,
        errors=tuple(errors[:ERROR_LIMIT]),
        truncated=walk_status == TIMED_OUT or any(count >= PER_ROOT_LIMIT for count in per_root.values()),
    )


WORLD_WRITABLE = Probe(
    name="world_writable",
    description="World-writable files and non-sticky world-writable directories under system paths",
    command=COMMAND,
    model=WorldWritable,
    parse=parse,
)
