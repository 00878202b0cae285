"""Evidence that backups ran: the newest log files of common backup tools and their last lines.

Logs are listed newest first and capped, so a directory of daily logs stays small; each log
contributes its mtime and last lines (cut to a bounded width, behind a content prefix so a log
cannot forge the probe's own lines). The host clock is printed too: ages use the host's time.
A plain user can usually stat a log but not read it; that is reported as unreadable.

This module also names the backup tools the backup checks know, so the checks agree on them.
"""

from __future__ import annotations

import re
from typing import Literal

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import CONTENT, META, clip, epoch, meta_value

# Debian/Ubuntu package names of backup clients.
BACKUP_PACKAGES = (
    "restic",
    "borgbackup",
    "borgbackup2",
    "borgmatic",
    "rsnapshot",
    "duplicity",
    "duply",
    "deja-dup",
    "rdiff-backup",
    "bacula-fd",
    "bareos-filedaemon",
    "amanda-client",
    "proxmox-backup-client",
    "backupninja",
    "kopia",
    "resticprofile",
    "autorestic",
    "urbackup-client",
    "timeshift",
    "veeam",
    "bacula-client",
)

# Command names that, in a cron line or a timer's ExecStart, mean a backup runs.
BACKUP_COMMANDS = (
    "restic",
    "resticprofile",
    "autorestic",
    "borg",
    "borgmatic",
    "rsnapshot",
    "duplicity",
    "duply",
    "rdiff-backup",
    "proxmox-backup-client",
    "backupninja",
    "kopia",
    "timeshift",
    "veeamconfig",
)

LOG_GLOBS = (
    "/var/log/restic*.log",
    "/var/log/restic/*.log",
    "/var/log/borg*.log",
    "/var/log/borg/*.log",
    "/var/log/rsnapshot*.log",
    "/var/log/duplicity*.log",
    "/var/log/backup*.log",
    "/var/log/backup/*.log",
)
LOG_LIMIT = 20
TAIL_LINES = 5

COMMAND = (
    'echo "#auditor now $(date +%s)"; '
    f"ls -1td -- {' '.join(LOG_GLOBS)} 2>/dev/null | head -n {LOG_LIMIT} | "
    "while IFS= read -r f; do "
    'if [ -f "$f" ]; then '
    'if [ -r "$f" ]; then echo "#auditor log $(stat -c %Y -- "$f") $f"; '
    f"tail -n {TAIL_LINES} -- \"$f\" | cut -c1-300 | sed 's/^/| /'; "
    'else echo "#auditor unreadable $(stat -c %Y -- "$f") $f"; fi; fi; done'
)


# How the common tools end a run. The last line matching either list decides (logs are chronological).
_SUCCESS = re.compile(
    r"^snapshot [0-9a-f]{8,} saved"  # restic backup
    r"|terminating with (success|warning) status, rc [01]\b"  # borg --show-rc (warning: run completed)
    r"|completed successfully"  # rsnapshot
    r"|^Errors 0$"  # duplicity statistics
    r"|\b(backup|job|run) (completed|finished|succeeded|successful)\b"
    r"|\bsuccess(ful(ly)?)?\b",
    re.IGNORECASE,
)
_FAILURE = re.compile(
    r"terminating with error status"  # borg
    r"|\b(fatal|error|errors|failed|failure|aborted)\b",
    re.IGNORECASE,
)
_NOT_FAILURE = re.compile(r"^Errors 0$|\b0 errors\b|\bno errors\b", re.IGNORECASE)

Outcome = Literal["success", "failure", "unknown"]


def run_outcome(lines: tuple[str, ...]) -> Outcome:
    """What the last lines of a backup log say about the run: the last telling line wins."""
    for line in reversed(lines):
        text = line.strip()
        if _FAILURE.search(text) and not _NOT_FAILURE.search(text):
            return "failure"
        if _SUCCESS.search(text):
            return "success"
    return "unknown"


class BackupLog(FactModel):
    path: str
    mtime_epoch: int
    readable: bool = True
    tail: tuple[str, ...] = ()  # last lines, oldest first

    def age_hours(self, now_epoch: int) -> float:
        return max(0, now_epoch - self.mtime_epoch) / 3600

    @property
    def outcome(self) -> Outcome:
        return run_outcome(self.tail) if self.readable else "unknown"


class BackupEvidence(FactModel):
    now_epoch: int
    logs: tuple[BackupLog, ...] = ()  # newest first


def parse(raw: RawOutput) -> BackupEvidence:
    now = epoch(meta_value(raw, "now"), "host time")
    logs: list[BackupLog] = []
    current: BackupLog | None = None
    tail: list[str] = []

    def finish() -> None:
        if current is not None:
            logs.append(current.model_copy(update={"tail": tuple(tail)}))

    for line in raw.stdout.splitlines():
        if line.startswith(CONTENT) or line == CONTENT.strip():
            if current is None:
                raise ProbeError("log lines before any log file in the output")
            tail.append(clip(line[len(CONTENT) :], 300))
            continue
        if not line.startswith(META):
            continue
        word, _, rest = line[len(META) :].partition(" ")
        if word not in ("log", "unreadable"):
            continue
        stamp, _, path = rest.partition(" ")
        if not path.startswith("/var/log/"):
            raise ProbeError(f"unexpected log path: {clip(path, 100)!r}")
        finish()
        tail = []
        current = BackupLog(path=path, mtime_epoch=epoch(stamp, "log time"), readable=word == "log")
    finish()
    return BackupEvidence(now_epoch=now, logs=tuple(logs))


BACKUP_EVIDENCE = Probe(
    name="backup_evidence",
    description="Newest backup tool logs (mtime and last lines) and the host clock",
    command=COMMAND,
    model=BackupEvidence,
    parse=parse,
)
