"""Finding lifecycle: how one run's result moves a finding (client, host, check, subject) along.

A failed (or waived: accepted, not fixed) result opens a finding or keeps it open; a pass or
not_applicable resolves an open one; a resolved finding that fails again is reopened (a
regression) and counts it. An error result says nothing about the finding, so nothing changes:
a host that could not be assessed never resolves its findings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from auditor.core.models import Status

OPEN = "open"
RESOLVED = "resolved"
FAILING = frozenset({Status.FAIL, Status.WAIVED})
CLEARING = frozenset({Status.PASS, Status.NOT_APPLICABLE})


@dataclass(frozen=True)
class FindingState:
    status: str
    first_seen: datetime
    last_seen: datetime
    resolved_at: datetime | None = None
    reopened_at: datetime | None = None
    reopened_count: int = 0


def advance(state: FindingState | None, status: Status, *, at: datetime) -> FindingState | None:
    """The finding after one result seen `at`; None while there is no finding at all."""
    if status in FAILING:
        if state is None:
            return FindingState(status=OPEN, first_seen=at, last_seen=at)
        if state.status == RESOLVED:
            return replace(
                state,
                status=OPEN,
                last_seen=at,
                resolved_at=None,
                reopened_at=at,
                reopened_count=state.reopened_count + 1,
            )
        return replace(state, last_seen=at)
    if status in CLEARING and state is not None and state.status == OPEN:
        return replace(state, status=RESOLVED, resolved_at=at)
    return state
