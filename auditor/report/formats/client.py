"""The monthly client report: one client's period, for its business owner, from stored runs only.

Pure functions of a ClientPeriod (auditor.history.storeview.client_period) and an injected clock:
the state at the end of the period is the period's last run; the work done is what the period's
runs changed (auditor.history.period); the trend is the client's score per run of the period.
Nothing here reads another client's data: the period was read for one client.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from auditor.checklib.plain import Plain
from auditor.config.scoring import ScoringConfig
from auditor.core.models import Severity, Status
from auditor.core.runmodel import HostReport, PendingUpdateRecord, Run, Waiver
from auditor.evaluate.score import grade_of
from auditor.history.period import FindingEvent, Period
from auditor.history.storeview import ClientPeriod
from auditor.report.data import SEVERITY_ORDER, ClientView, HostView, build_view
from auditor.report.formats.exploited import ExploitedUpdate, exploited_updates
from auditor.report.formats.onboarding import Fix, assess_client, library_texts
from auditor.store.lifecycle import OPEN, FindingState
from auditor.store.records import RunSummary

NEXT_STEPS = 5
OPEN_LISTED_MAX = 25  # open findings listed by name; the rest are counted
CHANGES_LISTED_MAX = 20  # kinds of issue fixed (or new) listed; the rest are counted
PATCH_SEVERITIES = ("critical", "high", "medium", "low", "unknown")
BACKUP_CHECKS = ("backup-recent", "win-backup-recent")
RESTORE_CHECKS = ("backup-restore-tested",)


@dataclass(frozen=True)
class TrendPoint:
    at: datetime
    score: float | None
    grade: str
    coverage: float | None


@dataclass(frozen=True)
class OpenFinding:
    host: str
    check_id: str
    title: str
    severity: Severity
    since: datetime
    age_days: int
    waived: bool


@dataclass(frozen=True)
class ChangeGroup:
    """One check's changes of one kind in the period, over all the systems it happened on."""

    check_id: str
    title: str
    severity: Severity
    hosts: tuple[str, ...]
    first: datetime
    last: datetime
    reopened: bool  # at least one of them was back again after a fix


def group_changes(events: Sequence[FindingEvent]) -> tuple[ChangeGroup, ...]:
    """Events by check, worst severity and most systems first: a business owner reads kinds of
    issue, not one row per system (a fleet's month can fix the same issue on fifty systems)."""
    by_check: dict[str, list[FindingEvent]] = {}
    for event in events:
        by_check.setdefault(event.check_id, []).append(event)
    groups = [
        ChangeGroup(
            check_id=check_id,
            title=items[0].title,
            severity=items[0].severity,
            hosts=tuple(sorted({e.host for e in items})),
            first=min(e.at for e in items),
            last=max(e.at for e in items),
            reopened=any(e.kind == "reopened" for e in items),
        )
        for check_id, items in by_check.items()
    ]
    return tuple(sorted(groups, key=lambda g: (SEVERITY_ORDER.index(g.severity), -len(g.hosts), g.title)))


@dataclass(frozen=True)
class SeverityGroup:
    severity: Severity
    findings: tuple[OpenFinding, ...]  # oldest first

    @property
    def oldest_days(self) -> int:
        return max((f.age_days for f in self.findings), default=0)


@dataclass(frozen=True)
class PatchSla:
    """Pending security updates of one severity band at the end of the period, against their deadline."""

    severity: str
    sla_days: int | None
    pending: int
    within: int
    oldest_days: int | None
    median_days: float | None

    @property
    def compliance(self) -> float | None:
        return round(100.0 * self.within / self.pending, 1) if self.pending else None


@dataclass(frozen=True)
class BackupRow:
    host: str
    backup_status: Status | None  # None: the host has no backup check in this run
    backup_message: str
    restore_status: Status | None
    restore_message: str


@dataclass(frozen=True)
class AcceptedRisk:
    host: str
    title: str
    severity: Severity
    waiver: Waiver


@dataclass(frozen=True)
class ClientReport:
    client: str
    period: Period
    generated_at: datetime
    runs: int
    view: ClientView | None  # the period's last run; None when no run of the period audited this client
    last_run_at: datetime | None
    trend: tuple[TrendPoint, ...]
    resolved: tuple[FindingEvent, ...]
    new: tuple[FindingEvent, ...]
    reopened: tuple[FindingEvent, ...]
    open_groups: tuple[SeverityGroup, ...]
    patch_sla: tuple[PatchSla, ...]
    backups: tuple[BackupRow, ...]
    accepted: tuple[AcceptedRisk, ...]
    unassessed: tuple[HostReport, ...]
    next_steps: tuple[Fix, ...]
    appendix: tuple[HostView, ...]  # empty unless asked for
    exploited: tuple[ExploitedUpdate, ...] = ()  # pending fixes for CVEs exploited in the wild, worst first

    @property
    def hosts_total(self) -> int:
        return len(self.view.hosts) if self.view else 0

    @property
    def hosts_assessed(self) -> int:
        return sum(1 for h in self.view.hosts if h.host.assessed) if self.view else 0

    @property
    def open_total(self) -> int:
        return sum(len(group.findings) for group in self.open_groups)

    @property
    def fixed_groups(self) -> tuple[ChangeGroup, ...]:
        return group_changes(self.resolved)

    @property
    def arrival_groups(self) -> tuple[ChangeGroup, ...]:
        return group_changes(self.new + self.reopened)

    @property
    def open_listed(self) -> tuple[OpenFinding, ...]:
        """The open findings named in the report, worst severity and oldest first."""
        return tuple(f for group in self.open_groups for f in group.findings)[:OPEN_LISTED_MAX]

    @property
    def score_change(self) -> float | None:
        scores = [point.score for point in self.trend if point.score is not None]
        return round(scores[-1] - scores[0], 1) if len(scores) > 1 else None


def _trend(summaries: Sequence[RunSummary]) -> tuple[TrendPoint, ...]:
    return tuple(
        TrendPoint(at=s.started_at, score=s.score, grade=grade_of(s.score), coverage=s.coverage) for s in summaries
    )


def _open_groups(
    view: ClientView, states: dict[tuple[str, str], FindingState], *, now: datetime
) -> tuple[SeverityGroup, ...]:
    found: dict[Severity, list[OpenFinding]] = {}
    for host in view.hosts:
        for finding in host.findings:
            result = finding.result
            if result.status not in (Status.FAIL, Status.WAIVED):
                continue
            state = states.get((host.host.name, result.check_id))
            since = (state.reopened_at or state.first_seen) if state and state.status == OPEN else host.host.finished_at
            found.setdefault(result.severity, []).append(
                OpenFinding(
                    host=host.host.name,
                    check_id=result.check_id,
                    title=result.title,
                    severity=result.severity,
                    since=since,
                    age_days=max(0, (now - since).days),
                    waived=result.status is Status.WAIVED,
                )
            )
    return tuple(
        SeverityGroup(severity=sev, findings=tuple(sorted(found[sev], key=lambda f: (-f.age_days, f.host, f.check_id))))
        for sev in SEVERITY_ORDER
        if sev in found
    )


def _patch_sla(hosts: Sequence[HostReport]) -> tuple[PatchSla, ...]:
    by_band: dict[str, list[PendingUpdateRecord]] = {}
    for host in hosts:
        for update in host.pending_updates:
            if update.security and update.sla_days is not None:
                band = update.severity.value if update.severity else "unknown"
                by_band.setdefault(band if band in PATCH_SEVERITIES else "unknown", []).append(update)
    rows = []
    for band in PATCH_SEVERITIES:
        updates = by_band.get(band, [])
        if not updates:
            continue
        ages = [u.age_days for u in updates if u.age_days is not None]
        rows.append(
            PatchSla(
                severity=band,
                sla_days=max(u.sla_days or 0 for u in updates),
                pending=len(updates),
                within=sum(1 for u in updates if not u.overdue_days or u.overdue_days <= 0),
                oldest_days=max(ages) if ages else None,
                median_days=round(statistics.median(ages), 1) if ages else None,
            )
        )
    return tuple(rows)


def _backups(view: ClientView) -> tuple[BackupRow, ...]:
    rows = []
    for host in view.hosts:
        if not host.host.assessed:
            continue
        results = {f.result.check_id: f.result for f in host.findings}
        backup = next((results[c] for c in BACKUP_CHECKS if c in results), None)
        restore = next((results[c] for c in RESTORE_CHECKS if c in results), None)
        rows.append(
            BackupRow(
                host=host.host.name,
                backup_status=backup.status if backup else None,
                backup_message=backup.message if backup else "",
                restore_status=restore.status if restore else None,
                restore_message=restore.message if restore else "",
            )
        )
    return tuple(rows)


def _accepted(view: ClientView) -> tuple[AcceptedRisk, ...]:
    return tuple(
        AcceptedRisk(host=h.host.name, title=f.result.title, severity=f.result.severity, waiver=f.result.waiver)
        for h in view.hosts
        for f in h.findings
        if f.result.status is Status.WAIVED and f.result.waiver is not None
    )


def _last_view(run: Run | None, client: str, config: ScoringConfig) -> ClientView | None:
    if run is None:
        return None
    mine = run.model_copy(update={"hosts": [h for h in run.hosts if h.client == client]})
    clients = build_view(mine, config=config).clients
    return clients[0] if clients else None


def plain_texts(extra_dirs: Sequence[Path] = ()) -> Mapping[str, Plain]:
    """Each check's business-owner words from the current library (the stored run keeps titles only)."""
    from auditor.checklib.registry import load_checks

    return {check.id: check.meta.plain for check in load_checks(extra_dirs=extra_dirs) if check.meta.plain}


def _next_steps(view: ClientView, language: str) -> tuple[Fix, ...]:
    """The most important fixes, in the words of each check's plain text (auditor.report.formats.onboarding)."""
    return assess_client(view, checks={}, plain=library_texts(), language=language).fixes[:NEXT_STEPS]


def client_report(
    period: ClientPeriod,
    *,
    now: datetime,
    config: ScoringConfig | None = None,
    appendix: bool = False,
    language: str = "en",
) -> ClientReport:
    """The report's content; `now` dates it and ages findings still open at the end of the period."""
    config = config or ScoringConfig()
    last = period.runs[-1] if period.runs else None
    view = _last_view(last, period.client, config)
    age_at = min(now, period.period.end)
    return ClientReport(
        client=period.client,
        period=period.period,
        generated_at=now,
        runs=len(period.runs),
        view=view,
        last_run_at=last.info.started_at if last else None,
        trend=_trend(period.trend),
        resolved=period.findings.of_kind("resolved"),
        new=period.findings.of_kind("new"),
        reopened=period.findings.of_kind("reopened"),
        open_groups=_open_groups(view, dict(period.findings.states), now=age_at) if view else (),
        patch_sla=_patch_sla([h.host for h in view.hosts]) if view else (),
        backups=_backups(view) if view else (),
        accepted=_accepted(view) if view else (),
        unassessed=tuple(h.host for h in view.hosts if not h.host.assessed) if view else (),
        next_steps=_next_steps(view, language) if view else (),
        appendix=view.hosts if view and appendix else (),
        exploited=exploited_updates([h.host for h in view.hosts]) if view else (),
    )
