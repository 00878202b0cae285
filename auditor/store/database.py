"""The run store: every run, its hosts, raw evidence and results, through SQLAlchemy.

SQLite by default at $XDG_DATA_HOME/auditor/auditor.db (~/.local/share/auditor/auditor.db);
any SQLAlchemy URL (or a file path) with --db / AUDITOR_DB. Hosts are written as they finish,
each in its own transaction, so an interrupted run keeps what it collected and stays marked
incomplete. Secrets are never part of the stored models.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, false, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from auditor.core.errors import StoreBusyError, StoreError
from auditor.core.runmodel import CheckResult, Evidence, HostReport, Run, RunInfo
from auditor.store.db import migrate
from auditor.store.db.schema import EvidenceRow, FindingRow, HostRow, ResultRow, RunRow, RunSummaryRow, SightingRow
from auditor.store.lifecycle import FindingState, advance
from auditor.store.location import engine_url, sqlite_file

_BATCH = 2000  # rows per fetch when reading a whole run
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: see storable()


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    client: str
    started_at: datetime
    hosts: int
    assessed: int
    score: float | None
    coverage: float | None
    failed_by_severity: dict[str, int]


@dataclass(frozen=True)
class Finding:
    client: str
    host: str
    check_id: str
    subject: str
    title: str
    category: str
    severity: str
    state: FindingState
    first_run_id: str
    last_run_id: str


def _summary(row: RunSummaryRow) -> RunSummary:
    return RunSummary(
        run_id=row.run_id,
        client=row.client,
        started_at=_aware(row.started_at),
        hosts=row.hosts,
        assessed=row.assessed,
        score=row.score,
        coverage=row.coverage,
        failed_by_severity=dict(row.failed_by_severity),
    )


def _finding(row: FindingRow) -> Finding:
    return Finding(
        client=row.client,
        host=row.host,
        check_id=row.check_id,
        subject=row.subject,
        title=row.title,
        category=row.category,
        severity=row.severity,
        state=_state(row),
        first_run_id=row.first_run_id,
        last_run_id=row.last_run_id,
    )


def _state(row: FindingRow) -> FindingState:
    return FindingState(
        status=row.status,
        first_seen=_aware(row.first_seen),
        last_seen=_aware(row.last_seen),
        resolved_at=_aware(row.resolved_at) if row.resolved_at else None,
        reopened_at=_aware(row.reopened_at) if row.reopened_at else None,
        reopened_count=row.reopened_count,
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything auditor stores is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self._file = sqlite_file(url)
        self.read_only = self._file is not None and self._file.read_only
        url_to_open = engine_url(url)
        if self._file is not None and not self._file.read_only:
            _make_parent(self._file.path)
            self.read_only, url_to_open = _sqlite_read_only(self._file.path, url_to_open)
        try:
            self._engine: Engine = create_engine(url_to_open)
        except ImportError as exc:  # mysql:// without mysqlclient, postgresql:// without psycopg2
            raise StoreError(
                f"cannot open the run store {_safe(url)}: its database driver is not installed ({exc.name or exc})"
            ) from None
        except (SQLAlchemyError, ValueError) as exc:
            raise StoreError(f"cannot open the run store {_safe(url)}: {_first_line(exc)}") from None
        try:
            if self.read_only:  # report, runs and diff still work on a store this process cannot write
                migrate.require_current(self._engine)
                return
            if self._file is not None:
                event.listen(self._engine, "connect", _sqlite_pragmas)
            migrate.upgrade(self._engine)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the run store {_safe(url)}: {exc.__class__.__name__}: {_first_line(exc)}"
            ) from None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for the store's other parts (the delivery log) to open sessions on."""
        return self._engine

    def close(self) -> None:
        """Close the store's connections (SQLite folds its write-ahead log back into the file)."""
        self._engine.dispose()

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store's run lock: two runs never overlap on one store.

        SQLite: an exclusive flock on `<db>.lock` beside the resolved database file, so every
        spelling of one file (a symlink, a relative path) shares the lock; it is released by the
        kernel when the process dies, even by SIGKILL. A store opened with `?mode=ro` is never
        written, so it cannot hold a run. PostgreSQL and others: a session advisory lock held on
        a dedicated connection (released when that connection closes, also on a crash).
        """
        if self._file is not None:
            if self.read_only:
                raise StoreError(f"the run store {_safe(self.url)} is opened read-only (mode=ro); a run writes to it")
            with self._file.lock_path.open("a+") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise StoreBusyError(
                        f"another auditor run is using {self._file.path} ({holder}); wait for it to finish"
                    ) from None
                handle.seek(0)
                handle.truncate()
                handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
                handle.flush()
                yield
            return
        with self._engine.connect() as connection:
            key = int.from_bytes(hashlib.sha256(b"auditor-run-lock").digest()[:7], "big")
            if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
                raise StoreBusyError(f"another auditor run is using {_safe(self.url)}; wait for it to finish")
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()

    def prune(self, *, older_than: datetime) -> tuple[int, int]:
        """Drop the raw evidence of runs started before `older_than`; keep runs, hosts, results,
        summaries and finding history. Returns (runs pruned, evidence rows deleted)."""
        with self._session() as session:
            runs = list(session.scalars(select(RunRow).where(RunRow.started_at < older_than)))
            host_ids = [host.id for run in runs for host in run.hosts]
            deleted = 0
            for start in range(0, len(host_ids), 500):
                chunk = host_ids[start : start + 500]
                result = session.execute(delete(EvidenceRow).where(EvidenceRow.host_id.in_(chunk)))
                deleted += int(getattr(result, "rowcount", 0) or 0)
            for run in runs:
                run.info = {**run.info, "evidence_pruned": True}
            return len(runs), deleted

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self._engine) as session:
            try:
                yield session
                session.commit()
            except SQLAlchemyError as exc:
                session.rollback()
                raise StoreError(f"run store {_safe(self.url)}: {_first_line(exc)}") from None

    def begin_run(self, info: RunInfo) -> None:
        with self._session() as session:
            session.add(RunRow(id=info.id, started_at=info.started_at, complete=False, info=_jsonable(info)))

    def add_host(self, run_id: str, host: HostReport) -> None:
        """Store one host in its own transaction; any failure is a StoreError naming that host."""
        host = storable(host)
        row = host_row(run_id, host)
        try:
            with self._session() as session:
                session.add(row)
                self._record_sightings(session, host)
                self._advance_findings(session, run_id, host)
        except (ValueError, OverflowError) as exc:  # a value the database driver refuses
            raise StoreError(f"run store {_safe(self.url)}: {type(exc).__name__}: {_first_line(exc)}") from None

    def _advance_findings(self, session: Session, run_id: str, host: HostReport) -> None:
        """Move the host's findings along with this run's results (auditor.store.lifecycle)."""
        rows = {
            (row.check_id, row.subject): row
            for row in session.scalars(
                select(FindingRow).where(FindingRow.client == host.client, FindingRow.host == host.name)
            )
        }
        at = host.finished_at
        for result in host.results:
            row = rows.get((result.check_id, ""))
            before = _state(row) if row is not None else None
            after = advance(before, result.status, at=at)
            if after is None or after == before:
                continue
            if row is None:
                row = FindingRow(
                    client=host.client,
                    host=host.name,
                    check_id=result.check_id,
                    subject="",
                    first_run_id=run_id,
                )
                session.add(row)
            row.title = result.title
            row.category = result.category.value
            row.severity = result.severity.value
            row.status = after.status
            row.first_seen = after.first_seen
            row.last_seen = after.last_seen
            row.resolved_at = after.resolved_at
            row.reopened_at = after.reopened_at
            row.reopened_count = after.reopened_count
            row.last_run_id = run_id

    def _record_sightings(self, session: Session, host: HostReport) -> None:
        if not host.pending_updates:
            return
        existing = {
            sighting.update_key: sighting
            for sighting in session.scalars(
                select(SightingRow).where(SightingRow.client == host.client, SightingRow.host == host.name)
            )
        }
        for update in host.pending_updates:
            sighting = existing.get(update.key)
            if sighting is None:
                session.add(
                    SightingRow(
                        client=host.client,
                        host=host.name,
                        update_key=update.key,
                        first_seen=update.first_seen,
                        last_seen=host.finished_at,
                    )
                )
                continue
            sighting.first_seen = min(_aware(sighting.first_seen), update.first_seen)
            sighting.last_seen = max(_aware(sighting.last_seen), host.finished_at)

    def first_seen(self, hosts: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, datetime]]:
        """(client, host) -> update key -> when a run first saw that update pending there."""
        wanted = set(hosts)
        found: dict[tuple[str, str], dict[str, datetime]] = {}
        if not wanted:
            return found
        clients = sorted({client for client, _ in wanted})
        with self._session() as session:
            rows = session.scalars(select(SightingRow).where(SightingRow.client.in_(clients)))
            for row in rows:
                if (row.client, row.host) in wanted:
                    found.setdefault((row.client, row.host), {})[row.update_key] = _aware(row.first_seen)
        return found

    def finish_run(self, run_id: str, *, finished_at: datetime, complete: bool) -> None:
        with self._session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise StoreError(f"no run {run_id} in {_safe(self.url)}")
            row.finished_at = finished_at
            row.complete = complete
            info = dict(row.info)
            info.update(finished_at=finished_at.isoformat(), complete=complete)
            row.info = info

    def record_summaries(self, run_id: str, summaries: Iterable[RunSummary]) -> None:
        """Per-client figures of a finished run, for trends; replaces earlier ones for that run."""
        with self._session() as session:
            session.execute(delete(RunSummaryRow).where(RunSummaryRow.run_id == run_id))
            for item in summaries:
                session.add(RunSummaryRow(**{**asdict(item), "run_id": run_id}))

    def summaries(self, *, clients: Iterable[str], until: datetime, limit: int = 60) -> list[RunSummary]:
        """Run summaries of these clients up to `until`, oldest first (the last `limit` runs per client)."""
        wanted = sorted(set(clients))
        with self._session() as session:
            rows = session.scalars(
                select(RunSummaryRow)
                .where(RunSummaryRow.client.in_(wanted), RunSummaryRow.started_at <= until)
                .order_by(RunSummaryRow.started_at.desc())
            )
            found: dict[str, list[RunSummary]] = {}
            for row in rows:
                items = found.setdefault(row.client, [])
                if len(items) < limit:
                    items.append(_summary(row))
        return sorted((item for items in found.values() for item in items), key=lambda s: (s.started_at, s.client))

    def findings(self, *, clients: Iterable[str]) -> list[Finding]:
        """The lifecycle of every finding of these clients."""
        with self._session() as session:
            rows = session.scalars(select(FindingRow).where(FindingRow.client.in_(sorted(set(clients)))))
            return [_finding(row) for row in rows]

    def previous_run(self, run_id: str) -> str | None:
        """The newest run that started before this one, if any."""
        with self._session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise StoreError(f"no run {run_id!r} in {_safe(self.url)}")
            return session.scalars(
                select(RunRow.id).where(RunRow.started_at < row.started_at).order_by(RunRow.started_at.desc()).limit(1)
            ).first()

    def list_runs(self, *, limit: int = 50) -> list[RunInfo]:
        with self._session() as session:
            rows = session.scalars(select(RunRow).order_by(RunRow.started_at.desc()).limit(limit))
            return [RunInfo.model_validate(row.info) for row in rows]

    def resolve(self, run: str) -> str:
        """A run id from an id, a unique id prefix, or 'latest'."""
        with self._session() as session:
            if run == "latest":
                found = session.scalars(select(RunRow.id).order_by(RunRow.started_at.desc()).limit(1)).first()
                if found is None:
                    raise StoreError(f"no runs in {_safe(self.url)} yet; run `auditor run -i INVENTORY` first")
                return found
            ids = list(session.scalars(select(RunRow.id).where(RunRow.id.startswith(run, autoescape=True))))
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise StoreError(f"no run {run!r} in {_safe(self.url)}; `auditor runs` lists them")
        raise StoreError(f"run id prefix {run!r} is ambiguous: {', '.join(sorted(ids)[:5])}")

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
        """A stored run, read column by column with no ORM rows kept.

        A 1,000-host run holds 100,000+ results: keeping the ORM rows, their decoded JSON and the
        models all at once tripled the memory of the end of a run. Strings that repeat across hosts
        (check ids, titles, fact names) are shared instead of copied per host. `evidence=False`
        leaves the raw outputs out, for readers of results only (diffs).
        """
        shared: dict[str, str] = {}

        def one(value: object) -> object:
            return shared.setdefault(value, value) if isinstance(value, str) else value

        with self._session() as session:
            info = session.scalar(select(RunRow.info).where(RunRow.id == run_id))
            if info is None:
                raise StoreError(f"no run {run_id!r} in {_safe(self.url)}")
            in_run = select(HostRow.id).where(HostRow.run_id == run_id)
            if client is not None:  # one client's hosts only: a client report never reads another's rows
                in_run = in_run.where(HostRow.client == client)
            outputs: dict[int, list[Evidence]] = {}
            rows = session.execute(
                select(
                    EvidenceRow.host_id,
                    EvidenceRow.probe,
                    EvidenceRow.command,
                    EvidenceRow.stdout,
                    EvidenceRow.stderr,
                    EvidenceRow.exit_status,
                    EvidenceRow.complete,
                )
                .where(EvidenceRow.host_id.in_(in_run) if evidence else false())
                .order_by(EvidenceRow.id)
                .execution_options(yield_per=_BATCH)  # ORM results are otherwise buffered whole
            )
            for host_id, probe, command, stdout, stderr, status, complete in rows:
                outputs.setdefault(host_id, []).append(
                    Evidence(
                        probe=one(probe),
                        command=one(command),
                        stdout=stdout,
                        stderr=stderr,
                        exit_status=status,
                        complete=complete,
                    )
                )
            results: dict[int, list[CheckResult]] = {}
            result_rows = session.execute(
                select(ResultRow.host_id, ResultRow.result)
                .where(ResultRow.host_id.in_(in_run))
                .order_by(ResultRow.id)
                .execution_options(yield_per=_BATCH)
            )
            for host_id, result in result_rows:
                fields = {key: one(value) for key, value in result.items()}
                names = result.get("facts", [])
                fields["facts"] = [one(name) for name in names] if isinstance(names, list) else names
                results.setdefault(host_id, []).append(CheckResult.model_validate(fields))
            hosts = [
                HostReport.model_validate(
                    {**report, "evidence": outputs.pop(host_id, []), "results": results.pop(host_id, [])}
                )
                for host_id, report in session.execute(
                    select(HostRow.id, HostRow.report).where(HostRow.id.in_(in_run)).order_by(HostRow.id)
                )
            ]
            return Run(info=RunInfo.model_validate(info), hosts=hosts)


def storable(host: HostReport) -> HostReport:
    """The report with every string made storable in any database: a NUL (PostgreSQL text refuses
    it) becomes U+FFFD, as does a lone surrogate (no UTF-8 encoding exists for it). Host output is
    decoded with replacement already; names and values from an inventory may still carry these."""
    dumped = host.model_dump()
    cleaned = _clean(dumped)
    return host if cleaned is dumped else HostReport.model_validate(cleaned)


def _clean(value: Any) -> Any:
    """`value` itself when nothing in it needs cleaning (no copy), else a cleaned copy."""
    if isinstance(value, str):
        if "\x00" not in value and (value.isascii() or _encodable(value)):
            return value
        return _UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        items = {key: _clean(item) for key, item in value.items()}
        keys = {key: _clean(key) for key in items}
        changed = any(items[key] is not value[key] or keys[key] is not key for key in items)
        return {keys[key]: item for key, item in items.items()} if changed else value
    if isinstance(value, list):
        cleaned = [_clean(item) for item in value]
        return cleaned if any(new is not old for new, old in zip(cleaned, value, strict=True)) else value
    return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def host_row(run_id: str, host: HostReport) -> HostRow:
    """The rows a host's report is stored as: the report itself, its evidence and its results."""
    summary = host.model_dump(mode="json", exclude={"evidence", "results"})
    row = HostRow(run_id=run_id, name=host.name, client=host.client, assessed=host.assessed, report=summary)
    row.evidence = [EvidenceRow(**item.model_dump()) for item in host.evidence]
    row.results = [
        ResultRow(check_id=r.check_id, status=r.status.value, severity=r.severity.value, result=_jsonable(r))
        for r in host.results
    ]
    return row


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


def _sqlite_pragmas(connection: Any, _record: object) -> None:
    """Write-ahead log with NORMAL sync: a host's commit no longer waits for several fsyncs (33 ms
    of each host's store time), and stays durable if the process dies; only a power cut can lose
    the last commits. Readers (a report rendered during a run) no longer block the writer."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _evidence(row: EvidenceRow) -> Evidence:
    return Evidence(
        probe=row.probe,
        command=row.command,
        stdout=row.stdout,
        stderr=row.stderr,
        exit_status=row.exit_status,
        complete=row.complete,
    )


def _jsonable(model: RunInfo | CheckResult) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(model.model_dump_json())
    return loaded


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError):
        return "<db url>"
