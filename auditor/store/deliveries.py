"""The delivery log: which client report for which period went to whom, and when.

`auditor deliver` reads it to skip what was already sent and to retry what failed, so running
deliver again after a failure sends each client's report exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from auditor.core.errors import StoreError
from auditor.store.database import Store
from auditor.store.db.schema import DeliveryRow

SENT = "sent"
FAILED = "failed"


@dataclass(frozen=True)
class Delivery:
    client: str
    period: str
    recipients: tuple[str, ...]
    status: str
    message_id: str | None
    error: str | None
    attempted_at: datetime


def _delivery(row: DeliveryRow) -> Delivery:
    moment = row.attempted_at if row.attempted_at.tzinfo else row.attempted_at.replace(tzinfo=UTC)
    return Delivery(
        client=row.client,
        period=row.period,
        recipients=tuple(address for address in row.recipients.split(",") if address),
        status=row.status,
        message_id=row.message_id,
        error=row.error,
        attempted_at=moment,
    )


class DeliveryLog:
    """The `deliveries` table of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def record(self, delivery: Delivery) -> None:
        row = DeliveryRow(
            client=delivery.client,
            period=delivery.period,
            recipients=",".join(delivery.recipients),
            status=delivery.status,
            message_id=delivery.message_id,
            error=delivery.error,
            attempted_at=delivery.attempted_at,
        )
        try:
            with Session(self._store.engine) as session, session.begin():
                session.add(row)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot record the delivery to {delivery.client}: {exc.__class__.__name__}") from None

    def entries(self, *, period: str | None = None) -> Sequence[Delivery]:
        query = select(DeliveryRow).order_by(DeliveryRow.attempted_at, DeliveryRow.id)
        if period is not None:
            query = query.where(DeliveryRow.period == period)
        try:
            with Session(self._store.engine) as session:
                return [_delivery(row) for row in session.scalars(query)]
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the delivery log: {exc.__class__.__name__}") from None

    def sent_clients(self, period: str) -> frozenset[str]:
        """Clients whose report for `period` was sent (a later failure does not unsend it)."""
        return frozenset(entry.client for entry in self.entries(period=period) if entry.status == SENT)
