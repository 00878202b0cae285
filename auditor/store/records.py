"""What the store hands back besides runs: per-client run summaries and finding lifecycles.

Plain frozen dataclasses, not ORM rows, so that history and reports read stored figures without
depending on SQLAlchemy or on the schema (auditor.store.db.schema).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from auditor.store.lifecycle import FindingState


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
