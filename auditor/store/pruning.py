"""Pruning: old runs lose their raw evidence, keep everything a report or a trend needs.

Evidence (every probe's output) is most of a store's size; results, summaries and finding
history are small and are what history, SLAs and re-rendered reports read.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from auditor.store.db.schema import EvidenceRow, RunRow

_CHUNK = 500  # host ids per DELETE, under every backend's bound-parameter limit


def prune_evidence(session: Session, *, older_than: datetime) -> tuple[int, int]:
    """Drop the raw evidence of runs started before `older_than`; keep runs, hosts, results,
    summaries and finding history. Returns (runs pruned, evidence rows deleted)."""
    runs = list(session.scalars(select(RunRow).where(RunRow.started_at < older_than)))
    host_ids = [host.id for run in runs for host in run.hosts]
    deleted = 0
    for start in range(0, len(host_ids), _CHUNK):
        chunk = host_ids[start : start + _CHUNK]
        result = session.execute(delete(EvidenceRow).where(EvidenceRow.host_id.in_(chunk)))
        deleted += int(getattr(result, "rowcount", 0) or 0)
    for run in runs:
        run.info = {**run.info, "evidence_pruned": True}
    return len(runs), deleted
