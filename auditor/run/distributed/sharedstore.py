"""The run store as workers and the controller share it: one report per host and run, whoever writes.

A task may be delivered twice (a worker killed after storing but before acknowledging), so a
worker replaces the host's earlier report instead of adding a second one; the controller only
fills in hosts that nobody reported. On PostgreSQL a transaction-scoped advisory lock per
(run, client, host) orders concurrent writers of the same host; SQLite serialises writers anyway.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from auditor.core.runmodel import HostReport
from auditor.store.database import Store
from auditor.store.db.schema import HostRow, RunRow
from auditor.store.rows import write_host
from auditor.store.storable import stored_form


class SharedStore(Store):
    def __init__(self, url: str) -> None:
        """Open (and migrate) the store; on PostgreSQL one process at a time, since several workers
        starting together against a new database would otherwise create the same tables at once."""
        if not url.startswith("postgresql"):
            super().__init__(url)
            return
        from sqlalchemy import create_engine
        from sqlalchemy.exc import SQLAlchemyError

        from auditor.core.errors import StoreError
        from auditor.store.engine import first_line, safe_url

        key = int.from_bytes(hashlib.sha256(b"auditor-migrate").digest()[:7], "big")
        try:
            guard = create_engine(url, poolclass=NullPool)
            connection = guard.connect()
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the run store {safe_url(url)}: {first_line(exc)}") from None
        try:
            super().__init__(url)
        finally:
            connection.close()  # ends the session, and with it the advisory lock
            guard.dispose()

    def _lock_host(self, session: Session, run_id: str, client: str, name: str) -> None:
        if self.url.startswith("postgresql"):
            digest = hashlib.sha256(f"{run_id}\0{client}\0{name}".encode()).digest()
            key = int.from_bytes(digest[:7], "big")
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def run_open(self, run_id: str) -> bool:
        """The run exists and its controller has not finished it (late tasks are dropped)."""
        with self._session() as session:
            row = session.get(RunRow, run_id)
            return row is not None and row.finished_at is None

    def reported(self, run_id: str) -> set[tuple[str, str]]:
        """(client, host) of every host stored under the run."""
        with self._session() as session:
            rows = session.execute(select(HostRow.client, HostRow.name).where(HostRow.run_id == run_id))
            return {(client, name) for client, name in rows}

    def put_host(self, run_id: str, host: HostReport, *, replace: bool) -> bool:
        """Store the host's report in one transaction; returns whether it was written.

        replace=True (a worker): an earlier report of the same host in this run is deleted first,
        and nothing is written once the run is finished. replace=False (the controller filling in
        a missing host): nothing is written when a report is there already.
        """
        host, values = stored_form(host)  # no NUL or lone surrogate reaches the database (see Store.add_host)
        with self._session() as session:
            self._lock_host(session, run_id, host.client, host.name)
            run = session.get(RunRow, run_id)
            if run is None or (replace and run.finished_at is not None):
                return False
            existing = list(
                session.scalars(
                    select(HostRow).where(
                        HostRow.run_id == run_id, HostRow.client == host.client, HostRow.name == host.name
                    )
                )
            )
            if existing and not replace:
                return False
            for row in existing:
                session.delete(row)  # the ORM cascade removes its evidence and results
            session.flush()
            write_host(session, run_id, values)
            self._host_written(session, run_id, host)
            return True
