"""Opening the run store: its URL, the engine (migrated on open), sessions, and safe messages.

SQLite by default at $XDG_DATA_HOME/auditor/auditor.db (~/.local/share/auditor/auditor.db);
any SQLAlchemy URL (or a file path) with --db / AUDITOR_DB. A URL is shown in messages only
through safe_url, which hides its password.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from auditor.core.errors import RunNotFoundError, StoreError
from auditor.store.db import migrate
from auditor.store.location import engine_url, sqlite_file


def default_db_url() -> str:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'auditor' / 'auditor.db'}"


def to_url(db: str | None) -> str:
    """A SQLAlchemy URL from --db: a URL as is, a path as SQLite, nothing as the default location."""
    value = db or os.environ.get("AUDITOR_DB")
    if not value:
        return default_db_url()
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def open_engine(url: str, *, existing: bool = False) -> tuple[Engine, bool]:
    """An engine on the store at `url`, migrated to the current schema, and whether it is read-only;
    StoreError in one line if it cannot be opened.

    A SQLite file this process cannot write, or one opened with `?mode=ro`, is opened read-only
    (report, runs and diff still work) and must already be at the current schema, since it cannot
    be migrated. SQLite paths are resolved first (auditor.store.location), so every spelling of one
    file opens the same file. With `existing` (commands that only read), a SQLite file that is not
    there is an error rather than a new empty store at a mistyped path.
    """
    found = sqlite_file(url)
    if existing and found is not None and not found.path.is_file():
        raise RunNotFoundError(f"no run store at {found.path}: check --db (or AUDITOR_DB), or run `auditor run` first")
    read_only = found is not None and found.read_only
    url_to_open = engine_url(url)
    if found is not None and not found.read_only:
        _make_parent(found.path)
        read_only, url_to_open = _sqlite_read_only(found.path, url_to_open)
    try:
        engine = create_engine(url_to_open)
    except ImportError as exc:  # mysql:// without mysqlclient, postgresql:// without psycopg2
        raise StoreError(
            f"cannot open the run store {safe_url(url)}: its database driver is not installed ({exc.name or exc})"
        ) from None
    except (SQLAlchemyError, ValueError) as exc:
        raise StoreError(f"cannot open the run store {safe_url(url)}: {first_line(exc)}") from None
    try:
        if read_only:
            migrate.require_current(engine)
            return engine, True
        if found is not None:
            event.listen(engine, "connect", _sqlite_pragmas)
        migrate.upgrade(engine)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot open the run store {safe_url(url)}: {exc.__class__.__name__}: {first_line(exc)}"
        ) from None
    return engine, False


def _sqlite_read_only(path: Path, url: str) -> tuple[bool, str]:
    """(read-only?, the URL to open) for a SQLite file: an existing file this process cannot write,
    or one on a read-only filesystem, is opened read-only; `immutable` where SQLite could not even
    create its shared-memory file beside it (no writer can exist there anyway)."""
    if not path.is_file() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return False, url
    folder_writable = os.access(path.parent, os.W_OK)
    immutable = "" if folder_writable else "&immutable=1"
    return True, f"sqlite:///file:{path}?mode=ro{immutable}&uri=true"


def _make_parent(path: Path) -> None:
    """The SQLite file's folder, created if missing; a path through a file is one clear error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        reason = f"{blocking} is a file, not a folder" if blocking else exc.strerror
        raise StoreError(f"cannot create the folder of the run store {path}: {reason}") from None


@contextmanager
def session_scope(engine: Engine, url: str) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back (and reported in one line) on a database error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(f"run store {safe_url(url)}: {first_line(exc)}") from None


def _sqlite_pragmas(connection: Any, _record: object) -> None:
    """Write-ahead log with NORMAL sync: a host's commit no longer waits for several fsyncs (33 ms
    of each host's store time), and stays durable if the process dies; only a power cut can lose
    the last commits. Readers (a report rendered during a run) no longer block the writer."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything auditor stores is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def safe_url(url: str) -> str:
    """The URL without a password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError):
        return "<db url>"
