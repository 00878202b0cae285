"""The portal's audit log: who signed in (or failed to), and who changed what, when and from where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from auditor.store.db.schema import AuditRow

MAX_DETAIL = 2000  # details quote user input (a user name typed at sign-in): bounded


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    detail: str
    address: str | None


def record(engine: Engine, *, actor: str, action: str, detail: str = "", address: str | None = None) -> None:
    with Session(engine) as session, session.begin():
        session.add(
            AuditRow(
                at=datetime.now(UTC),
                actor=actor[:128],
                action=action,
                detail=detail[:MAX_DETAIL],
                address=address[:64] if address else None,
            )
        )


def entries(engine: Engine, *, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    """The newest entries first."""
    with Session(engine) as session:
        rows = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit).offset(offset))
        return [
            AuditEntry(
                at=row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC),
                actor=row.actor,
                action=row.action,
                detail=row.detail,
                address=row.address,
            )
            for row in rows
        ]
