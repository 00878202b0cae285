"""The feeds' on-disk index: one SQLite file in the data directory, read per run, never loaded whole.

An import writes a fresh copy of the index and renames it over the old one (an atomic swap on
POSIX): a run that opened the old file keeps reading it, and a failed import (corrupt file,
full disk, killed process) leaves the old index exactly as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from auditor.core.vulnmodel import EpssScore, FeedVersion, KevListing
from auditor.feeds.formats import FeedError, Fix

FEEDS_ENV = "AUDITOR_FEEDS"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    name TEXT PRIMARY KEY, source TEXT NOT NULL, version TEXT NOT NULL, published TEXT,
    imported_at TEXT NOT NULL, sha256 TEXT NOT NULL, records INTEGER NOT NULL,
    etag TEXT, last_modified TEXT
);
CREATE TABLE IF NOT EXISTS fixes (
    distro TEXT NOT NULL, release TEXT NOT NULL, source TEXT NOT NULL, cve TEXT NOT NULL,
    fixed TEXT NOT NULL, urgency TEXT, cvss REAL
);
CREATE INDEX IF NOT EXISTS fixes_by_package ON fixes (distro, release, source);
CREATE TABLE IF NOT EXISTS kev (
    cve TEXT PRIMARY KEY, date_added TEXT NOT NULL, due_date TEXT, ransomware INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS epss (cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL);
"""
# Which rows belong to which feed, so that re-importing one feed replaces only its own rows.
_FEED_ROWS = {
    "kev": ("DELETE FROM kev", ()),
    "epss": ("DELETE FROM epss", ()),
    "debian": ("DELETE FROM fixes WHERE distro = ?", ("debian",)),
    "ubuntu": ("DELETE FROM fixes WHERE distro = ?", ("ubuntu",)),
}
_BATCH = 5000


def default_index_path() -> Path:
    """$AUDITOR_FEEDS, else feeds.sqlite beside the default run store ($XDG_DATA_HOME/auditor)."""
    configured = os.environ.get(FEEDS_ENV)
    if configured:
        return Path(configured).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "auditor" / "feeds.sqlite"


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """One writer at a time (two imports at once would each swap in a copy missing the other's feed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


class IndexWriter:
    """Rows of one feed written into a scratch copy of the index; `commit` swaps it in."""

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        self._db = connection
        self.name = name
        self.records = 0

    def fixes(self, fixes: Iterable[Fix]) -> None:
        self._many(
            "INSERT INTO fixes VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((f.distro, f.release, f.source, f.cve, f.fixed, f.urgency, f.cvss) for f in fixes),
        )

    def kev(self, listings: Iterable[KevListing]) -> None:
        self._many(
            "INSERT OR REPLACE INTO kev VALUES (?, ?, ?, ?)",
            (
                (
                    k.cve,
                    k.date_added.isoformat(),
                    k.due_date.isoformat() if k.due_date else None,
                    int(k.known_ransomware),
                )
                for k in listings
            ),
        )

    def epss(self, scores: Iterable[EpssScore]) -> None:
        self._many("INSERT OR REPLACE INTO epss VALUES (?, ?, ?)", ((s.cve, s.score, s.percentile) for s in scores))

    def _many(self, statement: str, rows: Iterable[tuple[object, ...]]) -> None:
        batch: list[tuple[object, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                self._flush(statement, batch)
        self._flush(statement, batch)

    def _flush(self, statement: str, batch: list[tuple[object, ...]]) -> None:
        self._db.executemany(statement, batch)
        self.records += len(batch)
        batch.clear()


@contextlib.contextmanager
def replacing(
    index: Path, version: FeedVersion, *, etag: str | None = None, last_modified: str | None = None
) -> Iterator[IndexWriter]:
    """Replace one feed's rows: written to a copy, swapped in only if the block finishes without error."""
    with _exclusive(index):
        handle, scratch_name = tempfile.mkstemp(prefix=".feeds-", suffix=".sqlite", dir=index.parent)
        os.close(handle)
        scratch = Path(scratch_name)
        try:
            if index.exists():
                shutil.copyfile(index, scratch)
            connection = sqlite3.connect(scratch)
            try:
                connection.executescript(_SCHEMA)
                statement, parameters = _FEED_ROWS[version.name]
                connection.execute(statement, parameters)
                writer = IndexWriter(connection, version.name)
                yield writer
                if writer.records == 0:
                    raise FeedError(f"{version.source}: no {version.name} records in it; the old feed is kept")
                _record_version(connection, version.model_copy(update={"records": writer.records}), etag, last_modified)
                connection.commit()
            finally:
                connection.close()
            os.chmod(scratch, 0o644)
            os.replace(scratch, index)
        finally:
            scratch.unlink(missing_ok=True)


def _record_version(db: sqlite3.Connection, version: FeedVersion, etag: str | None, last_modified: str | None) -> None:
    db.execute(
        "INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            version.name,
            version.source,
            version.version,
            version.published.isoformat() if version.published else None,
            version.imported_at.isoformat(),
            version.sha256,
            version.records,
            etag,
            last_modified,
        ),
    )


def read_versions(index: Path) -> list[FeedVersion]:
    """The feeds in the index, with what each was imported from; [] when there is no index yet."""
    if not index.exists():
        return []
    with contextlib.closing(open_read_only(index)) as db:
        rows = db.execute(
            "SELECT name, source, version, published, imported_at, sha256, records FROM feeds ORDER BY name"
        ).fetchall()
    return [
        FeedVersion(
            name=name,
            source=source,
            version=version,
            published=datetime.fromisoformat(published) if published else None,
            imported_at=datetime.fromisoformat(imported),
            sha256=sha256,
            records=records,
        )
        for name, source, version, published, imported, sha256, records in rows
    ]


def validators(index: Path, name: str) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified of a feed's last download, for a conditional request."""
    if not index.exists():
        return None, None
    with contextlib.closing(open_read_only(index)) as db:
        row = db.execute("SELECT etag, last_modified FROM feeds WHERE name = ?", (name,)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def open_read_only(index: Path, *, shared: bool = False) -> sqlite3.Connection:
    """A read-only connection; `shared`: usable from the run's host threads (the caller serialises use)."""
    try:
        connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True, check_same_thread=not shared)
        connection.execute("SELECT 1 FROM feeds LIMIT 1")
    except sqlite3.Error as exc:
        raise FeedError(f"feeds index {index}: {exc}") from None
    return connection


def feed_age_days(version: FeedVersion, now: datetime) -> float:
    """Days since the feed's own publication date, else since it was imported."""
    when = version.published or version.imported_at
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (now - when).total_seconds() / 86400)
