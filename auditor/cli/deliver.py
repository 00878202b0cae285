"""`auditor deliver` and `auditor schedule deliver`: e-mailing each client its periodic report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from auditor.core.errors import ExitCode
from auditor.core.terminal import InertConsole


def _line(text: str) -> None:
    """One status line on stderr, printed as inert text (client names come from the inventory)."""
    InertConsole(stderr=True).print(text, soft_wrap=True)


def deliver_command(
    period: Annotated[
        str | None, typer.Option("--period", help="A month, e.g. 2026-11 (default: the last calendar month).")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="First day, e.g. 2026-11-03.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last day (included).")] = None,
    client: Annotated[str | None, typer.Option("--client", help="Deliver to this client only.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")] = False,
    inventory: Annotated[
        str | None,
        typer.Option("--inventory", "-i", help="Inventory with auditor_report_recipients (default: the last run's)."),
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="Run store: SQLAlchemy URL or SQLite file.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file with the [delivery] table.")] = None,
) -> None:
    """E-mail each client its report for the period (PDF attached), once; a failed send exits 6 and the
    next deliver retries it."""
    from auditor.run.deliver import DeliverRequest, run_deliver

    request = DeliverRequest(
        now=datetime.now(UTC), period=period, since=since, until=until, client=client, dry_run=dry_run,
        inventory=inventory, db=db, config=config,
    )  # fmt: skip
    outcome = run_deliver(request, console=_line)
    if not dry_run:
        _line(f"{len(outcome.sent)} sent, {len(outcome.skipped)} already sent, {len(outcome.failed)} failed")
    if outcome.failed:
        raise typer.Exit(int(ExitCode.NOTIFY_FAILED))


def schedule_deliver_command(
    day: Annotated[int, typer.Option("--day", help="Day of the month, 1-28.")] = 1,
    at: Annotated[str, typer.Option("--at", help="Local time, HH:MM.")] = "07:00",
    systemd_dir: Annotated[Path | None, typer.Option("--systemd-dir", help="Write the timer here.")] = None,
    cron_file: Annotated[Path | None, typer.Option("--cron-file", help="Write a cron entry here instead.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would be written.")] = False,
    extra: Annotated[list[str] | None, typer.Argument(help="More `auditor deliver` options, after --.")] = None,
) -> None:
    """Install a monthly `auditor deliver` of the previous month's client reports."""
    from auditor.run.ops import install_deliver_schedule

    files = install_deliver_schedule(
        day=day, at=at, extra=extra or [], systemd_dir=systemd_dir, cron_file=cron_file, dry_run=dry_run
    )
    for path, content in files.items():
        if dry_run:
            InertConsole().print(f"# {path}\n{content}", markup=False, highlight=False)
        else:
            typer.echo(f"wrote {path}", err=True)
