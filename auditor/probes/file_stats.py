"""Mode and ownership of security-relevant files and directories beyond the account databases.

sshd's configuration and host keys, cron's files and folders, the backup copies of the account
databases (/etc/passwd- ...), sudoers, the login banners and the boot loader configuration. The
paths are fixed (globs expanded by the host's shell); whatever a host prints is accepted only if
it matches one of them. `stat` needs no read access to the file, so this works as a plain user,
except inside directories the user cannot search (reported as missing then; checks say so).
Also lists the files under /var/log that other users may access at all (capped).
"""

from __future__ import annotations

import fnmatch
import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import META, clip, first_line

PATHS = (
    "/etc/ssh/sshd_config",
    "/etc/ssh/sshd_config.d",
    "/etc/ssh/ssh_host_*_key",
    "/etc/ssh/ssh_host_*_key.pub",
    "/etc/crontab",
    "/etc/cron.hourly",
    "/etc/cron.daily",
    "/etc/cron.weekly",
    "/etc/cron.monthly",
    "/etc/cron.d",
    "/etc/cron.allow",
    "/etc/cron.deny",
    "/etc/at.allow",
    "/etc/at.deny",
    "/etc/passwd-",
    "/etc/shadow-",
    "/etc/group-",
    "/etc/gshadow-",
    "/etc/sudoers",
    "/etc/sudoers.d",
    "/etc/issue",
    "/etc/issue.net",
    "/etc/motd",
    "/boot/grub/grub.cfg",
    "/boot/grub2/grub.cfg",
    "/var/log/journal",
)

LOG_DIR = "/var/log"
LOG_LIMIT = 200

COMMAND = (
    f"for f in {' '.join(PATHS)}; do "
    'if [ -e "$f" ]; then stat -c \'%a %u %g|%F|%U|%G|%n\' -- "$f"; '
    'else echo "#auditor missing $f"; fi; done; '
    # log files that others may read, write or execute (the usual exceptions are judged by the check)
    f"find {LOG_DIR} -xdev -type f -perm /0007 -printf '#auditor log %m %U %G %p\\n' | head -n {LOG_LIMIT}"
)

_LOG = re.compile(r"(?P<mode>[0-7]{1,5}) (?P<uid>\d{1,10}) (?P<gid>\d{1,10}) (?P<path>/var/log/.{1,300})")
_LOG_DENIED = re.compile(r"^find: .*/var/log.*Permission denied", re.MULTILINE)
_LINE = re.compile(
    r"(?P<mode>[0-7]{1,4}) (?P<uid>\d{1,10}) (?P<gid>\d{1,10})\|(?P<kind>[a-z ]{1,40})\|"
    r"(?P<owner>[^|\s]{1,64})\|(?P<group>[^|\s]{1,64})\|(?P<path>/\S{1,300})"
)


class FileStat(FactModel):
    path: str
    mode: str  # octal digits as stat prints them, e.g. "600"
    uid: int
    gid: int
    owner: str
    group: str
    kind: str  # "regular file", "directory", "symbolic link", ...

    @property
    def bits(self) -> int:
        return int(self.mode, 8)

    def looser_than(self, limit: int) -> bool:
        """Whether the mode grants any permission bit that `limit` (e.g. 0o600) does not."""
        return bool(self.bits & 0o777 & ~limit)


class OpenLogFile(FactModel):
    path: str
    mode: str
    uid: int
    gid: int


class FileStats(FactModel):
    files: tuple[FileStat, ...] = ()
    missing: tuple[str, ...] = ()  # paths (or unmatched globs) that do not exist or cannot be seen
    open_logs: tuple[OpenLogFile, ...] = ()  # files under /var/log with any permission for others
    logs_incomplete: bool = False  # some /var/log folders could not be searched (not root)

    def get(self, path: str) -> FileStat | None:
        return next((f for f in self.files if f.path == path), None)

    def matching(self, pattern: str) -> tuple[FileStat, ...]:
        return tuple(f for f in self.files if fnmatch.fnmatchcase(f.path, pattern))


def allowed(path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in PATHS)


def parse(raw: RawOutput) -> FileStats:
    files: list[FileStat] = []
    missing: list[str] = []
    logs: list[OpenLogFile] = []
    for line in raw.stdout.splitlines():
        if not line.strip():
            continue
        if line.startswith(META + "log "):
            log = _LOG.fullmatch(line[len(META + "log ") :])
            if log is None:
                raise ProbeError(f"unrecognised log file line: {clip(line, 100)!r}")
            logs.append(OpenLogFile(path=log["path"], mode=log["mode"], uid=int(log["uid"]), gid=int(log["gid"])))
            continue
        if line.startswith(META + "missing "):
            path = line[len(META + "missing ") :].strip()
            if allowed(path):
                missing.append(path)
            continue
        match = _LINE.fullmatch(line.strip())
        if match is None or not allowed(match["path"]):
            raise ProbeError(f"unrecognised stat line: {clip(line, 100)!r}")
        files.append(
            FileStat(
                path=match["path"],
                mode=match["mode"],
                uid=int(match["uid"]),
                gid=int(match["gid"]),
                owner=match["owner"],
                group=match["group"],
                kind=match["kind"],
            )
        )
    if not files and not missing:
        raise ProbeError(f"stat printed nothing (exit {raw.exit_status}): {first_line(raw.stderr) or 'no output'}")
    return FileStats(
        files=tuple(files),
        missing=tuple(missing),
        open_logs=tuple(logs),
        logs_incomplete=_LOG_DENIED.search(raw.stderr) is not None,
    )


FILE_STATS = Probe(
    name="file_stats",
    description="Mode and owner of sshd, cron, sudoers, banner, boot loader, account backup files; open log files",
    command=COMMAND,
    model=FileStats,
    parse=parse,
)
