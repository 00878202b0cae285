"""`auditor serve`, `auditor user`, `auditor token` and `auditor waivers import|export`: the portal and its accounts.

The web framework is imported only when `serve` runs (auditor.portal), so `auditor --help` stays
fast and a missing `portal` extra is one line of advice. Passwords come from AUDITOR_USER_PASSWORD
or a prompt, never from argv (which every local user can read in the process list).
"""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from auditor.core.errors import ConfigError

user_app = typer.Typer(no_args_is_help=True, help="Portal accounts (auditor serve).")
token_app = typer.Typer(no_args_is_help=True, help="API tokens of portal accounts.")

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Run store: SQLAlchemy URL or SQLite file [default: the default store, or $AUDITOR_DB]."),
]
PASSWORD_ENV = "AUDITOR_USER_PASSWORD"  # noqa: S105 - the variable's name, not a password


def _engine(db: str | None):  # type: ignore[no-untyped-def]
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    return Store(to_url(db)).engine


def _portal_missing(exc: ImportError) -> ConfigError:
    return ConfigError(f"the portal needs its extra: pip install 'auditor[portal]' ({exc.name} is missing)")


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8080,
    db: DbOpt = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (TOML): SLAs and scoring.")] = None,
    root_path: Annotated[
        str, typer.Option("--root-path", help="Path prefix the reverse proxy serves the portal under (e.g. /auditor).")
    ] = "",
    forwarded_allow_ips: Annotated[
        str, typer.Option("--forwarded-allow-ips", help="Proxy addresses whose X-Forwarded-* headers are trusted.")
    ] = "127.0.0.1",
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Always mark cookies Secure (TLS ends at a proxy that hides it).")
    ] = False,
) -> None:
    """Serve the web portal (fleet, clients, hosts, runs, waivers, JSON API) over the store."""
    from auditor.store.engine import to_url

    try:
        from auditor.portal.app import PortalSettings
        from auditor.portal.serve import serve
    except ImportError as exc:
        raise _portal_missing(exc) from None
    if root_path and not root_path.startswith("/"):
        raise ConfigError(f"--root-path must start with / (got {root_path!r})")
    settings = PortalSettings(db_url=to_url(db), config=config, secure_cookies=secure_cookies)
    serve(settings, host=host, port=port, root_path=root_path, forwarded_allow_ips=forwarded_allow_ips)


def _password() -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise ConfigError("the two passwords differ")
    return first


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="User name (the sign-in name).")],
    role: Annotated[str, typer.Option("--role", help="admin, technician, approver or viewer.")],
    client: Annotated[
        list[str] | None, typer.Option("--client", help="A viewer's client (repeatable); viewers only.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Add a portal user; the password comes from $AUDITOR_USER_PASSWORD or a prompt."""
    try:
        from auditor.portal.passwords import hash_password
    except ImportError as exc:
        raise _portal_missing(exc) from None
    from auditor.store import auditlog
    from auditor.store.accounts import add_user

    if not name.strip() or len(name) > 128 or any(ch.isspace() or not ch.isprintable() for ch in name):
        raise ConfigError("a user name is 1 to 128 printable characters without spaces")
    engine = _engine(db)
    try:
        password_hash = hash_password(_password())
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    account = add_user(engine, name=name, role=role, clients=client or [], password_hash=password_hash)
    auditlog.record(engine, actor="cli", action="user.added", detail=f"{account.name} as {account.role}")
    scope = f" for {', '.join(account.clients)}" if account.clients else ""
    typer.echo(f"added {account.name} ({account.role}{scope})")


@user_app.command("list")
def user_list(db: DbOpt = None) -> None:
    """Every portal user with role, clients and whether it is disabled."""
    from auditor.core.terminal import inert
    from auditor.store.accounts import list_users

    for account in list_users(_engine(db)):
        state = "disabled" if account.disabled else "active"
        clients = ",".join(account.clients) or "-"
        typer.echo(inert(f"{account.name}\t{account.role}\t{clients}\t{state}"))


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument(help="User name.")], db: DbOpt = None) -> None:
    """Disable a user: its sessions end and its API tokens stop working."""
    from auditor.store import auditlog
    from auditor.store.accounts import disable_user

    engine = _engine(db)
    disable_user(engine, name)
    auditlog.record(engine, actor="cli", action="user.disabled", detail=name)
    typer.echo(f"disabled {name}")


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "api",
    db: DbOpt = None,
) -> None:
    """Print a new API token for NAME once (only its hash is stored): Authorization: Bearer TOKEN."""
    from auditor.store import auditlog
    from auditor.store.accounts import create_token

    engine = _engine(db)
    token = create_token(engine, user=name, label=label)
    auditlog.record(engine, actor="cli", action="token.created", detail=f"{name}: {label}")
    typer.echo(token)


def waivers_import(
    file: Annotated[Path, typer.Argument(help="Waivers file (YAML).")],
    db: DbOpt = None,
) -> None:
    """Store a waivers file's entries as approved waivers (by the approver each entry names)."""
    from auditor.evaluate.waivers import load_waivers
    from auditor.store import auditlog
    from auditor.store.governance import import_entries

    entries = load_waivers(file)
    engine = _engine(db)
    added = import_entries(engine, entries, actor=f"cli:{getpass.getuser()}", now=datetime.now(UTC))
    auditlog.record(engine, actor="cli", action="waivers.imported", detail=f"{added} from {file.name}")
    typer.echo(f"imported {added} of {len(entries)} waivers ({len(entries) - added} were already stored)")


def waivers_export(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    db: DbOpt = None,
) -> None:
    """The approved waivers as a waivers file (the format --waivers and `waivers import` read)."""
    import yaml

    from auditor.store.governance import export_document

    text = yaml.safe_dump(export_document(_engine(db)), sort_keys=False, allow_unicode=True)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(f"wrote {output}")
