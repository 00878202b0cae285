"""The `auditor` command: parses arguments and calls the pipeline; it holds no audit logic.

Every AuditorError becomes one line on stderr and its documented exit code (auditor.core.errors.ExitCode);
a traceback appears only with --debug.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from typer.exceptions import Abort, TyperException

from auditor.cli.audit import run_command
from auditor.cli.deliver import deliver_command, schedule_deliver_command
from auditor.cli.export import export_app
from auditor.cli.feeds import feeds_app
from auditor.cli.help import plain_help, version_option
from auditor.cli.integrity import keys_app, verify_command
from auditor.cli.lint import config_app, waivers_app
from auditor.cli.options import (
    FORMATS,
    STDOUT,
    ChecksDirOpt,
    ConfigOpt,
    DbOpt,
    InventoryOpt,
    JsonOpt,
    LimitOpt,
    ProfileOpt,
    WaiversOpt,
    parse_formats,
    write_output,
)
from auditor.cli.portal import serve_command, token_app, user_app, waivers_export, waivers_import
from auditor.cli.schedule import schedule_app
from auditor.cli.tickets import tickets_app
from auditor.cli.worker import worker_command
from auditor.core.errors import AuditorError, ConfigError, ExitCode
from auditor.core.terminal import InertConsole, inert
from auditor.report.formatnames import CLIENT_FORMATS

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Agentless patch and security compliance auditor for MSPs.",
)
inventory_app = typer.Typer(no_args_is_help=True, help="Inspect inventories.")
checks_app = typer.Typer(no_args_is_help=True, help="Inspect the check library.")
app.add_typer(inventory_app, name="inventory")
app.add_typer(checks_app, name="checks")
app.add_typer(schedule_app, name="schedule")  # auditor.cli.schedule: install, list, remove
app.command("run")(run_command)  # auditor.cli.audit
app.command("worker")(worker_command)  # auditor.cli.worker: a Celery worker for --distributed runs
app.command("verify")(verify_command)  # auditor.cli.integrity: a run or report against its signed manifest
app.add_typer(keys_app, name="keys")
app.add_typer(feeds_app, name="feeds")  # auditor.cli.feeds: vulnerability feeds (update, import, status)
app.add_typer(config_app, name="config")  # auditor.cli.lint: config check
app.add_typer(waivers_app, name="waivers")  # auditor.cli.lint: waivers check
app.command("deliver")(deliver_command)  # auditor.cli.deliver: e-mail each client its periodic report
app.add_typer(export_app, name="export")  # auditor.cli.export: finding lifecycles for an auditor's sample
schedule_app.command("deliver")(schedule_deliver_command)
app.command("serve")(serve_command)  # auditor.cli.portal: the web portal (imports its framework lazily)
app.add_typer(tickets_app, name="tickets")  # auditor.cli.tickets: PSA tickets (sync, list)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
waivers_app.command("import")(waivers_import)  # auditor.cli.portal: a waivers file into the store's waivers
waivers_app.command("export")(waivers_export)  # auditor.cli.portal: the store's approved waivers as a file


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", is_eager=True, callback=version_option, help="Print the version and exit.")
    ] = False,
) -> None:
    """Agentless patch and security compliance auditor for MSPs."""


@app.command("sudoers")
def sudoers(
    user: Annotated[str, typer.Option("--user", "-u", help="The unprivileged audit account.")],
    checks: Annotated[
        str | None, typer.Option("--checks", help="Comma-separated check ids or globs [default: all].")
    ] = None,
) -> None:
    """Print the sudoers allowlist (exact commands) the selected checks need in least-privilege mode."""
    from auditor.checklib.sudoers import sudoers_for_checks

    selected = [part.strip() for part in checks.split(",") if part.strip()] if checks else None
    sys.stdout.write(sudoers_for_checks(user=user, selected=selected))


@app.command("fix")
def fix(
    run_id: Annotated[str, typer.Option("--run", help="Run id, unique prefix, or 'latest'.")] = "latest",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Playbook to write [default: stdout].")] = None,
    db: DbOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Write an Ansible playbook fixing the failed, fixable findings of a stored run (try it with --check)."""
    from auditor.run.ops import playbook_for_run

    text, summary = playbook_for_run(run=run_id, db=db, limit=limit)
    write_output(output, text)
    typer.echo(summary, err=True)


@app.command()
def report(
    run_id: Annotated[str, typer.Option("--run", help="Run id, unique prefix, or 'latest'.")] = "latest",
    fmt: Annotated[str, typer.Option("--format", help=f"One of {', '.join((*FORMATS, *CLIENT_FORMATS))}.")] = "html",
    client: Annotated[
        str | None, typer.Option("--client", help="Report on this client only [default: all clients].")
    ] = None,
    limit: LimitOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; - or none: stdout.", metavar="FILE")
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    re_evaluate: Annotated[
        bool, typer.Option("--re-evaluate", help="Re-run the current checks over the stored evidence.")
    ] = False,
    waivers: WaiversOpt = None,
    period: Annotated[
        str | None, typer.Option("--period", help="Client report: a month, e.g. 2026-11 [default: last month].")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="Client report: first day, e.g. 2026-11-03.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Client report: last day (included).")] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Client report or onboarding language: en or fr [default: the client's]."),
    ] = None,
    appendix: Annotated[
        bool, typer.Option("--appendix", help="Client report: add a technical appendix per host with evidence.")
    ] = False,
    inventory: Annotated[
        str | None,
        typer.Option("--inventory", "-i", help="Client report: inventory to read auditor_report_language from."),
    ] = None,
) -> None:
    """Render a stored run again (offline; scores are recomputed with the current weights), or a
    client's periodic report from the runs of a period (--format client or client-pdf).

    The onboarding assessment (--format onboarding or onboarding-pdf) holds one client per file:
    --client NAME writes one to -o FILE or stdout; without it, -o FOLDER gets every client's file.
    """
    output = None if output == STDOUT else output
    if limit is not None and fmt in (*CLIENT_FORMATS, "onboarding", "onboarding-pdf"):
        raise ConfigError(f"--limit selects hosts of one run; --format {fmt} reports on a whole client (use --client)")
    if fmt in CLIENT_FORMATS:
        from auditor.run.clientreport import ClientReportRequest, render_client_report

        if not client:
            raise ConfigError(f"--format {fmt} needs --client NAME: a client report holds one client only")
        request = ClientReportRequest(
            client=client,
            fmt=fmt,
            now=datetime.now(UTC),
            period=period,
            since=since,
            until=until,
            language=lang,
            appendix=appendix,
            db=db,
            config=config,
            inventory=inventory,
        )
        content = render_client_report(request)
    elif fmt in ("onboarding", "onboarding-pdf"):
        from auditor.run.onboarding import OnboardingRequest, report_onboarding

        onboarding = OnboardingRequest(
            run=run_id,
            fmt=fmt,
            client=client,
            language=lang,
            output=output,
            db=db,
            config=config,
            re_evaluate=re_evaluate,
            waivers=waivers,
        )
        for path in report_onboarding(onboarding):
            typer.echo(f"wrote {path}", err=True)
        return
    else:
        from auditor.run.offline import render_stored

        (chosen,) = parse_formats(fmt)[:1]
        content = render_stored(
            run=run_id,
            fmt=chosen,
            db=db,
            config=config,
            re_evaluate=re_evaluate,
            client=client,
            waivers=waivers,
            limit=limit,
        )
    write_output(output, content)


@app.command("diff")
def diff(
    base: Annotated[str, typer.Argument(help="The earlier run: id, unique prefix or 'latest'.")],
    head: Annotated[str, typer.Argument(help="The later run.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    still_open: Annotated[bool, typer.Option("--still-open", help="Also list the findings still open.")] = False,
    limit: LimitOpt = None,
) -> None:
    """Show what changed between two stored runs: new, regressed, resolved, still-open findings."""
    from auditor.cli.console import print_diff
    from auditor.run.ops import diff_json, stored_diff

    if fmt not in ("text", "json"):
        raise ConfigError(f"unknown diff format {fmt!r}; choose text or json")
    result = stored_diff(base=base, head=head, db=db, config=config, limit=limit)
    if fmt == "json":
        sys.stdout.write(diff_json(result))
        return
    console = InertConsole()
    if not console.is_terminal:
        console = InertConsole(width=200)  # piped into a ticket or a file: do not truncate check ids
    print_diff(console, result, still_open=still_open)


@app.command("prune")
def prune(
    keep: Annotated[str, typer.Option("--keep", help="Keep raw evidence this long, e.g. 90d, 12w, 48h.")],
    db: DbOpt = None,
) -> None:
    """Drop raw evidence of old runs; run summaries, results and finding history are kept."""
    from auditor.run.ops import prune_stored

    runs, rows, cutoff = prune_stored(keep=keep, db=db)
    InertConsole().print(
        f"pruned raw evidence of {runs} run(s) started before {cutoff:%Y-%m-%d %H:%M} UTC ({rows} rows)"
    )


@app.command("runs")
def runs(
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="How many runs, newest first.")] = 20,
    client: Annotated[str | None, typer.Option("--client", help="Only runs that audited this client.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List stored runs, newest first."""
    from auditor.cli.console import print_runs
    from auditor.cli.jsonout import runs_json
    from auditor.run.runlist import stored_runs

    where, infos = stored_runs(db=db, limit=limit, client=client)
    if as_json:
        sys.stdout.write(runs_json(infos, where=where))
        return
    print_runs(InertConsole(), infos, where=where)


@inventory_app.command("show")
def inventory_show(
    inventory: InventoryOpt,
    limit: Annotated[str | None, typer.Option("--limit", "-l", help="Hosts or groups (Ansible pattern).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List clients and their hosts as auditor resolves them."""
    from auditor.cli.console import print_inventory
    from auditor.cli.jsonout import inventory_json
    from auditor.inventory import load_inventory

    selection = load_inventory(inventory).select(limit)
    if as_json:
        sys.stdout.write(inventory_json(selection, name=inventory))
        return
    print_inventory(InertConsole(), selection, name=inventory)


@checks_app.command("list")
def checks_list(
    checks: Annotated[str | None, typer.Option("--checks", help="Comma-separated check ids or globs.")] = None,
    profile: ProfileOpt = None,
    checks_dirs: ChecksDirOpt = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the checks with their category, severity and needed facts."""
    from auditor.cli.console import print_checks
    from auditor.cli.jsonout import checks_json
    from auditor.run.selection import listed_checks

    library = listed_checks(selected=checks, profile=profile, checks_dirs=tuple(checks_dirs or ()), config=config)
    if as_json:
        sys.stdout.write(checks_json(library))
        return
    print_checks(InertConsole(), library)


@checks_app.command("show")
def checks_show(
    check_id: Annotated[str, typer.Argument(help="A check id, e.g. ssh-weak-macs.")],
    checks_dirs: ChecksDirOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show one check: what it asks, how it decides, the facts it reads, its framework mappings and cases."""
    from auditor.run.selection import show_check

    show_check(check_id, checks_dirs=tuple(checks_dirs or ()), config=config)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def main(argv: list[str] | None = None) -> int:
    """Entry point: one line per error, documented exit codes, --debug for tracebacks."""
    # paramiko logs connection failures with tracebacks; auditor reports them as host errors instead
    logging.getLogger("paramiko").addHandler(logging.NullHandler())
    logging.getLogger("paramiko").propagate = False
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    try:
        code = app(args=args, prog_name="auditor", standalone_mode=False)
    except Abort:
        print("auditor: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except TyperException as exc:
        print(f"auditor: error: {inert(exc.format_message())}", file=sys.stderr)
        return ExitCode.USAGE
    except AuditorError as exc:
        if debug:
            raise
        print(f"auditor: error: {inert(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except Exception as exc:  # a bug, not bad input: still one line, the traceback only with --debug
        if debug:
            raise
        print(f"auditor: internal error: {type(exc).__name__}: {_one_line(exc)} (--debug shows where)", file=sys.stderr)
        return ExitCode.INTERNAL
    if code == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into exit code 130 on its own, silently
        print("auditor: interrupted; finished hosts were kept, the run is marked incomplete", file=sys.stderr)
    return int(code or 0)


plain_help(app)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
