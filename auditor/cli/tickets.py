"""`auditor tickets sync|list`: PSA tickets for a stored run's findings (auditor.run.tickets)."""

from __future__ import annotations

from typing import Annotated

import typer

from auditor.cli.options import ConfigOpt, DbOpt, JsonOpt, LimitOpt
from auditor.core.errors import ExitCode

tickets_app = typer.Typer(no_args_is_help=True, help="PSA tickets: ConnectWise PSA, Autotask, HaloPSA.")


@tickets_app.command("sync")
def tickets_sync(
    run_id: Annotated[str, typer.Option("--run", help="Run id, unique prefix, or 'latest'.")] = "latest",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the ticket changes without contacting the PSA.")
    ] = False,
    client: Annotated[
        str | None, typer.Option("--client", help="'latest' is the newest run that audited this client.")
    ] = None,
    limit: LimitOpt = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Open, update and close PSA tickets for a stored run: one per client and finding group,
    closed only when a run verifies the fix. Credentials come from the environment."""
    from auditor.cli.console import print_ticket_sync
    from auditor.core.terminal import InertConsole
    from auditor.run.tickets import sync_stored

    result = sync_stored(run=run_id, db=db, config=config, dry_run=dry_run, client=client, limit=limit)
    print_ticket_sync(InertConsole(), result)
    if result.failure:
        raise typer.Exit(ExitCode.TICKETS_FAILED)


@tickets_app.command("list")
def tickets_list(
    include_closed: Annotated[bool, typer.Option("--all", help="Closed tickets too.")] = False,
    json_out: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """The tickets auditor keeps in the PSA, with the findings each covers."""
    from auditor.run.tickets import stored_tickets

    records = stored_tickets(db=db, include_closed=include_closed)
    if json_out:
        from auditor.cli.jsonout import tickets_json

        typer.echo(tickets_json(records), nl=False)
        return
    from auditor.cli.console import print_tickets
    from auditor.core.terminal import InertConsole

    console = InertConsole()
    print_tickets(console if console.is_terminal else InertConsole(width=200), records)  # piped: never cut ids
