"""What the backup checks share: backup job lines, repository locations, schedules, database servers.

All pure functions over parsed facts. Host text (cron lines, config lines) is only matched with
regular expressions here, never executed or used to build anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.checklib.checkdef import Facts, FactUnavailable, Setting
from auditor.probes.backup_evidence import BACKUP_COMMANDS
from auditor.probes.backup_state import BackupState
from auditor.probes.listening_sockets import LISTENING_SOCKETS
from auditor.probes.mounts import Mounts
from auditor.probes.packages import PACKAGES
from auditor.probes.scheduled_jobs import JobSource, ScheduledJobs, runs_command

DEFAULT_MAX_AGE_HOURS = 26.0
# Settings several backup checks read, declared once so that every check names them the same way.
MAX_AGE_HOURS = Setting(
    name="backup_max_age_hours",
    type=float,
    default=DEFAULT_MAX_AGE_HOURS,
    doc="Hours since the last successful backup before it is stale (the client's backup policy).",
)
REQUIRED_TOOL = Setting(
    name="backup_required_tool",
    type=list,
    doc="Backup tool(s) the client's policy requires: package names; on Windows veeam, wsb or file-history.",
)


# The backup controls' framework requirements: every backup check answers the same requirement of each
# framework, at the CIS safeguard (11.2 automated backups, 11.4 an isolated copy, 11.5 restores tested)
# and HIPAA implementation specification it names.
def backup_references(cis: str, *, hipaa: str | None = "164.308(a)(7)(ii)(A)") -> dict[str, tuple[str, ...]]:
    """The references of a backup check whose CIS v8 safeguard is `cis`."""
    references: dict[str, tuple[str, ...]] = {
        "cis-v8": (cis,),
        "nist-csf-2": ("PR.DS-11",),
        "iso27001-2022": ("A.8.13",),
        "essential-eight": ("Regular backups",),
    }
    if hipaa is not None:
        references["hipaa"] = (hipaa,)
    return references


# --- backup job lines -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobLine:
    source: JobSource
    line: str
    command: str  # the backup command the line runs

    @property
    def label(self) -> str:
        return f"{self.source.path}: {self.line}"


def backup_job_lines(jobs: ScheduledJobs, commands: Iterable[str] = BACKUP_COMMANDS) -> tuple[JobLine, ...]:
    names = frozenset(commands)
    found = []
    for source in jobs.sources:
        for line in source.command_lines:
            command = runs_command(line, names)
            if command is not None:
                found.append(JobLine(source, line, command))
    return tuple(found)


# --- repositories -------------------------------------------------------------------------------------------

_ENV_REPO = re.compile(r"\b(RESTIC_REPOSITORY|BORG_REPO|KOPIA_REPOSITORY|PBS_REPOSITORY)=[\"']?([^\s\"';]+)")
_FLAG_REPO = re.compile(r"(?:\s-r|\s--repo(?:sitory)?)(?:\s+|=)[\"']?([^\s\"';]+)")
_BORG_ARCHIVE = re.compile(r"(?:^|\s)[\"']?([^\s\"';]*)::[^\s\"';]*")
_URL = re.compile(r"\b([a-z][a-z0-9+.-]*://[^\s\"';]+)")
_CONFIG_VALUE = re.compile(
    r"(?:RESTIC_REPOSITORY|BORG_REPO|KOPIA_REPOSITORY|PBS_REPOSITORY|TARGET|repository|repo|path|url|snapshot_root)"
    r"\s*[:=]\s*[\"']?([^\s\"']+)",
    re.IGNORECASE,
)
_REMOTE_SCHEMES = (
    "sftp:",
    "s3:",
    "b2:",
    "azure:",
    "gs:",
    "swift:",
    "rest:",
    "rclone:",
    "ssh://",
    "sftp://",
    "s3://",
    "b2://",
    "gs://",
    "azure://",
    "rsync://",
    "ftp://",
    "ftps://",
    "http://",
    "https://",
    "webdav",
    "dav://",
    "davs://",
    "scp://",
    "pexpect+",
    "paramiko+",
    "boto3+",
    "swift://",
    "onedrive://",
    "dpbx://",
    "gdocs://",
    "rclone://",
    "par2+",
    "multi://",
)
_LOCAL_SCHEMES = ("file://", "local:")
_SCP_LIKE = re.compile(r"^[\w.+-]+@[\w.-]+:")  # user@host:path (borg, rdiff-backup)
_HOST_ONLY = re.compile(r"^[\w.-]+::")  # rdiff-backup host::path
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_NETWORK_FS = (
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "fuse.sshfs",
    "fuse.rclone",
    "glusterfs",
    "ceph",
    "9p",
    "davfs",
    "fuse.s3fs",
)


@dataclass(frozen=True)
class Repository:
    location: str
    where: str  # the job or config line it was found in
    off_host: bool
    reason: str


def _classify(location: str, mounts: Mounts | None) -> tuple[bool, str]:
    text = location.strip().strip("\"'")
    lowered = text.lower()
    if any(host in lowered for host in _LOCAL_HOSTS):
        return False, "addresses this host"
    if lowered.startswith(_LOCAL_SCHEMES):
        text = text.split("://", 1)[-1] if "://" in text else text.split(":", 1)[-1]
        lowered = text.lower()
    elif lowered.startswith(_REMOTE_SCHEMES) or _SCP_LIKE.match(text) or _HOST_ONLY.match(text):
        return True, "remote"
    if text.startswith(("/", "~", ".")) or ("/" not in text and ":" not in text):
        if text.startswith("/") and mounts is not None:
            mount = max(
                (m for m in mounts.mounts if text == m.mount_point or text.startswith(m.mount_point.rstrip("/") + "/")),
                key=lambda m: len(m.mount_point),
                default=None,
            )
            if mount is not None and mount.fstype in _NETWORK_FS:
                return True, f"on a {mount.fstype} mount ({mount.mount_point} from {mount.source})"
        return False, "a local path"
    return True, "remote"


def repositories(jobs: tuple[JobLine, ...], state: BackupState | None, mounts: Mounts | None) -> tuple[Repository, ...]:
    """Every backup destination named in job lines (env, -r/--repo, borg REPO::ARCHIVE, URLs) and configs."""
    found: dict[tuple[str, str], Repository] = {}

    def add(location: str, where: str) -> None:
        if not location or location.startswith("$") or location == "<redacted>@":
            return
        off_host, reason = _classify(location, mounts)
        found.setdefault((location, where), Repository(location, where, off_host, reason))

    # environment lines of the same crontab (RESTIC_REPOSITORY=...) apply to its jobs
    sources = {job.source.path: job.source for job in jobs}
    for source in sources.values():
        for line in source.lines:
            for match in _ENV_REPO.finditer(line):
                add(match.group(2), f"{source.path}: {line}")
    for job in jobs:
        for match in _FLAG_REPO.finditer(" " + job.line):
            add(match.group(1), job.label)
        if job.command in ("borg", "borgmatic"):
            for match in _BORG_ARCHIVE.finditer(job.line):
                if match.group(1):
                    add(match.group(1), job.label)
        if job.command in ("duplicity", "duply"):
            for match in _URL.finditer(job.line):
                add(match.group(1), job.label)
    if state is not None:
        for config in state.configs:
            for line in config.repository_lines:
                for match in _CONFIG_VALUE.finditer(line):
                    add(match.group(1), f"{config.path}: {line}")
    return tuple(found.values())


# --- schedules ----------------------------------------------------------------------------------------------

_SCRIPT_PERIOD = {
    "/etc/cron.hourly/": 1.0,
    "/etc/cron.daily/": 24.0,
    "/etc/cron.weekly/": 168.0,
    "/etc/cron.monthly/": 744.0,
}
_NICKNAMES = {
    "@hourly": 1.0,
    "@daily": 24.0,
    "@midnight": 24.0,
    "@weekly": 168.0,
    "@monthly": 744.0,
    "@yearly": 8784.0,
    "@annually": 8784.0,
}
_CALENDAR = {
    "minutely": 1 / 60,
    "hourly": 1.0,
    "daily": 24.0,
    "weekly": 168.0,
    "monthly": 744.0,
    "quarterly": 2208.0,
    "semiannually": 4416.0,
    "yearly": 8784.0,
    "annually": 8784.0,
}
_SPAN = re.compile(r"^(\d+)\s*(s|sec|m|min|h|hr|d|day|days|w|week|weeks)?$")
_SPAN_HOURS = {
    "s": 1 / 3600,
    "sec": 1 / 3600,
    "m": 1 / 60,
    "min": 1 / 60,
    "h": 1.0,
    "hr": 1.0,
    "d": 24.0,
    "day": 24.0,
    "days": 24.0,
    "w": 168.0,
    "week": 168.0,
    "weeks": 168.0,
    None: 1 / 3600,
}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _cron_fields_period(minute: str, hour: str, dom: str, month: str, dow: str) -> float | None:
    if month not in ("*", "*/1"):
        return 744.0  # runs in some months only: at best monthly
    if dom not in ("*", "*/1"):
        step = re.fullmatch(r"\*/(\d+)", dom)
        return 24.0 * int(step.group(1)) if step else 744.0
    if dow not in ("*", "*/1", "0-6", "1-7"):
        days = _dow_count(dow)
        return None if days is None else 168.0 / days if days >= 7 else _dow_gap(dow)
    if hour in ("*", "*/1"):
        return 1.0
    step = re.fullmatch(r"\*/(\d+)", hour)
    if step:
        return float(step.group(1))
    if re.fullmatch(r"[\d,]+", hour):
        count = len(hour.split(","))
        return 24.0 / count if count > 1 else 24.0
    return 24.0


def _dow_count(dow: str) -> int | None:
    days: set[int] = set()
    for part in dow.lower().split(","):
        part = part.strip()
        for name_index, name in enumerate(_DAYS):
            part = part.replace(name, str((name_index + 1) % 7))
        bounds = part.split("-")
        if not all(b.isdigit() for b in bounds) or len(bounds) > 2:
            return None
        lo, hi = int(bounds[0]) % 7, int(bounds[-1]) % 7
        days.update(range(lo, hi + 1) if lo <= hi else [*range(lo, 7), *range(0, hi + 1)])
    return len(days)


def _dow_gap(dow: str) -> float | None:
    count = _dow_count(dow)
    if count is None:
        return None
    return 168.0 if count <= 1 else 72.0 if count < 7 else 24.0


def job_period_hours(job: JobLine) -> float | None:
    """The longest gap between runs of a scheduled job line, in hours; None when it cannot be told."""
    path = job.source.path
    for prefix, hours in _SCRIPT_PERIOD.items():
        if path.startswith(prefix):
            return hours
    if job.source.kind == "timer":
        periods = [p for p in (_timer_period(line) for line in job.source.lines) if p is not None]
        return min(periods) if periods else None
    words = job.line.split()
    if words and words[0] in _NICKNAMES:
        return _NICKNAMES[words[0]]
    if len(words) >= 6:
        return _cron_fields_period(*words[:5])
    return None


def _timer_period(line: str) -> float | None:
    key, _, value = line.partition("=")
    key, value = key.strip(), value.strip().lower()
    if key in ("OnUnitActiveSec", "OnUnitInactiveSec"):
        match = _SPAN.match(value)
        return int(match.group(1)) * _SPAN_HOURS[match.group(2)] if match else None
    if key != "OnCalendar":
        return None
    if value in _CALENDAR:
        return _CALENDAR[value]
    weekdays = re.match(r"^([a-z]{3}(?:(?:\.\.|[,-])[a-z]{3})*)\s", value)
    if weekdays:
        names = weekdays.group(1).replace("..", "-")
        return _dow_gap(names.replace(".", "-"))
    if re.match(r"^(\*-)?\*-\*\s", value) or re.match(r"^\d\d:\d\d(:\d\d)?$", value):
        return 24.0
    if re.match(r"^\*-\*-\*\s+\*:", value) or re.match(r"^\*:\d\d", value):
        return 1.0
    return None


# --- database servers -------------------------------------------------------------------------------------

DB_PACKAGES = (
    "mariadb-server",
    "mysql-server",
    "percona-server-server",
    "postgresql",
    "mongodb-org-server",
    "mongodb-server",
)
DB_PACKAGE_PREFIXES = ("postgresql-1", "postgresql-9", "mariadb-server-1", "mysql-server-8", "mysql-server-5")
DB_PORTS = {3306: "MySQL/MariaDB", 5432: "PostgreSQL", 27017: "MongoDB"}
DB_PROCESSES = {"mysqld": "MySQL", "mariadbd": "MariaDB", "postgres": "PostgreSQL", "mongod": "MongoDB"}
DUMP_COMMANDS = (
    "mysqldump",
    "mariadb-dump",
    "mariadb-backup",
    "mariabackup",
    "xtrabackup",
    "mydumper",
    "pg_dump",
    "pg_dumpall",
    "pg_basebackup",
    "pgbackrest",
    "barman",
    "automysqlbackup",
    "autopostgresqlbackup",
    "mongodump",
)
DUMP_PACKAGES = ("automysqlbackup", "autopostgresqlbackup", "pgbackrest", "barman")
DEFAULT_DUMP_PATHS = (
    "/var/backups/*sql*",
    "/var/backups/*dump*",
    "/var/backups/mysql/*",
    "/var/backups/mariadb/*",
    "/var/backups/postgres*/*",
    "/var/backups/db*/*",
    "/var/lib/automysqlbackup/*",
    "/var/lib/autopostgresqlbackup/*",
    "/srv/backup*/*sql*",
    "/backup*/*sql*",
)


def database_servers(facts: Facts) -> tuple[str, ...]:
    """Database servers present: by installed package, or by a listening port (needs no root)."""
    found: list[str] = []
    packages = facts.get(PACKAGES)
    found += [
        f"package {name}" for name in packages.packages if name in DB_PACKAGES or name.startswith(DB_PACKAGE_PREFIXES)
    ]
    try:
        sockets = facts.get(LISTENING_SOCKETS)
    except FactUnavailable:
        sockets = None
    if sockets is not None:
        found += [f"{DB_PORTS[s.port]} listening on {s.label}" for s in sockets.sockets if s.port in DB_PORTS]
    return tuple(dict.fromkeys(found))
