"""Finding lifecycles of a period as rows for an auditor's sample (auditor export findings).

SOC 2 (CC7.1) and ISO 27001 auditors sample findings and ask, for each: when it was detected,
its severity, the deadline that applied, when it was fixed and which run showed the fix, whether it
came back, and whether someone accepted the risk. The store keeps each finding's lifecycle
(auditor.store.lifecycle); this module picks the findings alive during the period and lays them
out one row each. Pure functions of what the store handed back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from auditor.core.runmodel import Waiver
from auditor.store.lifecycle import RESOLVED

if TYPE_CHECKING:
    from auditor.history.period import Period
    from auditor.store.records import Finding

FindingKey = tuple[str, str, str]  # (client, host, check id)

COLUMNS = (
    "client",
    "host",
    "check_id",
    "title",
    "category",
    "severity",
    "status",
    "detected",
    "detected_run",
    "sla_days",
    "sla_due",
    "resolved",
    "resolved_run",
    "within_sla",
    "reopened_count",
    "last_reopened",
    "last_seen",
    "waiver_approved_by",
    "waiver_expires",
    "waiver_justification",
    "waiver_ticket",
)


@dataclass(frozen=True)
class ExportRow:
    """One finding (client, host, check) alive during the period, as the store knows it now."""

    client: str
    host: str
    check_id: str
    title: str
    category: str
    severity: str
    status: str  # open | resolved
    detected: datetime
    detected_run: str
    sla_days: int | None
    sla_due: date | None
    resolved: datetime | None
    resolved_run: str | None
    within_sla: bool | None  # None: no deadline, or still open and not yet due
    reopened_count: int
    last_reopened: datetime | None
    last_seen: datetime
    waiver: Waiver | None

    def cells(self) -> list[str | int | None]:
        """The row in COLUMNS order: dates as ISO 8601 text, absent values as None."""
        waiver = self.waiver
        return [
            self.client,
            self.host,
            self.check_id,
            self.title,
            self.category,
            self.severity,
            self.status,
            _iso(self.detected),
            self.detected_run,
            self.sla_days,
            self.sla_due.isoformat() if self.sla_due else None,
            _iso(self.resolved),
            self.resolved_run,
            None if self.within_sla is None else ("yes" if self.within_sla else "no"),
            self.reopened_count,
            _iso(self.last_reopened),
            _iso(self.last_seen),
            waiver.approved_by if waiver else None,
            waiver.expires if waiver else None,
            waiver.justification if waiver else None,
            waiver.ticket if waiver else None,
        ]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def alive_in(finding: Finding, period: Period) -> bool:
    """Detected before the period ended and not resolved before it began."""
    state = finding.state
    if state.first_seen >= period.end:
        return False
    return not (state.status == RESOLVED and state.resolved_at is not None and state.resolved_at < period.start)


def export_rows(
    findings: Iterable[Finding],
    *,
    period: Period,
    sla_for: Mapping[str, Mapping[str, int]],
    waivers: Mapping[FindingKey, Waiver],
    now: datetime,
) -> list[ExportRow]:
    """The findings alive during the period, by client, host and check."""
    rows = [
        _row(finding, sla=sla_for[finding.client], waiver=waivers.get(_key(finding)), now=now)
        for finding in findings
        if alive_in(finding, period)
    ]
    return sorted(rows, key=lambda row: (row.client, row.host, row.check_id, row.detected))


def _key(finding: Finding) -> FindingKey:
    return (finding.client, finding.host, finding.check_id)


def _row(finding: Finding, *, sla: Mapping[str, int], waiver: Waiver | None, now: datetime) -> ExportRow:
    state = finding.state
    days = sla.get(finding.severity)
    due = state.first_seen + timedelta(days=days) if days is not None else None
    resolved = state.resolved_at if state.status == RESOLVED else None
    within: bool | None = None
    if due is not None:
        if resolved is not None:
            within = resolved <= due
        elif now > due:
            within = False
    return ExportRow(
        client=finding.client,
        host=finding.host,
        check_id=finding.check_id,
        title=finding.title,
        category=finding.category,
        severity=finding.severity,
        status=state.status,
        detected=state.first_seen,
        detected_run=finding.first_run_id,
        sla_days=days,
        sla_due=due.date() if due is not None else None,
        resolved=resolved,
        resolved_run=finding.last_run_id if resolved is not None else None,
        within_sla=within,
        reopened_count=state.reopened_count,
        last_reopened=state.reopened_at,
        last_seen=state.last_seen,
        waiver=waiver,
    )
