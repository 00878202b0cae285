"""Per-client run summaries (hosts, score, coverage, failures by severity): the trend lines.

Written once a run is finished and its scores are known, read by history for trends; small
rows, kept when a run's evidence is pruned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from auditor.store.db.schema import RunSummaryRow
from auditor.store.engine import aware
from auditor.store.records import RunSummary


def write_summaries(session: Session, run_id: str, summaries: Iterable[RunSummary]) -> None:
    """Per-client figures of a finished run, for trends; replaces earlier ones for that run."""
    session.execute(delete(RunSummaryRow).where(RunSummaryRow.run_id == run_id))
    for item in summaries:
        session.add(RunSummaryRow(**{**asdict(item), "run_id": run_id}))


def read_summaries(session: Session, *, clients: Iterable[str], until: datetime, limit: int = 60) -> list[RunSummary]:
    """Run summaries of these clients up to `until`, oldest first (the last `limit` runs per client)."""
    wanted = sorted(set(clients))
    rows = session.scalars(
        select(RunSummaryRow)
        .where(RunSummaryRow.client.in_(wanted), RunSummaryRow.started_at <= until)
        .order_by(RunSummaryRow.started_at.desc())
    )
    found: dict[str, list[RunSummary]] = {}
    for row in rows:
        items = found.setdefault(row.client, [])
        if len(items) < limit:
            items.append(summary_of(row))
    return sorted((item for items in found.values() for item in items), key=lambda s: (s.started_at, s.client))


def summary_of(row: RunSummaryRow) -> RunSummary:
    return RunSummary(
        run_id=row.run_id,
        client=row.client,
        started_at=aware(row.started_at),
        hosts=row.hosts,
        assessed=row.assessed,
        score=row.score,
        coverage=row.coverage,
        failed_by_severity=dict(row.failed_by_severity),
    )
