"""Nightly operations: drift between runs, pruning old evidence, installing the nightly schedule.

Functions of plain values that return data; auditor.cli shows it.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from auditor.config.loader import load_config
from auditor.core.errors import ConfigError
from auditor.history.diff import RunDiff
from auditor.history.storeview import diff_stored
from auditor.run.scope import limit_hosts, select_limit
from auditor.store.database import Store
from auditor.store.engine import to_url

_DURATION = re.compile(r"^(\d+)([hdw])$")
SYSTEMD_DIR = Path("/etc/systemd/system")
CRON_FILE = Path("/etc/cron.d/auditor")
UNIT = "auditor-nightly"
DELIVER_UNIT = "auditor-deliver"


def parse_duration(value: str) -> timedelta:
    match = _DURATION.match(value.strip())
    if match is None:
        raise ConfigError(f"bad duration {value!r}: use a number and h, d or w (e.g. 90d)")
    number, unit = int(match[1]), match[2]
    return {"h": timedelta(hours=number), "d": timedelta(days=number), "w": timedelta(weeks=number)}[unit]


def stored_diff(*, base: str, head: str, db: str | None, config: Path | None, limit: str | None = None) -> RunDiff:
    """What changed between two stored runs ('latest', ids or unique prefixes), scored with the config's weights."""
    store = Store(to_url(db), existing=True)
    hosts = limit_hosts(store, limit)  # 'latest' is the newest run that audited the limited hosts
    base_id, head_id = store.resolve(base, hosts=hosts), store.resolve(head, hosts=hosts)
    return diff_stored(store, base_id, head_id, config=load_config(config).scoring)


def diff_json(result: RunDiff) -> str:
    """A diff as JSON (`auditor diff --format json`)."""
    return json.dumps(asdict(result), indent=2, default=str) + "\n"


def prune_stored(*, keep: str, db: str | None, now: datetime | None = None) -> tuple[int, int, datetime]:
    """Drop raw evidence older than `keep` (90d, 12w, 48h); returns (runs pruned, rows deleted, the cutoff)."""
    cutoff = (now or datetime.now(UTC)) - parse_duration(keep)
    runs, rows = Store(to_url(db), existing=True).prune(older_than=cutoff)
    return runs, rows, cutoff


def nightly_command(*, inventory: str, extra: list[str]) -> list[str]:
    """The command line the schedule runs: this auditor executable, absolute paths, quoted later."""
    executable = shutil.which("auditor") or str(Path(sys.argv[0]).resolve())
    return [executable, "run", "-i", str(Path(inventory).resolve()), "--no-progress", *extra]


@dataclass(frozen=True)
class ScheduledJob:
    """One scheduled auditor command: the nightly audit or the monthly report delivery."""

    unit: str  # systemd unit name, and the cron file's name under /etc/cron.d
    description: str
    command: list[str]
    hour: int
    minute: int
    day_of_month: int | None = None  # None: every day
    success_exit: str = ""  # systemd SuccessExitStatus beyond 0
    user: str | None = None  # the account it runs as (systemd User=, the cron user); None: root


def time_of_day(at: str) -> tuple[int, int]:
    """(hour, minute) of an HH:MM time; one line naming the format otherwise."""
    match = re.match(r"^([01]\d|2[0-3]):([0-5]\d)$", at)
    if match is None:
        raise ConfigError(f"bad time {at!r}: use HH:MM (24-hour)")
    return int(match[1]), int(match[2])


def install_deliver_schedule(
    *, day: int, at: str, extra: list[str], systemd_dir: Path | None, cron_file: Path | None, dry_run: bool
) -> dict[Path, str]:
    """A monthly `auditor deliver` (the previous month's client reports) on day `day` at `at`."""
    hour, minute = time_of_day(at)
    if not 1 <= day <= 28:
        raise ConfigError(f"bad day {day}: use 1 to 28 (every month has it)")
    executable = shutil.which("auditor") or str(Path(sys.argv[0]).resolve())
    job = ScheduledJob(
        unit=DELIVER_UNIT,
        description="auditor monthly client report delivery",
        command=[executable, "deliver", *extra],
        hour=hour,
        minute=minute,
        day_of_month=day,
    )
    default_cron = CRON_FILE.with_name(DELIVER_UNIT)
    return install_job(job, systemd_dir=systemd_dir, cron_file=cron_file, default_cron=default_cron, dry_run=dry_run)


def install_job(
    job: ScheduledJob, *, systemd_dir: Path | None, cron_file: Path | None, default_cron: Path, dry_run: bool
) -> dict[Path, str]:
    """Write the job as a systemd service and timer (when systemd runs) or as a cron entry.

    Returns the files and their content; with `dry_run` nothing is written and the caller shows them.
    """
    command = shlex.join(job.command)
    at = f"{job.hour:02d}:{job.minute:02d}"
    use_systemd = systemd_dir is not None or (cron_file is None and Path("/run/systemd/system").is_dir())
    files: dict[Path, str] = {}
    if use_systemd:
        directory = systemd_dir or SYSTEMD_DIR
        success = f"SuccessExitStatus={job.success_exit}\n" if job.success_exit else ""
        if job.user:  # systemd creates /var/lib/auditor owned by that account
            success += f"User={job.user}\nStateDirectory=auditor\n"
        files[directory / f"{job.unit}.service"] = (
            f"[Unit]\nDescription={job.description}\nWants=network-online.target\n"
            "After=network-online.target\n\n[Service]\nType=oneshot\n"
            f"ExecStart={command}\n{success}"
        )
        day = "*" if job.day_of_month is None else f"{job.day_of_month:02d}"
        files[directory / f"{job.unit}.timer"] = (
            f"[Unit]\nDescription={job.description} at {at}\n\n[Timer]\nOnCalendar=*-*-{day} {at}:00\n"
            "Persistent=true\nRandomizedDelaySec=300\n\n[Install]\nWantedBy=timers.target\n"
        )
    else:
        # an unprivileged account cannot open a file in /var/log: its output goes to syslog instead
        log = f"2>&1 | logger -t {job.unit}" if job.user else f">>/var/log/{job.unit}.log 2>&1"
        day = "*" if job.day_of_month is None else str(job.day_of_month)
        files[cron_file or default_cron] = (
            f"# {job.description} (written by `auditor schedule`)\n"
            "SHELL=/bin/sh\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
            f"{job.minute} {job.hour} {day} * * {job.user or 'root'} {command} {log}\n"
        )
    if dry_run:
        return files
    for path, content in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot write {path}: {exc.strerror}") from None
    if use_systemd and systemd_dir is None and shutil.which("systemctl"):
        subprocess.run(["systemctl", "daemon-reload"], check=False)
        subprocess.run(["systemctl", "enable", "--now", f"{job.unit}.timer"], check=False)
    return files


def playbook_for_run(*, run: str, db: str | None, limit: str | None = None) -> tuple[str, str]:
    """The remediation playbook for a stored run ('latest', an id or a unique prefix), and its summary."""
    from auditor.report.remediation import render_playbook

    store = Store(to_url(db), existing=True)
    hosts = limit_hosts(store, limit)
    return render_playbook(select_limit(store.load_run(store.resolve(run, hosts=hosts)), hosts))
