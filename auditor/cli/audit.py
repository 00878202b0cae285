"""The `auditor run` command: its options become a RunRequest; the run's outcome is printed here.

Registered by auditor.cli.main. auditor.run.runner does the work and prints nothing; the
progress display and the summary come from auditor.cli.console.
"""

from __future__ import annotations

import getpass
import os
import secrets
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from auditor import __version__
from auditor.cli.console import ConsoleProgress, print_outcome
from auditor.cli.options import (
    FORMATS,
    STDOUT,
    ChecksDirOpt,
    ConfigOpt,
    DbOpt,
    InventoryOpt,
    ProfileOpt,
    WaiversOpt,
    parse_formats,
)
from auditor.core.errors import ConfigError
from auditor.core.terminal import InertConsole

if TYPE_CHECKING:
    from auditor.run.distributed.options import DistributedOptions


def run_command(
    inventory: InventoryOpt,
    limit: Annotated[
        str | None, typer.Option("--limit", "-l", help="Hosts or groups to audit (Ansible pattern).")
    ] = None,
    checks: Annotated[
        str | None, typer.Option("--checks", help="Comma-separated check ids or globs [default: all].")
    ] = None,
    forks: Annotated[int, typer.Option("--forks", "-f", min=1, max=1000, help="Hosts audited at once.")] = 20,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            help=f"Reports to write, comma-separated: {', '.join(FORMATS)} [default: html,json; json with -o -].",
        ),
    ] = None,
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", help="Folder for the reports; - writes one report to stdout.")
    ] = Path("auditor-reports"),
    keep_reports: Annotated[
        str | None, typer.Option("--keep-reports", help="Delete report files in the folder older than this, e.g. 30d.")
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    feeds: Annotated[
        Path | None,
        typer.Option(
            "--feeds", help="Vulnerability feeds index [default: $AUDITOR_FEEDS or the data directory's, if present]."
        ),
    ] = None,
    feed_max_age_days: Annotated[
        float, typer.Option("--feed-max-age-days", min=0.0, help="Warn when a vulnerability feed is older than this.")
    ] = 7.0,
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
    allow_unmatched_waivers: Annotated[
        bool,
        typer.Option("--allow-unmatched-waivers", help="Accept waivers naming no known check, client, group or host."),
    ] = False,
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
    # imported here, not at the top: `auditor --help` must not load the run, the store or the reports
    from auditor.run.onboarding import ONBOARDING_FORMATS
    from auditor.run.ops import parse_duration
    from auditor.run.outputs import stream_report
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
    to_stdout = output_dir == STDOUT
    chosen = parse_formats(formats or ("json" if to_stdout else "html,json"))
    if to_stdout and (len(chosen) != 1 or chosen[0] in ONBOARDING_FORMATS):
        raise ConfigError("-o - writes one report to stdout: give one --format (not onboarding), e.g. --format json")
    request = RunRequest(
        inventory=inventory,
        limit=limit,
        checks=checks,
        forks=forks,
        formats=[] if to_stdout else chosen,
        output_dir=output_dir,
        db=db,
        config=config,
        known_hosts=known_hosts,
        trust_on_first_use=trust_on_first_use,
        connect_timeout=connect_timeout,
        command_timeout=command_timeout,
        become_password=become_password,
        operator=f"{getpass.getuser()}@{socket.gethostname()}",
        run_id=f"{datetime.now().astimezone():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}",
        auditor_version=__version__,
        waivers=waivers,
        allow_unmatched_waivers=allow_unmatched_waivers,
        keep_reports=parse_duration(keep_reports) if keep_reports else None,
        connection=connection,
        profile=profile,
        checks_dirs=tuple(checks_dirs or ()),
        distributed=_distributed(distributed, broker=broker, wait_timeout=wait_timeout),
        feeds=feeds,
        feed_max_age_days=feed_max_age_days,
    )
    console = InertConsole(stderr=True)
    outcome = execute_run(request, progress=ConsoleProgress(console, show=progress))
    if to_stdout:
        stream_report(outcome.view, chosen[0], sys.stdout.buffer, branding=outcome.branding)
    print_outcome(console, outcome)
    raise typer.Exit(int(outcome.exit_code))


def _distributed(enabled: bool, *, broker: str | None, wait_timeout: float) -> DistributedOptions | None:
    from auditor.run.distributed.options import DistributedOptions

    if not enabled:
        return None
    if not broker:
        raise ConfigError("--distributed needs --broker redis://HOST:6379/0 (or AUDITOR_BROKER)")
    return DistributedOptions(broker=broker, wait_timeout=wait_timeout)
