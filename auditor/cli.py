"""The `auditor` command: parses arguments and calls the pipeline; it holds no audit logic.

Every AuditorError becomes one line on stderr and its documented exit code (auditor.errors.ExitCode);
a traceback appears only with --debug.
"""

from __future__ import annotations

import getpass
import os
import secrets
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from typer.exceptions import Abort, TyperException

from auditor import __version__
from auditor.errors import AuditorError, ConfigError, ExitCode

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

InventoryOpt = Annotated[
    str, typer.Option("--inventory", "-i", help="Ansible inventory: INI/YAML file, directory or 'h1,h2,'.")
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Run store: SQLAlchemy URL or SQLite file [default: ~/.local/share/auditor/auditor.db, or $AUDITOR_DB].",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (TOML) [default: ~/.config/auditor/config.toml if present]."),
]
FORMATS = ("html", "json")


def _formats(value: str) -> list[str]:
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in FORMATS]
    if unknown or not chosen:
        raise ConfigError(f"unknown report format {','.join(unknown) or value!r}; choose from {', '.join(FORMATS)}")
    return chosen


@app.command()
def run(
    inventory: InventoryOpt,
    limit: Annotated[
        str | None, typer.Option("--limit", "-l", help="Hosts or groups to audit (Ansible pattern).")
    ] = None,
    checks: Annotated[
        str | None, typer.Option("--checks", help="Comma-separated check ids or globs [default: all].")
    ] = None,
    forks: Annotated[int, typer.Option("--forks", "-f", min=1, max=1000, help="Hosts audited at once.")] = 20,
    formats: Annotated[
        str, typer.Option("--format", help="Reports to write: html, json or both (comma-separated).")
    ] = "html,json",
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", help="Where reports are written.")] = Path(
        "auditor-reports"
    ),
    db: DbOpt = None,
    config: ConfigOpt = None,
    known_hosts: Annotated[
        Path | None, typer.Option("--known-hosts", help="known_hosts file [default: ~/.ssh/known_hosts].")
    ] = None,
    trust_on_first_use: Annotated[
        bool,
        typer.Option(
            "--trust-on-first-use", help="Accept and record unknown host keys (changed keys are still refused)."
        ),
    ] = False,
    connect_timeout: Annotated[
        float, typer.Option("--connect-timeout", min=0.1, help="Seconds to connect and authenticate.")
    ] = 10.0,
    command_timeout: Annotated[
        float, typer.Option("--command-timeout", min=1.0, help="Seconds for the collector on one host.")
    ] = 300.0,
    become_password_env: Annotated[
        str, typer.Option("--become-password-env", help="Environment variable holding the sudo password.")
    ] = "AUDITOR_BECOME_PASSWORD",  # noqa: S107 - a variable name, not a password
    ask_become_pass: Annotated[
        bool, typer.Option("--ask-become-pass", "-K", help="Prompt for the sudo password.")
    ] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress display on a terminal.")] = True,
) -> None:
    """Audit the hosts of an inventory, store the run and write reports."""
    from auditor.runner import RunRequest, execute_run

    become_password = os.environ.get(become_password_env) or None
    if ask_become_pass:
        become_password = getpass.getpass("BECOME password: ") or None
    request = RunRequest(
        inventory=inventory,
        limit=limit,
        checks=checks,
        forks=forks,
        formats=_formats(formats),
        output_dir=output_dir,
        db=db,
        config=config,
        known_hosts=known_hosts,
        trust_on_first_use=trust_on_first_use,
        connect_timeout=connect_timeout,
        command_timeout=command_timeout,
        become_password=become_password,
        show_progress=progress,
        operator=f"{getpass.getuser()}@{socket.gethostname()}",
        run_id=f"{datetime.now().astimezone():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}",
        auditor_version=__version__,
    )
    raise typer.Exit(int(execute_run(request)))


@app.command()
def report(
    run_id: Annotated[str, typer.Option("--run", help="Run id, unique prefix, or 'latest'.")] = "latest",
    fmt: Annotated[str, typer.Option("--format", help="html or json.")] = "html",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write [default: stdout].")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    re_evaluate: Annotated[
        bool, typer.Option("--re-evaluate", help="Re-run the current checks over the stored evidence.")
    ] = False,
) -> None:
    """Render a stored run again (offline; scores are recomputed with the current weights)."""
    from auditor.runner import render_stored

    (chosen,) = _formats(fmt)[:1]
    text = render_stored(run=run_id, fmt=chosen, db=db, config=config, re_evaluate=re_evaluate)
    if output is None:
        sys.stdout.write(text)
        return
    _write(output, text)
    typer.echo(f"wrote {output}", err=True)


@app.command("runs")
def runs(db: DbOpt = None, limit: Annotated[int, typer.Option(min=1)] = 20) -> None:
    """List stored runs, newest first."""
    from auditor.runner import list_runs

    list_runs(db=db, limit=limit)


@inventory_app.command("show")
def inventory_show(inventory: InventoryOpt, limit: Annotated[str | None, typer.Option("--limit", "-l")] = None) -> None:
    """List clients and their hosts as auditor resolves them."""
    from auditor.runner import show_inventory

    show_inventory(inventory=inventory, limit=limit)


@checks_app.command("list")
def checks_list(checks: Annotated[str | None, typer.Option("--checks")] = None) -> None:
    """List the checks with their category, severity and needed facts."""
    from auditor.runner import show_checks

    show_checks(selected=checks)


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None


def main(argv: list[str] | None = None) -> int:
    """Entry point: one line per error, documented exit codes, --debug for tracebacks."""
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
        print(f"auditor: error: {exc.format_message()}", file=sys.stderr)
        return ExitCode.USAGE
    except AuditorError as exc:
        if debug:
            raise
        print(f"auditor: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("auditor: interrupted; finished hosts were kept, the run is marked incomplete", file=sys.stderr)
        return ExitCode.INTERRUPTED
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
