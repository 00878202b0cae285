"""Named nightly audits that run unattended: each schedule writes its own systemd service and timer
(or cron file), with every path it needs written out absolute, and can be listed and removed.

Under systemd a service has no home directory and no working directory of the admin who installed
it: a relative `-o auditor-reports` lands in `/auditor-reports`, and `~/.local/share/auditor` is
root's. So the schedule's command names the store, the report folder, known_hosts and the config
explicitly, resolved when it is installed; `--user` runs it as a dedicated account, and
`--keep-reports` has each run delete its older report files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from auditor.config.loader import default_config_path
from auditor.core.errors import ConfigError
from auditor.run.ops import (
    CRON_FILE,
    SYSTEMD_DIR,
    UNIT,
    ScheduledJob,
    install_job,
    nightly_command,
    parse_duration,
    time_of_day,
)
from auditor.store.engine import to_url

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
STATE_DIR = Path("/var/lib/auditor")
PREFIX = "auditor-nightly"


@dataclass(frozen=True)
class NightlySpec:
    """One named nightly audit and the paths its unattended run uses."""

    name: str
    inventory: str
    at: str
    db: str | None = None  # default: STATE_DIR/auditor.db
    output_dir: Path | None = None  # default: STATE_DIR/reports/NAME
    known_hosts: Path | None = None  # default: the installing user's ~/.ssh/known_hosts
    config: Path | None = None  # default: the installing user's config file, if there is one
    user: str | None = None  # default: root
    keep_reports: str | None = None  # e.g. 30d: older report files are deleted by each run
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstalledSchedule:
    """A schedule found on this machine: its name, when it runs, as whom, and its files."""

    name: str
    when: str
    user: str
    command: str
    files: tuple[Path, ...]


def unit_name(name: str) -> str:
    """`nightly` keeps the historical unit name; any other name gets its own unit."""
    if not NAME.match(name):
        raise ConfigError(f"bad schedule name {name!r}: use lowercase letters, digits and dashes")
    return UNIT if name == "nightly" else f"{PREFIX}-{name}"


def nightly_job(spec: NightlySpec) -> ScheduledJob:
    """The job for a named nightly audit, every path absolute."""
    if not Path(spec.inventory).exists():
        raise ConfigError(f"inventory not found: {spec.inventory}")
    if spec.keep_reports:
        parse_duration(spec.keep_reports)  # a bad duration stops here, not in the first nightly run
    known_hosts = (spec.known_hosts or Path("~/.ssh/known_hosts")).expanduser().resolve()
    config = spec.config or (default_config_path() if default_config_path().is_file() else None)
    store = to_url(spec.db or str(STATE_DIR / "auditor.db"))
    if make_url(store).password:
        raise ConfigError("a schedule's --db must not hold a password (it would be in the unit file): use ~/.pgpass")
    options = [
        "--db",
        store,
        "-o",
        str((spec.output_dir or STATE_DIR / "reports" / spec.name).expanduser().resolve()),
        "--known-hosts",
        str(known_hosts),
    ]
    if config is not None:
        options += ["--config", str(config.expanduser().resolve())]
    if spec.keep_reports:
        options += ["--keep-reports", spec.keep_reports]
    hour, minute = time_of_day(spec.at)
    return ScheduledJob(
        unit=unit_name(spec.name),
        description=f"auditor nightly audit ({spec.name})",
        command=nightly_command(inventory=spec.inventory, extra=[*options, *spec.extra]),
        hour=hour,
        minute=minute,
        success_exit="1 3",  # findings and unassessed hosts are results, not failures of the service
        user=spec.user,
    )


def install_nightly(
    spec: NightlySpec, *, systemd_dir: Path | None, cron_file: Path | None, dry_run: bool
) -> dict[Path, str]:
    """Write the named schedule's files (or only return them with `dry_run`)."""
    job = nightly_job(spec)
    default_cron = CRON_FILE.with_name(job.unit)
    return install_job(job, systemd_dir=systemd_dir, cron_file=cron_file, default_cron=default_cron, dry_run=dry_run)


def list_schedules(*, systemd_dir: Path | None = None, cron_dir: Path | None = None) -> list[InstalledSchedule]:
    """The auditor nightly audits installed in the systemd folder and the cron folder."""
    found: list[InstalledSchedule] = []
    units = systemd_dir or SYSTEMD_DIR
    for timer in sorted(units.glob(f"{PREFIX}*.timer")):
        service = timer.with_suffix(".service")
        text = service.read_text(encoding="utf-8") if service.is_file() else ""
        calendar = _value(timer.read_text(encoding="utf-8"), "OnCalendar")
        found.append(
            InstalledSchedule(
                name=_name(timer.stem),
                when=f"daily {calendar.split()[-1][:5]}" if calendar else "?",
                user=_value(text, "User") or "root",
                command=_value(text, "ExecStart"),
                files=(service, timer),
            )
        )
    for cron in sorted((cron_dir or CRON_FILE.parent).glob(f"{PREFIX}*")):
        line = next((ln for ln in cron.read_text(encoding="utf-8").splitlines() if ln[:1].isdigit()), "")
        fields = line.split(None, 6)
        if len(fields) == 7:
            minute, hour, user, command = fields[0], fields[1], fields[5], fields[6].split(" >>", 1)[0]
            when = f"daily {int(hour):02d}:{int(minute):02d}"
            found.append(InstalledSchedule(_name(cron.name), when, user, command, (cron,)))
    return found


def remove_schedule(name: str, *, systemd_dir: Path | None = None, cron_dir: Path | None = None) -> list[Path]:
    """Delete a named schedule's files (stopping its timer first where systemd runs it)."""
    unit = unit_name(name)
    matches = [s for s in list_schedules(systemd_dir=systemd_dir, cron_dir=cron_dir) if s.name == name]
    if not matches:
        known = ", ".join(s.name for s in list_schedules(systemd_dir=systemd_dir, cron_dir=cron_dir)) or "none"
        raise ConfigError(f"no schedule {name!r}; installed: {known}")
    if systemd_dir is None and shutil.which("systemctl") and Path("/run/systemd/system").is_dir():
        subprocess.run(["systemctl", "disable", "--now", f"{unit}.timer"], check=False, capture_output=True)
    removed = [path for schedule in matches for path in schedule.files]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _value(text: str, key: str) -> str:
    prefix = f"{key}="
    return next((line.removeprefix(prefix) for line in text.splitlines() if line.startswith(prefix)), "")


def _name(unit: str) -> str:
    return "nightly" if unit == UNIT else unit.removeprefix(f"{PREFIX}-")
