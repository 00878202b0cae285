"""The `auditor` command: parses arguments and calls the pipeline; it holds no audit logic.

Every AuditorError becomes one line on stderr and its documented exit code (auditor.core.errors.ExitCode);
a traceback appears only with --debug.
"""

from __future__ import annotations

import getpass
import logging
import os
import secrets
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.exceptions import Abort, TyperException

from auditor import __version__
from auditor.cli.deliver import deliver_command, schedule_deliver_command
from auditor.cli.integrity import keys_app, verify_command
from auditor.core.errors import AuditorError, ConfigError, ExitCode
from auditor.core.terminal import inert
from auditor.report.render import CLIENT_FORMATS
from auditor.report.render import FORMATS as REPORT_FORMATS
from auditor.run.distributed.cli import worker_command

if TYPE_CHECKING:
    from auditor.run.distributed.options import DistributedOptions

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
schedule_app = typer.Typer(no_args_is_help=True, help="Schedule nightly audits and monthly report delivery.")
app.add_typer(schedule_app, name="schedule")
app.command("worker")(worker_command)  # auditor.run.distributed.cli: a Celery worker for --distributed runs
app.command("verify")(verify_command)  # auditor.cli.integrity: a run or report against its signed manifest
app.add_typer(keys_app, name="keys")
app.command("deliver")(deliver_command)  # auditor.cli.deliver: e-mail each client its periodic report
schedule_app.command("deliver")(schedule_deliver_command)

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
ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help="Check profile: baseline, strict, or a profile .yaml file [default: the config's, else all checks].",
    ),
]
ChecksDirOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--checks-dir",
        help="Folder of custom checks in the library's format (repeatable; adds to the config's checks_dirs).",
    ),
]
FORMATS = REPORT_FORMATS  # one list: auditor.report.render.FORMATS
WaiversOpt = Annotated[
    Path | None, typer.Option("--waivers", help="Waivers file (YAML) [default: the config's `waivers`].")
]


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
        str, typer.Option("--format", help=f"Reports to write, comma-separated: {', '.join(FORMATS)}.")
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
    waivers: WaiversOpt = None,
    profile: ProfileOpt = None,
    checks_dirs: ChecksDirOpt = None,
    transport: Annotated[
        str, typer.Option("--transport", help="ssh (auditor's own) or ansible (ansible-runner, Ansible's inventory).")
    ] = "ssh",
    ssh_config: Annotated[
        Path | None, typer.Option("--ssh-config", help="ssh config file [default: ~/.ssh/config if present].")
    ] = None,
    vault_password_file: Annotated[
        Path | None, typer.Option("--vault-password-file", help="Ansible vault password file (--transport ansible).")
    ] = None,
    key_passphrase_env: Annotated[
        str, typer.Option("--key-passphrase-env", help="Environment variable holding the private key passphrase.")
    ] = "AUDITOR_KEY_PASSPHRASE",  # noqa: S107 - a variable name, not a passphrase
    least_privilege: Annotated[
        bool,
        typer.Option(
            "--least-privilege", help="Run as the login user; only the commands `auditor sudoers` lists use sudo."
        ),
    ] = False,
    distributed: Annotated[
        bool,
        typer.Option("--distributed", help="Send hosts to `auditor worker`s by site queue (--broker, shared --db)."),
    ] = False,
    broker: Annotated[
        str | None,
        typer.Option(
            "--broker", envvar="AUDITOR_BROKER", help="Celery broker URL for --distributed: redis://, rediss://."
        ),
    ] = None,
    wait_timeout: Annotated[
        float,
        typer.Option(
            "--wait-timeout", min=1.0, help="--distributed: seconds to wait for workers; then missing hosts are errors."
        ),
    ] = 3600.0,
) -> None:
    """Audit the hosts of an inventory, store the run and write reports."""
    from auditor.run.runner import RunRequest, execute_run
    from auditor.transport.choose import TRANSPORTS, ConnectionSettings

    if transport not in TRANSPORTS:
        raise ConfigError(f"unknown transport {transport!r}; choose from {', '.join(TRANSPORTS)}")
    connection = ConnectionSettings(
        transport="ansible" if transport == "ansible" else "ssh",
        ssh_config=ssh_config,
        vault_password_file=vault_password_file,
        key_passphrase=os.environ.pop(key_passphrase_env, None) or None,
        least_privilege=least_privilege,
    )

    # taken out of the environment, so that no child process (ansible-playbook, a ProxyCommand) inherits it
    become_password = os.environ.pop(become_password_env, None) or None
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
        waivers=waivers,
        connection=connection,
        profile=profile,
        checks_dirs=tuple(checks_dirs or ()),
        distributed=_distributed(distributed, broker=broker, wait_timeout=wait_timeout),
    )
    raise typer.Exit(int(execute_run(request)))


def _distributed(enabled: bool, *, broker: str | None, wait_timeout: float) -> DistributedOptions | None:
    from auditor.run.distributed.options import DistributedOptions

    if not enabled:
        return None
    if not broker:
        raise ConfigError("--distributed needs --broker redis://HOST:6379/0 (or AUDITOR_BROKER)")
    return DistributedOptions(broker=broker, wait_timeout=wait_timeout)


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
) -> None:
    """Write an Ansible playbook fixing the failed, fixable findings of a stored run (try it with --check)."""
    from auditor.report.remediation import playbook_for_run

    text, summary = playbook_for_run(run=run_id, db=db)
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text.encode("utf-8"))
        typer.echo(f"wrote {output}", err=True)
    typer.echo(summary, err=True)


@app.command()
def report(
    run_id: Annotated[str, typer.Option("--run", help="Run id, unique prefix, or 'latest'.")] = "latest",
    fmt: Annotated[str, typer.Option("--format", help=f"One of {', '.join((*FORMATS, *CLIENT_FORMATS))}.")] = "html",
    client: Annotated[
        str | None, typer.Option("--client", help="Report on this client only [default: all clients].")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write [default: stdout].")] = None,
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
        from auditor.run.runner import render_stored

        (chosen,) = _formats(fmt)[:1]
        content = render_stored(
            run=run_id, fmt=chosen, db=db, config=config, re_evaluate=re_evaluate, client=client, waivers=waivers
        )
    if output is None:
        if isinstance(content, bytes):  # PDF
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
        return
    _write(output, content if isinstance(content, bytes) else content.encode("utf-8"))
    typer.echo(f"wrote {output}", err=True)


@app.command("diff")
def diff(
    base: Annotated[str, typer.Argument(help="The earlier run: id, unique prefix or 'latest'.")],
    head: Annotated[str, typer.Argument(help="The later run.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Show what changed between two stored runs: new, regressed, resolved, still-open findings."""
    from auditor.run.ops import diff_command

    if fmt not in ("text", "json"):
        raise ConfigError(f"unknown diff format {fmt!r}; choose text or json")
    diff_command(base=base, head=head, db=db, config=config, fmt=fmt)


@app.command("prune")
def prune(
    keep: Annotated[str, typer.Option("--keep", help="Keep raw evidence this long, e.g. 90d, 12w, 48h.")],
    db: DbOpt = None,
) -> None:
    """Drop raw evidence of old runs; run summaries, results and finding history are kept."""
    from auditor.run.ops import prune_command

    prune_command(keep=keep, db=db)


@schedule_app.command("install")
def schedule_install(
    inventory: InventoryOpt,
    at: Annotated[str, typer.Option("--at", help="Local time of the nightly run, HH:MM.")] = "02:00",
    systemd_dir: Annotated[Path | None, typer.Option("--systemd-dir", help="Write the timer here.")] = None,
    cron_file: Annotated[Path | None, typer.Option("--cron-file", help="Write a cron entry here instead.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would be written.")] = False,
    extra: Annotated[list[str] | None, typer.Argument(help="More `auditor run` options, after --.")] = None,
) -> None:
    """Install a nightly audit: a systemd timer where systemd runs, else a cron entry."""
    from auditor.run.ops import install_schedule

    for path in install_schedule(
        inventory=inventory, at=at, extra=extra or [], systemd_dir=systemd_dir, cron_file=cron_file, dry_run=dry_run
    ):
        if not dry_run:
            typer.echo(f"wrote {path}", err=True)


@app.command("runs")
def runs(db: DbOpt = None, limit: Annotated[int, typer.Option(min=1)] = 20) -> None:
    """List stored runs, newest first."""
    from auditor.run.runner import list_runs

    list_runs(db=db, limit=limit)


@inventory_app.command("show")
def inventory_show(inventory: InventoryOpt, limit: Annotated[str | None, typer.Option("--limit", "-l")] = None) -> None:
    """List clients and their hosts as auditor resolves them."""
    from auditor.run.runner import show_inventory

    show_inventory(inventory=inventory, limit=limit)


@checks_app.command("list")
def checks_list(
    checks: Annotated[str | None, typer.Option("--checks")] = None,
    profile: ProfileOpt = None,
    checks_dirs: ChecksDirOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List the checks with their category, severity and needed facts."""
    from auditor.run.runner import show_checks

    show_checks(selected=checks, profile=profile, checks_dirs=tuple(checks_dirs or ()), config=config)


@checks_app.command("show")
def checks_show(
    check_id: Annotated[str, typer.Argument(help="A check id, e.g. ssh-weak-macs.")],
    checks_dirs: ChecksDirOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show one check: what it asks, how it decides, the facts it reads, its framework mappings and cases."""
    from auditor.run.runner import show_check

    show_check(check_id, checks_dirs=tuple(checks_dirs or ()), config=config)


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
