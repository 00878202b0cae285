"""`auditor runs` on a SQLite store without SQLAlchemy: the stdlib sqlite3, read-only.

Importing SQLAlchemy and the schema is most of a second, several times what listing twenty rows
takes. For a store named by a path (or a plain `sqlite:///PATH` URL) that is already at the newest
schema revision, the runs are read here through SQLite's own read-only mode, which can never create
or write a file; a missing file is the store's own one-line error. Anything else (PostgreSQL, a URL
with options, a store that needs migrating, any database or decoding error) answers None, and the
caller opens the store as every other command does, which gives the same rows or the one-line error
this path does not try to word.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from auditor.core.errors import RunNotFoundError
from auditor.store.db.revision import head_revision

# The fields a listing shows, taken out of each run's info document by SQLite (its JSON functions):
# the document holds every selected check's metadata, and parsing it whole was most of the read.
_NEWEST = (
    "SELECT json_object('id', json_extract(info, '$.id'), 'started_at', json_extract(info, '$.started_at'),"
    " 'finished_at', json_extract(info, '$.finished_at'), 'complete', json_extract(info, '$.complete'),"
    " 'inventory', json_extract(info, '$.inventory'), 'limit', json_extract(info, '$.limit'),"
    " 'profile', json_extract(info, '$.profile'), 'auditor_version', json_extract(info, '$.auditor_version'),"
    " 'checks', json_array_length(info, '$.checks')) FROM runs"
    " ORDER BY started_at DESC LIMIT ?"
)
_NEWEST_OF_CLIENT = (
    "SELECT json_object('id', json_extract(info, '$.id'), 'started_at', json_extract(info, '$.started_at'),"
    " 'finished_at', json_extract(info, '$.finished_at'), 'complete', json_extract(info, '$.complete'),"
    " 'inventory', json_extract(info, '$.inventory'), 'limit', json_extract(info, '$.limit'),"
    " 'profile', json_extract(info, '$.profile'), 'auditor_version', json_extract(info, '$.auditor_version'),"
    " 'checks', json_array_length(info, '$.checks')) FROM runs"
    " WHERE id IN (SELECT run_id FROM hosts WHERE client = ?) ORDER BY started_at DESC LIMIT ?"
)


@dataclass(frozen=True)
class RunLine:
    """What `auditor runs` shows of one stored run."""

    id: str
    started_at: datetime
    finished_at: datetime | None
    complete: bool
    inventory: str
    limit: str | None
    profile: str | None
    auditor_version: str
    checks: int  # how many checks the run selected

    @classmethod
    def of(cls, info: Mapping[str, Any]) -> RunLine:
        """From a run's stored info document (RunInfo as JSON); KeyError, TypeError or ValueError if it is not one."""
        finished = info.get("finished_at")
        return cls(
            id=str(info["id"]),
            started_at=datetime.fromisoformat(info["started_at"]),
            finished_at=datetime.fromisoformat(finished) if finished else None,
            complete=bool(info.get("complete", False)),
            inventory=str(info["inventory"]),
            limit=info.get("limit"),
            profile=info.get("profile"),
            auditor_version=str(info["auditor_version"]),
            checks=_count(info.get("checks")),
        )


def _count(checks: object) -> int:
    """The number of checks: a count where SQLite counted them, the list's length in a whole document."""
    if isinstance(checks, int):
        return checks
    return len(checks) if isinstance(checks, list) else 0


def sqlite_path(db: str | None) -> Path | None:
    """The SQLite file `--db` (or AUDITOR_DB, or the default location) names, when it is a plain path
    or a `sqlite:///PATH` URL without options; None for anything this path leaves to SQLAlchemy."""
    value = db or os.environ.get("AUDITOR_DB")
    if not value:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        return (base / "auditor" / "auditor.db").resolve()
    if "://" not in value:
        return Path(value).expanduser().resolve()
    rest = value.removeprefix("sqlite:///")
    if rest == value or not rest or "?" in rest or rest.startswith("file:") or rest == ":memory:":
        return None
    return Path(rest).expanduser().resolve()


def quick_runs(db: str | None, *, limit: int, client: str | None = None) -> tuple[str, list[RunLine]] | None:
    """(the store's URL, its newest runs) read through sqlite3 read-only, or None (see the module's doc)."""
    path = sqlite_path(db)
    if path is None:
        return None
    if not path.is_file():
        raise RunNotFoundError(f"no run store at {path}: check --db (or AUDITOR_DB), or run `auditor run` first")
    head = head_revision()
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
        if head is None or versions != [head]:
            return None
        query, arguments = (_NEWEST, (limit,)) if client is None else (_NEWEST_OF_CLIENT, (client, limit))
        documents = [row[0] for row in connection.execute(query, arguments)]
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    try:
        lines = [RunLine.of(json.loads(document)) for document in documents]
    except (KeyError, TypeError, ValueError):
        return None
    return f"sqlite:///{path}", lines
