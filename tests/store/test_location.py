"""One store, however it is spelled: the run lock follows the real file, `?mode=ro` never writes,
and PostgreSQL to a remote server is verified TLS by default."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from auditor.core.errors import StoreBusyError, StoreError
from auditor.store.database import Store
from auditor.store.location import engine_url, sqlite_file
from tests.fixtures_runs import sample_run


def _store_with_a_run(path: Path) -> None:
    store = Store(f"sqlite:///{path}")
    run = sample_run()
    store.begin_run(run.info)
    for host in run.hosts:
        store.add_host(run.info.id, host)
    store.finish_run(run.info.id, finished_at=run.info.started_at, complete=True)


def test_a_symlink_to_the_store_shares_its_run_lock(tmp_path: Path) -> None:
    real = tmp_path / "data" / "auditor.db"
    real.parent.mkdir()
    link = tmp_path / "elsewhere.db"
    link.symlink_to(real)
    first, second = Store(f"sqlite:///{real}"), Store(f"sqlite:///{link}")
    with first.lock(), pytest.raises(StoreBusyError, match="another auditor run is using"), second.lock():
        pass
    with second.lock():  # released: the other spelling may run now
        pass
    assert not (tmp_path / "elsewhere.db.lock").exists()


def test_a_relative_spelling_shares_the_run_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    absolute = Store(f"sqlite:///{tmp_path / 'a.db'}")
    relative = Store("sqlite:///./sub/../a.db")
    with absolute.lock(), pytest.raises(StoreBusyError), relative.lock():
        pass


def _digest(folder: Path) -> dict[str, str]:
    """The database and its write-ahead log (the -shm index is shared memory that readers update)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith("-shm")
    }


def test_mode_ro_reads_and_never_writes(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    _store_with_a_run(folder / "auditor.db")
    before = _digest(folder)
    mtime = (folder / "auditor.db").stat().st_mtime_ns
    store = Store(f"sqlite:///{folder / 'auditor.db'}?mode=ro")
    runs = store.list_runs()
    assert [r.id for r in runs] == [sample_run().info.id]
    assert store.load_run(runs[0].id).hosts
    with pytest.raises(StoreError, match="read-only"), store.lock():
        pass
    with pytest.raises(StoreError):
        store.begin_run(sample_run().info.model_copy(update={"id": "another"}))
    assert _digest(folder) == before
    assert (folder / "auditor.db").stat().st_mtime_ns == mtime


def test_sqlite_spellings_resolve_to_one_file(tmp_path: Path) -> None:
    target = tmp_path / "x y.db"
    link = tmp_path / "link.db"
    link.symlink_to(target)
    found = sqlite_file(f"sqlite:///{link}?mode=ro")
    assert found is not None and found.path == target and found.read_only
    assert engine_url(f"sqlite:///{link}?mode=ro") == f"sqlite:///file:{tmp_path}/x%20y.db?mode=ro&uri=true"
    assert sqlite_file("sqlite://") is None and sqlite_file("postgresql+psycopg://u@h/d") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://a@db.example/x", "sslmode=verify-full&sslrootcert=system"),
        ("postgresql+psycopg://a@db.example/x?sslrootcert=/etc/ca.pem", "sslmode=verify-full&sslrootcert=/etc/ca.pem"),
        ("postgresql+psycopg://a@db.example/x?sslmode=require", "sslmode=require"),
        ("postgresql+psycopg://a@127.0.0.1:5432/x", None),
        ("postgresql+psycopg://a@localhost/x", None),
        ("postgresql+psycopg://a@[::1]/x", None),
        ("postgresql+psycopg://a@localhost/x?hostaddr=10.0.0.5", "sslmode=verify-full"),
    ],
)
def test_remote_postgresql_verifies_tls_by_default(url: str, expected: str | None) -> None:
    result = engine_url(url)
    if expected is None:
        assert result == url
    else:
        assert expected in result.replace("%2F", "/")


def test_remote_postgresql_never_falls_back_to_plain_text() -> None:
    """The test server speaks no TLS: a remote-looking name (reached at 127.0.0.1 through hostaddr)
    is refused instead of sending the password in clear, as libpq's default `prefer` would."""
    admin = os.environ.get("AUDITOR_TEST_PG_URL")
    if not admin:
        pytest.skip("no PostgreSQL server (AUDITOR_TEST_PG_URL)")
    from sqlalchemy.engine import make_url

    parsed = make_url(admin)
    remote = parsed.set(host="db.msp.example").update_query_dict({"hostaddr": parsed.host or "127.0.0.1"})
    with pytest.raises(StoreError, match="cannot open the run store"):
        Store(remote.render_as_string(hide_password=False))
    Store(admin)  # the same server by its local name: libpq's default, as before
