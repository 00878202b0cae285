"""`auditor export findings`: a period's finding lifecycles as CSV, XLSX or JSON for an auditor's sample."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from auditor.core.errors import ConfigError

export_app = typer.Typer(no_args_is_help=True, help="Export stored data for auditors.")


@export_app.command("findings")
def export_findings_command(
    since: Annotated[str, typer.Option("--since", help="First day, e.g. 2026-09-01.")],
    until: Annotated[str, typer.Option("--until", help="Last day (included), e.g. 2026-11-30.")],
    client: Annotated[str | None, typer.Option("--client", help="This client's findings only.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv, xlsx or json.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write [default: stdout].")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Run store: SQLAlchemy URL or SQLite file.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (TOML) with [sla].")] = None,
) -> None:
    """One row per finding alive in the period: host, client, check, severity, detected (first seen),
    SLA due, resolved (date and run), reopened count and the waiver in force (approver, expiry)."""
    from auditor.run.export import FindingsExportRequest, export_findings

    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise ConfigError("--format xlsx writes a binary file: give -o FILE (or redirect stdout)")
    done = export_findings(
        FindingsExportRequest(
            since=since, until=until, fmt=fmt, now=datetime.now(UTC), client=client, db=db, config=config
        )
    )
    if output is None:
        sys.stdout.buffer.write(done.data)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(done.data)
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(
        f"wrote {output}: {len(done.rows)} finding(s) from {done.period.first_day} to {done.period.last_day}", err=True
    )
