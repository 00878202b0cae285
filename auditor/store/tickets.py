"""The ticket book: which PSA ticket covers which client and finding group, and what it holds.

`auditor tickets sync` reads the open tickets to decide, per group, whether to open, update or
close one, and writes each ticket back right after the PSA accepted the change, so a sync cut
short by a PSA failure resumes where it stopped instead of opening the same ticket twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from auditor.core.errors import StoreError
from auditor.store.database import Store
from auditor.store.db.schema import TicketRow
from auditor.store.engine import aware

OPEN = "open"
CLOSED = "closed"


@dataclass(frozen=True)
class TicketMember:
    """One finding a ticket covers: a check failing on a host."""

    host: str
    check_id: str
    title: str
    severity: str


@dataclass(frozen=True)
class TicketRecord:
    psa: str
    client: str
    group_by: str  # check | host
    group_key: str  # the check id, or the host name
    ticket_id: str
    status: str
    severity: str
    members: tuple[TicketMember, ...]
    opened_at: datetime
    updated_at: datetime
    last_run_id: str
    last_run_at: datetime
    closed_at: datetime | None = None
    row_id: int | None = None  # None until stored

    @property
    def group(self) -> tuple[str, str, str]:
        return (self.client, self.group_by, self.group_key)


def _record(row: TicketRow) -> TicketRecord:
    return TicketRecord(
        psa=row.psa,
        client=row.client,
        group_by=row.group_by,
        group_key=row.group_key,
        ticket_id=row.ticket_id,
        status=row.status,
        severity=row.severity,
        members=tuple(TicketMember(**member) for member in row.members),
        opened_at=aware(row.opened_at),
        updated_at=aware(row.updated_at),
        last_run_id=row.last_run_id,
        last_run_at=aware(row.last_run_at),
        closed_at=aware(row.closed_at) if row.closed_at else None,
        row_id=row.id,
    )


class TicketBook:
    """The `psa_tickets` table of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def open_tickets(self, psa: str) -> dict[tuple[str, str, str], TicketRecord]:
        """The open ticket of each (client, group_by, group_key) on this PSA."""
        query = select(TicketRow).where(TicketRow.psa == psa, TicketRow.status == OPEN).order_by(TicketRow.id)
        return {record.group: record for record in self._read(query)}

    def entries(self, *, include_closed: bool = False) -> Sequence[TicketRecord]:
        """Every ticket (the open ones only unless `include_closed`), by client and group."""
        query = select(TicketRow).order_by(TicketRow.client, TicketRow.group_key, TicketRow.id)
        if not include_closed:
            query = query.where(TicketRow.status == OPEN)
        return self._read(query)

    def save(self, record: TicketRecord) -> TicketRecord:
        """Insert a new ticket or write an existing one back; returns it with its row id."""
        values = {
            "psa": record.psa,
            "client": record.client,
            "group_by": record.group_by,
            "group_key": record.group_key,
            "ticket_id": record.ticket_id,
            "status": record.status,
            "severity": record.severity,
            "members": [member.__dict__ for member in record.members],
            "opened_at": record.opened_at,
            "updated_at": record.updated_at,
            "closed_at": record.closed_at,
            "last_run_id": record.last_run_id,
            "last_run_at": record.last_run_at,
        }
        try:
            with Session(self._store.engine) as session, session.begin():
                row = session.get(TicketRow, record.row_id) if record.row_id is not None else None
                if row is None:
                    row = TicketRow(**values)
                    session.add(row)
                else:
                    for name, value in values.items():
                        setattr(row, name, value)
                session.flush()
                return _record(row)
        except SQLAlchemyError as exc:
            what = f"ticket {record.ticket_id} of {record.client}"
            raise StoreError(f"cannot record {what}: {type(exc).__name__}") from None

    def _read(self, query: Select[Any]) -> list[TicketRecord]:
        try:
            with Session(self._store.engine) as session:
                return [_record(row) for row in session.scalars(query)]
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the ticket book: {type(exc).__name__}") from None
