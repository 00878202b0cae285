"""Governed waivers: requested by a technician, approved or rejected by an approver, every change kept.

Approved waivers become the same WaiverEntry a waivers file gives (auditor.evaluate.waivers), so a
run applies both alike, and an expired one returns the failure on its own. A waivers file can be
imported (its entries arrive approved by the approver the file names) and the approved waivers
exported back to that format, so both paths end in this one table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from auditor.core.errors import StoreError
from auditor.evaluate.waivers import Scope, WaiverEntry
from auditor.store.db.schema import GovernedWaiverRow, WaiverEventRow

REQUESTED, APPROVED, REJECTED, REVOKED = "requested", "approved", "rejected", "revoked"
EXPIRING_SOON = timedelta(days=30)


@dataclass(frozen=True)
class WaiverEvent:
    at: datetime
    actor: str
    action: str
    note: str


@dataclass(frozen=True)
class GovernedWaiver:
    id: int
    check_id: str
    client: str | None
    group: str | None
    host: str | None
    justification: str
    ticket: str | None
    expires: date
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    source: str

    def entry(self) -> WaiverEntry:
        """The waiver as a run applies it (and as a waivers file writes it)."""
        return WaiverEntry(
            check=self.check_id,
            scope=Scope(client=self.client, group=self.group, host=self.host),
            justification=self.justification,
            approved_by=self.decided_by or self.requested_by,
            ticket=self.ticket,
            created=self.requested_at.date(),
            expires=self.expires,
        )


@dataclass(frozen=True)
class WaiverRequest:
    check_id: str
    client: str
    group: str | None
    host: str | None
    justification: str
    ticket: str | None
    expires: date


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _waiver(row: GovernedWaiverRow) -> GovernedWaiver:
    return GovernedWaiver(
        id=row.id,
        check_id=row.check_id,
        client=row.client,
        group=row.host_group,
        host=row.host,
        justification=row.justification,
        ticket=row.ticket,
        expires=_aware(row.expires).date(),
        status=row.status,
        requested_by=row.requested_by,
        requested_at=_aware(row.requested_at),
        decided_by=row.decided_by,
        decided_at=_aware(row.decided_at) if row.decided_at else None,
        source=row.source,
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def request_waiver(engine: Engine, request: WaiverRequest, *, actor: str, now: datetime) -> GovernedWaiver:
    """Record a technician's request; it waives nothing until an approver approves it."""
    if len(request.justification.strip()) < 10:
        raise StoreError("a waiver needs a justification of at least 10 characters")
    if request.expires <= now.date():
        raise StoreError("a waiver must expire in the future")
    row = GovernedWaiverRow(
        check_id=request.check_id,
        client=request.client,
        host_group=request.group or None,
        host=request.host or None,
        justification=request.justification.strip(),
        ticket=request.ticket or None,
        expires=_midnight(request.expires),
        status=REQUESTED,
        requested_by=actor,
        requested_at=now,
        source="portal",
    )
    with Session(engine) as session, session.begin():
        session.add(row)
        session.flush()
        session.add(WaiverEventRow(waiver_id=row.id, at=now, actor=actor, action="requested", note=""))
        return _waiver(row)


def decide(engine: Engine, waiver_id: int, *, approve: bool, actor: str, note: str, now: datetime) -> GovernedWaiver:
    """Approve or reject a pending request. Whoever asked for a waiver cannot approve it."""
    with Session(engine) as session, session.begin():
        row = session.get(GovernedWaiverRow, waiver_id)
        if row is None:
            raise StoreError(f"no waiver {waiver_id}")
        if row.status != REQUESTED:
            raise StoreError(f"waiver {waiver_id} is {row.status}, not awaiting a decision")
        if row.requested_by == actor:
            raise StoreError("a waiver is approved or rejected by someone other than who requested it")
        row.status = APPROVED if approve else REJECTED
        row.decided_by = actor
        row.decided_at = now
        session.add(WaiverEventRow(waiver_id=row.id, at=now, actor=actor, action=row.status, note=note[:2000]))
        return _waiver(row)


def revoke(engine: Engine, waiver_id: int, *, actor: str, note: str, now: datetime) -> GovernedWaiver:
    with Session(engine) as session, session.begin():
        row = session.get(GovernedWaiverRow, waiver_id)
        if row is None or row.status != APPROVED:
            raise StoreError(f"no approved waiver {waiver_id}")
        row.status = REVOKED
        session.add(WaiverEventRow(waiver_id=row.id, at=now, actor=actor, action=REVOKED, note=note[:2000]))
        return _waiver(row)


def _scoped(query: Select[Any], clients: Iterable[str] | None) -> Select[Any]:
    """Waivers of these clients only (None: every waiver, also those without a client)."""
    return query if clients is None else query.where(GovernedWaiverRow.client.in_(sorted(set(clients))))


def waivers(
    engine: Engine, *, clients: Iterable[str] | None, status: str | None = None, limit: int = 500, offset: int = 0
) -> list[GovernedWaiver]:
    query = _scoped(select(GovernedWaiverRow), clients)
    if status is not None:
        query = query.where(GovernedWaiverRow.status == status)
    query = query.order_by(GovernedWaiverRow.id.desc()).limit(limit).offset(offset)
    with Session(engine) as session:
        return [_waiver(row) for row in session.scalars(query)]


def waiver(engine: Engine, waiver_id: int, *, clients: Iterable[str] | None) -> GovernedWaiver | None:
    query = _scoped(select(GovernedWaiverRow).where(GovernedWaiverRow.id == waiver_id), clients)
    with Session(engine) as session:
        row = session.scalar(query)
        return _waiver(row) if row is not None else None


def events(engine: Engine, waiver_id: int) -> list[WaiverEvent]:
    with Session(engine) as session:
        rows = session.scalars(
            select(WaiverEventRow).where(WaiverEventRow.waiver_id == waiver_id).order_by(WaiverEventRow.id)
        )
        return [WaiverEvent(at=_aware(r.at), actor=r.actor, action=r.action, note=r.note) for r in rows]


def expiring_soon(engine: Engine, *, clients: Iterable[str] | None, today: date) -> list[GovernedWaiver]:
    """Approved waivers that expire within EXPIRING_SOON (already expired ones are left out)."""
    query = _scoped(select(GovernedWaiverRow), clients).where(
        GovernedWaiverRow.status == APPROVED,
        GovernedWaiverRow.expires >= _midnight(today),
        GovernedWaiverRow.expires <= _midnight(today + EXPIRING_SOON),
    )
    with Session(engine) as session:
        return [_waiver(row) for row in session.scalars(query.order_by(GovernedWaiverRow.expires))]


def approved_entries(engine: Engine) -> tuple[WaiverEntry, ...]:
    """Every approved waiver, expired ones included (a run flags their failures as expired waivers)."""
    with Session(engine) as session:
        rows = session.scalars(
            select(GovernedWaiverRow).where(GovernedWaiverRow.status == APPROVED).order_by(GovernedWaiverRow.id)
        )
        return tuple(_waiver(row).entry() for row in rows)


def import_entries(engine: Engine, entries: Iterable[WaiverEntry], *, actor: str, now: datetime) -> int:
    """Store a waivers file's entries as approved waivers; those already stored are skipped."""
    known = set(approved_entries(engine))
    added = 0
    with Session(engine) as session, session.begin():
        for entry in entries:
            if entry.model_copy(update={"created": entry.created or now.date()}) in known or entry in known:
                continue
            row = GovernedWaiverRow(
                check_id=entry.check,
                client=entry.scope.client,
                host_group=entry.scope.group,
                host=entry.scope.host,
                justification=entry.justification,
                ticket=entry.ticket,
                expires=_midnight(entry.expires),
                status=APPROVED,
                requested_by=entry.approved_by,
                requested_at=_midnight(entry.created) if entry.created else now,
                decided_by=entry.approved_by,
                decided_at=now,
                source="file",
            )
            session.add(row)
            session.flush()
            session.add(WaiverEventRow(waiver_id=row.id, at=now, actor=actor, action="imported", note=""))
            added += 1
    return added


def export_document(engine: Engine) -> dict[str, list[dict[str, object]]]:
    """The approved waivers as a waivers file document (load_waivers reads it back)."""
    return document_of(approved_entries(engine))


def document_of(entries: Iterable[WaiverEntry]) -> dict[str, list[dict[str, object]]]:
    """Waiver entries as a waivers file document, leaving out what is not set."""
    items = []
    for entry in entries:
        item = entry.model_dump(mode="json", exclude_none=True)
        item["scope"] = {key: value for key, value in item.get("scope", {}).items() if value is not None}
        if not item["scope"]:
            del item["scope"]
        items.append(item)
    return {"waivers": items}
