"""The store's run lock: two runs never write to one store at the same time.

Held for the whole of a run by Store.lock; a second run fails at once with StoreBusyError
naming the holder, rather than waiting or interleaving its hosts with the first run's.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Engine

from auditor.core.errors import StoreBusyError, StoreError
from auditor.store.engine import safe_url
from auditor.store.location import sqlite_file


@contextmanager
def run_lock(engine: Engine, url: str, *, read_only: bool = False) -> Iterator[None]:
    """Hold the store's run lock: two runs never overlap on one store.

    SQLite: an exclusive flock on `<db>.lock` beside the resolved database file, so every
    spelling of one file (a symlink, a relative path) shares the lock; it is released by the
    kernel when the process dies, even by SIGKILL. A store opened with `?mode=ro` is never
    written, so it cannot hold a run. PostgreSQL and others: a session advisory lock held on
    a dedicated connection (released when that connection closes, also on a crash).
    """
    found = sqlite_file(url)
    if found is not None:
        if read_only or found.read_only:
            raise StoreError(f"the run store {safe_url(url)} is opened read-only (mode=ro); a run writes to it")
        with found.lock_path.open("a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise StoreBusyError(
                    f"another auditor run is using {found.path} ({holder}); wait for it to finish"
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
            handle.flush()
            yield
        return
    with engine.connect() as connection:
        key = int.from_bytes(hashlib.sha256(b"auditor-run-lock").digest()[:7], "big")
        if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
            raise StoreBusyError(f"another auditor run is using {safe_url(url)}; wait for it to finish")
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()
