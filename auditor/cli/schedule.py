"""`auditor schedule install/list/remove`: named nightly audits under systemd or cron.

(`schedule deliver` for the monthly report delivery is registered here too, from auditor.cli.deliver.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli.options import ConfigOpt, DbOpt, InventoryOpt
from auditor.core.terminal import InertConsole, inert

schedule_app = typer.Typer(no_args_is_help=True, help="Schedule nightly audits and monthly report delivery.")

SystemdDirOpt = Annotated[
    Path | None, typer.Option("--systemd-dir", help="Units folder [default: /etc/systemd/system].")
]
CronDirOpt = Annotated[Path | None, typer.Option("--cron-dir", help="cron folder [default: /etc/cron.d].")]


@schedule_app.command("install")
def schedule_install(
    inventory: InventoryOpt,
    name: Annotated[str, typer.Option("--name", help="Schedule name; several may coexist.")] = "nightly",
    at: Annotated[str, typer.Option("--at", help="Local time of the nightly run, HH:MM.")] = "02:00",
    db: DbOpt = None,
    output_dir: Annotated[
        Path | None, typer.Option("--output-dir", "-o", help="Report folder [default: /var/lib/auditor/reports/NAME].")
    ] = None,
    known_hosts: Annotated[
        Path | None, typer.Option("--known-hosts", help="known_hosts file [default: yours, made absolute].")
    ] = None,
    config: ConfigOpt = None,
    user: Annotated[str | None, typer.Option("--user", help="Run as this account instead of root.")] = None,
    keep_reports: Annotated[
        str | None, typer.Option("--keep-reports", help="Delete report files older than this, e.g. 30d.")
    ] = None,
    systemd_dir: Annotated[Path | None, typer.Option("--systemd-dir", help="Write the timer here.")] = None,
    cron_file: Annotated[Path | None, typer.Option("--cron-file", help="Write a cron entry here instead.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would be written.")] = False,
    extra: Annotated[list[str] | None, typer.Argument(help="More `auditor run` options, after --.")] = None,
) -> None:
    """Install a named nightly audit: a systemd timer where systemd runs, else a cron entry.

    The store (default /var/lib/auditor/auditor.db), report folder, known_hosts and config are
    written into the command as absolute paths, so the unattended run finds them.
    """
    from auditor.run.schedules import NightlySpec, install_nightly

    spec = NightlySpec(
        name=name,
        inventory=inventory,
        at=at,
        db=db,
        output_dir=output_dir,
        known_hosts=known_hosts,
        config=config,
        user=user,
        keep_reports=keep_reports,
        extra=tuple(extra or ()),
    )
    files = install_nightly(spec, systemd_dir=systemd_dir, cron_file=cron_file, dry_run=dry_run)
    for path, content in files.items():
        if dry_run:  # written whole, never wrapped: the lines are meant to be copied
            sys.stdout.write(inert(f"# {path}\n{content}", keep_newlines=True) + "\n")
        else:
            typer.echo(f"wrote {path}", err=True)


@schedule_app.command("list")
def schedule_list(systemd_dir: SystemdDirOpt = None, cron_dir: CronDirOpt = None) -> None:
    """List the nightly audits installed on this machine."""
    from auditor.run.schedules import list_schedules

    found = list_schedules(systemd_dir=systemd_dir, cron_dir=cron_dir)
    console = InertConsole()
    if not found:
        console.print("no auditor schedules installed")
    for schedule in found:
        files = ", ".join(str(path) for path in schedule.files)
        line = f"{schedule.name}: {schedule.when} as {schedule.user}: {schedule.command} ({files})"
        console.print(line, markup=False, highlight=False, soft_wrap=True)


@schedule_app.command("remove")
def schedule_remove(
    name: Annotated[str, typer.Argument(help="The schedule's name, as `schedule list` shows it.")],
    systemd_dir: SystemdDirOpt = None,
    cron_dir: CronDirOpt = None,
) -> None:
    """Remove a named nightly audit (its timer is stopped first)."""
    from auditor.run.schedules import remove_schedule

    for path in remove_schedule(name, systemd_dir=systemd_dir, cron_dir=cron_dir):
        typer.echo(f"removed {path}", err=True)
