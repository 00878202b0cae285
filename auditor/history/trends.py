"""History around one run, for reports and alerts: what changed since the previous run, trends
per client, findings past their remediation deadline, SLA compliance and time to remediate.

Computed from the store's finding lifecycle and run summaries at render time (pure functions of
what is passed in), so a re-rendered old report shows the history as of now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from auditor.config.sla import DEFAULT_FINDING_SLA_DAYS
from auditor.history.diff import RunDiff
from auditor.store.lifecycle import OPEN, RESOLVED
from auditor.store.records import Finding, RunSummary

SLA_WINDOW_DAYS = 30


@dataclass(frozen=True)
class OverdueFinding:
    finding: Finding
    age_days: int
    deadline_days: int
    overdue_days: int


@dataclass(frozen=True)
class ClientHistory:
    client: str
    trend: tuple[RunSummary, ...]  # oldest first, this run last
    overdue: tuple[OverdueFinding, ...]  # worst first
    sla_compliance: float | None  # percent over the last 30 days; None without findings
    mean_time_to_remediate_days: float | None
    open_findings: int


@dataclass(frozen=True)
class HistoryView:
    previous_run_id: str | None
    since_last_run: RunDiff | None
    clients: Mapping[str, ClientHistory]


def deadline(severity: str, sla: Mapping[str, int]) -> int | None:
    return sla.get(severity)


def overdue_findings(findings: Iterable[Finding], *, now: datetime, sla: Mapping[str, int]) -> list[OverdueFinding]:
    overdue = []
    for finding in findings:
        days = deadline(finding.severity, sla)
        if finding.state.status != OPEN or days is None:
            continue
        age = (now - finding.state.first_seen).days
        if age > days:
            overdue.append(OverdueFinding(finding=finding, age_days=age, deadline_days=days, overdue_days=age - days))
    return sorted(overdue, key=lambda item: (-item.overdue_days, item.finding.host, item.finding.check_id))


def sla_compliance(
    findings: Iterable[Finding], *, now: datetime, sla: Mapping[str, int], window_days: int = SLA_WINDOW_DAYS
) -> float | None:
    """Share of the findings open at any time in the window that were (or still are) within deadline.

    A finding counts as compliant if it was resolved within its deadline, or is still open and not
    yet past it; findings without a deadline (info) are left out.
    """
    start = now - timedelta(days=window_days)
    active = compliant = 0
    for finding in findings:
        days = deadline(finding.severity, sla)
        state = finding.state
        if days is None or state.first_seen > now:
            continue
        if state.status == RESOLVED and state.resolved_at is not None and state.resolved_at < start:
            continue
        active += 1
        end = state.resolved_at if state.status == RESOLVED and state.resolved_at else now
        if (end - state.first_seen).days <= days:
            compliant += 1
    return round(100.0 * compliant / active, 1) if active else None


def mean_time_to_remediate(findings: Iterable[Finding]) -> float | None:
    durations = [
        (f.state.resolved_at - f.state.first_seen).total_seconds() / 86400
        for f in findings
        if f.state.status == RESOLVED and f.state.resolved_at is not None
    ]
    return round(sum(durations) / len(durations), 1) if durations else None


def build_history(
    *,
    clients: Sequence[str],
    now: datetime,
    summaries: Iterable[RunSummary],
    findings: Iterable[Finding],
    since_last_run: RunDiff | None,
    previous_run_id: str | None,
    sla_for: Mapping[str, Mapping[str, int]],
) -> HistoryView:
    by_client_summaries: dict[str, list[RunSummary]] = {}
    for summary in summaries:
        by_client_summaries.setdefault(summary.client, []).append(summary)
    by_client_findings: dict[str, list[Finding]] = {}
    for finding in findings:
        by_client_findings.setdefault(finding.client, []).append(finding)
    result = {}
    for client in clients:
        mine = by_client_findings.get(client, [])
        sla = sla_for.get(client, DEFAULT_FINDING_SLA_DAYS)
        result[client] = ClientHistory(
            client=client,
            trend=tuple(sorted(by_client_summaries.get(client, []), key=lambda s: s.started_at)),
            overdue=tuple(overdue_findings(mine, now=now, sla=sla)),
            sla_compliance=sla_compliance(mine, now=now, sla=sla),
            mean_time_to_remediate_days=mean_time_to_remediate(mine),
            open_findings=sum(1 for f in mine if f.state.status == OPEN),
        )
    return HistoryView(previous_run_id=previous_run_id, since_last_run=since_last_run, clients=result)
