"""The run store: every run, its hosts, raw evidence and results, through SQLAlchemy.

SQLite by default at $XDG_DATA_HOME/auditor/auditor.db (~/.local/share/auditor/auditor.db);
any SQLAlchemy URL (or a file path) with --db / AUDITOR_DB. Hosts are written as they finish,
each in its own transaction, so an interrupted run keeps what it collected and stays marked
incomplete. Secrets are never part of the stored models.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from auditor.errors import StoreError
from auditor.runmodel import CheckResult, Evidence, HostReport, Run, RunInfo


class _Base(DeclarativeBase):
    pass


class RunRow(_Base):
    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    info: Mapped[dict[str, object]] = mapped_column(JSON)
    hosts: Mapped[list[HostRow]] = relationship(back_populates="run", order_by="HostRow.id")


class HostRow(_Base):
    __tablename__ = "hosts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    client: Mapped[str] = mapped_column(String(255), index=True)
    assessed: Mapped[bool] = mapped_column(Boolean)
    report: Mapped[dict[str, object]] = mapped_column(JSON)  # HostReport without evidence and results
    run: Mapped[RunRow] = relationship(back_populates="hosts")
    evidence: Mapped[list[EvidenceRow]] = relationship(order_by="EvidenceRow.id", cascade="all, delete-orphan")
    results: Mapped[list[ResultRow]] = relationship(order_by="ResultRow.id", cascade="all, delete-orphan")


class EvidenceRow(_Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="CASCADE"), index=True)
    probe: Mapped[str] = mapped_column(String(64))
    command: Mapped[str] = mapped_column(Text)
    stdout: Mapped[str] = mapped_column(Text)
    stderr: Mapped[str] = mapped_column(Text)
    exit_status: Mapped[int] = mapped_column(Integer)
    complete: Mapped[bool] = mapped_column(Boolean)


class ResultRow(_Base):
    __tablename__ = "results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="CASCADE"), index=True)
    check_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    result: Mapped[dict[str, object]] = mapped_column(JSON)


class SightingRow(_Base):
    """When a pending update was first and last seen on a host: the age of updates with no advisory date."""

    __tablename__ = "update_sightings"
    __table_args__ = (UniqueConstraint("client", "host", "update_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(255))
    host: Mapped[str] = mapped_column(String(255))
    update_key: Mapped[str] = mapped_column(String(512))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


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
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._engine: Engine = create_engine(url)
            _Base.metadata.create_all(self._engine)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the run store {_safe(url)}: {exc.__class__.__name__}: {_first_line(exc)}"
            ) from None

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
        summary = host.model_dump(mode="json", exclude={"evidence", "results"})
        row = HostRow(run_id=run_id, name=host.name, client=host.client, assessed=host.assessed, report=summary)
        row.evidence = [EvidenceRow(**item.model_dump()) for item in host.evidence]
        row.results = [
            ResultRow(check_id=r.check_id, status=r.status.value, severity=r.severity.value, result=_jsonable(r))
            for r in host.results
        ]
        with self._session() as session:
            session.add(row)
            self._record_sightings(session, host)

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

    def load_run(self, run_id: str) -> Run:
        with self._session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise StoreError(f"no run {run_id!r} in {_safe(self.url)}")
            hosts = [
                HostReport.model_validate(
                    {
                        **host.report,
                        "evidence": [_evidence(e) for e in host.evidence],
                        "results": [CheckResult.model_validate(r.result) for r in host.results],
                    }
                )
                for host in row.hosts
            ]
            return Run(info=RunInfo.model_validate(row.info), hosts=hosts)


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
