"""Finding lifecycle in the store: each host's results move its findings along (auditor.store.lifecycle).

Written in the same transaction as the host's report, so a finding never runs ahead of or behind
the results that moved it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from auditor.core.runmodel import HostReport
from auditor.store.db.schema import FindingRow
from auditor.store.engine import aware
from auditor.store.lifecycle import FindingState, advance
from auditor.store.records import Finding


def advance_findings(session: Session, run_id: str, host: HostReport) -> None:
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
        before = finding_state(row) if row is not None else None
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


def read_findings(session: Session, clients: Iterable[str]) -> list[Finding]:
    """The lifecycle of every finding of these clients."""
    rows = session.scalars(select(FindingRow).where(FindingRow.client.in_(sorted(set(clients)))))
    return [finding_of(row) for row in rows]


def finding_of(row: FindingRow) -> Finding:
    return Finding(
        client=row.client,
        host=row.host,
        check_id=row.check_id,
        subject=row.subject,
        title=row.title,
        category=row.category,
        severity=row.severity,
        state=finding_state(row),
        first_run_id=row.first_run_id,
        last_run_id=row.last_run_id,
    )


def finding_state(row: FindingRow) -> FindingState:
    return FindingState(
        status=row.status,
        first_seen=aware(row.first_seen),
        last_seen=aware(row.last_seen),
        resolved_at=aware(row.resolved_at) if row.resolved_at else None,
        reopened_at=aware(row.reopened_at) if row.reopened_at else None,
        reopened_count=row.reopened_count,
    )
