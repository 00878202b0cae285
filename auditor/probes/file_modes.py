"""Mode and ownership of the account databases (/etc/passwd, shadow, group, gshadow).

`stat` needs no read access to the files themselves, so this works as a plain user.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip, first_line

FILES = ("/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow")
COMMAND = "stat -c '%a %u %g %U %G %n' " + " ".join(FILES)

_LINE = re.compile(r"(?P<mode>[0-7]{1,4}) (?P<uid>\d+) (?P<gid>\d+) (?P<owner>\S+) (?P<group>\S+) (?P<path>/\S+)")
_MISSING = re.compile(r"cannot stat(?:x)? '(?P<path>[^']+)': No such file or directory")


class FileMode(FactModel):
    path: str
    mode: str  # octal digits as stat prints them, e.g. "640"
    uid: int
    gid: int
    owner: str
    group: str

    @property
    def bits(self) -> int:
        return int(self.mode, 8)


class FileModes(FactModel):
    files: tuple[FileMode, ...] = ()
    missing: tuple[str, ...] = ()

    def get(self, path: str) -> FileMode | None:
        return next((f for f in self.files if f.path == path), None)


def parse(raw: RawOutput) -> FileModes:
    files: list[FileMode] = []
    for line in raw.stdout.splitlines():
        match = _LINE.fullmatch(line.strip())
        if match is None or match["path"] not in FILES:
            raise ProbeError(f"unrecognised stat line: {clip(line, 100)!r}")
        files.append(
            FileMode(
                path=match["path"],
                mode=match["mode"],
                uid=int(match["uid"]),
                gid=int(match["gid"]),
                owner=match["owner"],
                group=match["group"],
            )
        )
    missing = tuple(m["path"] for m in (_MISSING.search(line) for line in raw.stderr.splitlines()) if m)
    if raw.exit_status != 0 and len(files) + len(missing) < len(FILES):
        raise ProbeError(f"stat failed (exit {raw.exit_status}): {first_line(raw.stderr)}")
    return FileModes(files=tuple(files), missing=missing)


FILE_MODES = Probe(
    name="file_modes",
    description="Mode and owner of /etc/passwd, /etc/shadow, /etc/group, /etc/gshadow",
    command=COMMAND,
    model=FileModes,
    parse=parse,
)
