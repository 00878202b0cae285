"""The run store: every run, its hosts, raw evidence and results, through SQLAlchemy.

Hosts are written as they finish, each in its own transaction, so an interrupted run keeps what
it collected and stays marked incomplete. Secrets are never part of the stored models.

Store is a thin facade over the store's parts, so callers hold one object: opening and
migrating (auditor.store.engine), the run lock (runlock), a run's rows (rows), finding lifecycle
(findings), update sightings (sightings), run summaries (summaries) and pruning (pruning).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from auditor.core.errors import RunNotFoundError, StoreError
from auditor.core.runmodel import HostReport, Run, RunInfo
from auditor.store.db.schema import HostRow, RunRow
from auditor.store.engine import first_line, open_engine, safe_url, session_scope
from auditor.store.findings import advance_findings, read_findings
from auditor.store.pruning import prune_evidence
from auditor.store.records import Finding, RunSummary
from auditor.store.rows import jsonable, read_run, write_host
from auditor.store.runlock import run_lock
from auditor.store.sightings import first_seen, record_sightings
from auditor.store.storable import stored_form
from auditor.store.summaries import read_summaries, write_summaries


class Store:
    def __init__(self, url: str, *, existing: bool = False) -> None:
        """Open (and migrate) the store at `url`; `existing` refuses to create a missing SQLite file."""
        self.url = url
        self._engine: Engine
        self._engine, self.read_only = open_engine(url, existing=existing)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for the store's other parts (the delivery log) to open sessions on."""
        return self._engine

    def close(self) -> None:
        """Close the store's connections (SQLite folds its write-ahead log back into the file)."""
        self._engine.dispose()

    def lock(self) -> AbstractContextManager[None]:
        """Hold the store's run lock: two runs never overlap on one store (auditor.store.runlock)."""
        return run_lock(self._engine, self.url, read_only=self.read_only)

    def prune(self, *, older_than: datetime) -> tuple[int, int]:
        """Drop the raw evidence of runs started before `older_than`; keep runs, hosts, results,
        summaries and finding history. Returns (runs pruned, evidence rows deleted)."""
        with self._session() as session:
            return prune_evidence(session, older_than=older_than)

    def _session(self) -> AbstractContextManager[Session]:
        return session_scope(self._engine, self.url)

    def begin_run(self, info: RunInfo) -> None:
        with self._session() as session:
            session.add(RunRow(id=info.id, started_at=info.started_at, complete=False, info=jsonable(info)))

    def add_host(self, run_id: str, host: HostReport) -> HostReport:
        """Store one host in its own transaction and return it as stored (strings made storable:
        auditor.store.storable); any failure is a StoreError naming that host."""
        host, values = stored_form(host)
        try:
            with self._session() as session:
                write_host(session, run_id, values)
                self._host_written(session, run_id, host)
        except (ValueError, OverflowError) as exc:  # a value the database driver refuses
            raise StoreError(f"run store {safe_url(self.url)}: {type(exc).__name__}: {first_line(exc)}") from None
        return host

    def _host_written(self, session: Session, run_id: str, host: HostReport) -> None:
        """What a stored host report moves along in the same transaction: sightings and findings."""
        record_sightings(session, host)
        advance_findings(session, run_id, host)

    def first_seen(self, hosts: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, datetime]]:
        """(client, host) -> update key -> when a run first saw that update pending there."""
        with self._session() as session:
            return first_seen(session, hosts)

    def finish_run(self, run_id: str, *, finished_at: datetime, complete: bool) -> None:
        with self._session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise StoreError(f"no run {run_id} in {safe_url(self.url)}")
            row.finished_at = finished_at
            row.complete = complete
            info = dict(row.info)
            info.update(finished_at=finished_at.isoformat(), complete=complete)
            row.info = info

    def record_summaries(self, run_id: str, items: Iterable[RunSummary]) -> None:
        """Per-client figures of a finished run, for trends; replaces earlier ones for that run."""
        with self._session() as session:
            write_summaries(session, run_id, items)

    def summaries(self, *, clients: Iterable[str], until: datetime, limit: int = 60) -> list[RunSummary]:
        """Run summaries of these clients up to `until`, oldest first (the last `limit` runs per client)."""
        with self._session() as session:
            return read_summaries(session, clients=clients, until=until, limit=limit)

    def findings(self, *, clients: Iterable[str]) -> list[Finding]:
        """The lifecycle of every finding of these clients."""
        with self._session() as session:
            return read_findings(session, clients)

    def previous_run(self, run_id: str) -> str | None:
        """The newest run that started before this one, if any."""
        with self._session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise StoreError(f"no run {run_id!r} in {safe_url(self.url)}")
            return session.scalars(
                select(RunRow.id).where(RunRow.started_at < row.started_at).order_by(RunRow.started_at.desc()).limit(1)
            ).first()

    def list_runs(self, *, limit: int = 50, client: str | None = None) -> list[RunInfo]:
        """The newest runs, newest first; with `client`, only runs that audited that client."""
        query = select(RunRow).order_by(RunRow.started_at.desc()).limit(limit)
        if client is not None:
            query = query.where(RunRow.id.in_(select(HostRow.run_id).where(HostRow.client == client)))
        with self._session() as session:
            rows = session.scalars(query)
            return [RunInfo.model_validate(row.info) for row in rows]

    def resolve(self, run: str, *, client: str | None = None, hosts: Iterable[str] = ()) -> str:
        """A run id from an id, a unique id prefix, or 'latest'.

        'latest' is the newest run within the scope asked for: one that audited `client`, and all of
        `hosts` when given (a run limited to other hosts is not the latest for them).
        """
        with self._session() as session:
            if run == "latest":
                return self._latest(session, client=client, hosts=tuple(hosts))
            ids = list(session.scalars(select(RunRow.id).where(RunRow.id.startswith(run, autoescape=True))))
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise RunNotFoundError(f"no run {run!r} in {safe_url(self.url)}; `auditor runs` lists them")
        raise RunNotFoundError(f"run id prefix {run!r} is ambiguous: {', '.join(sorted(ids)[:5])}")

    def _latest(self, session: Session, *, client: str | None, hosts: tuple[str, ...]) -> str:
        query = select(RunRow.id).order_by(RunRow.started_at.desc()).limit(1)
        if client is not None:
            query = query.where(RunRow.id.in_(select(HostRow.run_id).where(HostRow.client == client)))
        for host in hosts:
            query = query.where(RunRow.id.in_(select(HostRow.run_id).where(HostRow.name == host)))
        found = session.scalars(query).first()
        if found is not None:
            return found
        parts = (f"with client {client!r}" if client else "", f"with hosts {', '.join(hosts)}" if hosts else "")
        scope = " ".join(part for part in parts if part)
        hint = "`auditor runs` lists the runs" if scope else "run `auditor run -i INVENTORY` first"
        raise RunNotFoundError(f"no runs {scope + ' ' if scope else ''}in {safe_url(self.url)} yet; {hint}")

    def known_hosts(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every host a stored run audited, with its groups as of the newest run that had it (the
        names a `--limit` pattern is matched against when no inventory is at hand)."""
        newest = select(func.max(HostRow.id)).group_by(HostRow.name)
        with self._session() as session:
            rows = session.execute(select(HostRow.name, HostRow.report).where(HostRow.id.in_(newest)))
            return sorted((name, _groups(report)) for name, report in rows)

    def clients(self) -> list[str]:
        """Every client a stored run audited."""
        with self._session() as session:
            return sorted(session.scalars(select(HostRow.client).distinct()))

    def client_runs(self, client: str, *, start: datetime, end: datetime) -> tuple[str | None, list[str]]:
        """The last run before `start` with `client`'s hosts, and those started in [start, end), oldest first."""
        with self._session() as session:
            with_client = select(HostRow.run_id).where(HostRow.client == client)
            before = session.scalars(
                select(RunRow.id)
                .where(RunRow.id.in_(with_client), RunRow.started_at < start)
                .order_by(RunRow.started_at.desc())
                .limit(1)
            ).first()
            during = list(
                session.scalars(
                    select(RunRow.id)
                    .where(RunRow.id.in_(with_client), RunRow.started_at >= start, RunRow.started_at < end)
                    .order_by(RunRow.started_at)
                )
            )
        return before, during

    def load_run(self, run_id: str, *, evidence: bool = True, client: str | None = None) -> Run:
        """A stored run (auditor.store.rows.read_run); `client` reads that client's hosts only."""
        with self._session() as session:
            run = read_run(session, run_id, evidence=evidence, client=client)
        if run is None:
            raise RunNotFoundError(f"no run {run_id!r} in {safe_url(self.url)}")
        return run


def _groups(report: object) -> tuple[str, ...]:
    groups = report.get("groups") if isinstance(report, dict) else None
    return tuple(str(group) for group in groups) if isinstance(groups, list) else ()
