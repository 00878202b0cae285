"""`auditor runs` through the stdlib sqlite3: the same runs as the store gives, read-only, never a new
file, and every store it cannot read as it is (PostgreSQL, an older schema) left to the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from auditor.core.errors import RunNotFoundError
from auditor.run.runlist import stored_runs
from auditor.store.database import Store
from auditor.store.listing import RunLine, quick_runs, sqlite_path
from tests.fixtures_runs import sample_run, store_sample_run


def _by_store(url: str, *, client: str | None = None) -> list[RunLine]:
    store = Store(url, existing=True)
    try:
        return [RunLine.of(info.model_dump(mode="json")) for info in store.list_runs(limit=20, client=client)]
    finally:
        store.close()


def test_the_quick_path_lists_what_the_store_lists(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store_sample_run(path).close()
    found = quick_runs(str(path), limit=20)
    assert found is not None
    where, lines = found
    assert where == f"sqlite:///{path.resolve()}"
    assert lines == _by_store(where)
    assert lines[0].id == sample_run().info.id and lines[0].complete and lines[0].checks > 0
    for client, expected in (("acme", 1), ("initech", 0)):
        scoped = quick_runs(f"sqlite:///{path}", limit=20, client=client)
        assert scoped is not None and scoped[1] == _by_store(where, client=client)
        assert len(scoped[1]) == expected


def test_a_missing_store_is_one_error_and_no_file(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(RunNotFoundError, match=f"no run store at {path}"):
        stored_runs(db=str(path), limit=20)
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_listing_writes_nothing(tmp_path: Path) -> None:
    """The store's bytes are untouched; SQLite may leave its own empty write-ahead sidecars, as any reader does."""
    path = tmp_path / "store.db"
    store_sample_run(path).close()
    before = path.read_bytes()
    found = quick_runs(str(path), limit=5)
    assert found is not None and len(found[1]) == 1
    assert path.read_bytes() == before
    sidecars = {child.name for child in tmp_path.iterdir()} - {"store.db"}
    assert sidecars <= {"store.db-wal", "store.db-shm"}
    assert all((tmp_path / name).stat().st_size == 0 for name in sidecars if name.endswith("-wal"))


def test_an_older_schema_is_left_to_the_store_which_upgrades_it(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store_sample_run(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'not-a-revision-of-ours'")
    assert quick_runs(str(path), limit=5) is None
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE alembic_version")
    assert quick_runs(str(path), limit=5) is None


@pytest.mark.parametrize(
    ("db", "handled"),
    [
        ("postgresql+psycopg://auditor@db.example/auditor", False),
        ("sqlite:///file:/tmp/x.db?mode=ro&uri=true", False),
        ("sqlite:///store.db?mode=ro", False),
        ("sqlite://", False),
        ("sqlite:///:memory:", False),
        ("sqlite:////var/lib/auditor/auditor.db", True),
        ("~/auditor.db", True),
    ],
)
def test_which_stores_the_quick_path_reads(db: str, handled: bool) -> None:
    assert (sqlite_path(db) is not None) == handled


def test_runs_on_every_backend(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    run = sample_run()
    store.begin_run(run.info)
    for host in run.hosts:
        store.add_host(run.info.id, host)
    store.close()
    where, lines = stored_runs(db=db_url, limit=20)
    assert [line.id for line in lines] == [run.info.id]
    assert "://" in where
