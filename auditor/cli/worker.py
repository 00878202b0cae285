"""The `auditor worker` command (registered by auditor.cli.main); Celery is imported only when it runs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from auditor.core.errors import ConfigError
from auditor.run.distributed.app import DEFAULT_VISIBILITY_TIMEOUT


def worker_command(
    site: Annotated[
        list[str],
        typer.Option("--site", help="A site whose queue (auditor.site.NAME) this worker serves (repeatable)."),
    ],
    broker: Annotated[
        str | None, typer.Option("--broker", envvar="AUDITOR_BROKER", help="Celery broker URL: redis://, rediss://.")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="The shared run store: postgresql+psycopg://USER@HOST/DB [default: $AUDITOR_DB]."),
    ] = None,
    known_hosts: Annotated[
        Path | None, typer.Option("--known-hosts", help="known_hosts file [default: ~/.ssh/known_hosts].")
    ] = None,
    trust_on_first_use: Annotated[
        bool, typer.Option("--trust-on-first-use", help="Accept and record unknown host keys.")
    ] = False,
    ssh_config: Annotated[
        Path | None, typer.Option("--ssh-config", help="ssh config file [default: ~/.ssh/config if present].")
    ] = None,
    become_password_env: Annotated[
        str, typer.Option("--become-password-env", help="Environment variable holding the sudo password.")
    ] = "AUDITOR_BECOME_PASSWORD",  # noqa: S107 - a variable name, not a password
    key_passphrase_env: Annotated[
        str, typer.Option("--key-passphrase-env", help="Environment variable holding the private key passphrase.")
    ] = "AUDITOR_KEY_PASSPHRASE",  # noqa: S107 - a variable name, not a passphrase
    checks_dir: Annotated[
        list[Path] | None, typer.Option("--checks-dir", help="Folder of custom checks the runs use (repeatable).")
    ] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=500, help="Hosts audited at once.")] = 8,
    retries: Annotated[
        int,
        typer.Option(
            "--retries",
            min=0,
            max=10,
            help="Re-queue a host after a transient failure this often (the SSH transport"
            " already retries a connection within one attempt).",
        ),
    ] = 1,
    retry_backoff: Annotated[
        float, typer.Option("--retry-backoff", min=0.0, help="Seconds before the first retry; doubles each time.")
    ] = 30.0,
    visibility_timeout: Annotated[
        float,
        typer.Option(
            "--visibility-timeout",
            min=1.0,
            help="Seconds after which a host task held by a dead worker is delivered again (> longest host audit).",
        ),
    ] = DEFAULT_VISIBILITY_TIMEOUT,
    sweep_every: Annotated[
        int, typer.Option("--sweep-every", min=1, help="Seconds between looks for tasks of dead workers.")
    ] = 10,
    name: Annotated[str | None, typer.Option("--name", help="Worker name [default: auditor-SITES@HOST].")] = None,
    loglevel: Annotated[str, typer.Option("--loglevel", help="DEBUG, INFO, WARNING, ERROR.")] = "INFO",
) -> None:
    """Serve `auditor run --distributed`: audit hosts from the queues of the given sites."""
    from auditor.run.distributed.worker import WorkerSettings, run_worker
    from auditor.store.engine import to_url

    if not broker:
        raise ConfigError("auditor worker needs --broker redis://HOST:6379/0 (or AUDITOR_BROKER)")
    url = to_url(db)
    if url.startswith("sqlite"):
        raise ConfigError("auditor worker needs the shared store: --db postgresql+psycopg://USER@HOST/DB")
    settings = WorkerSettings(
        sites=tuple(site),
        broker=broker,
        db=url,
        known_hosts=known_hosts,
        trust_on_first_use=trust_on_first_use,
        ssh_config=ssh_config,
        # taken out of the environment, so that no child process inherits them
        become_password=os.environ.pop(become_password_env, None) or None,
        key_passphrase=os.environ.pop(key_passphrase_env, None) or None,
        checks_dirs=tuple(checks_dir or ()),
        concurrency=concurrency,
        retries=retries,
        retry_backoff=retry_backoff,
        visibility_timeout=visibility_timeout,
        sweep_every=sweep_every,
        name=name,
        loglevel=loglevel.upper(),
    )
    run_worker(settings)
