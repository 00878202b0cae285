"""What the fleet, client and runs pages (and their API) show, read from the store for one caller.

Every function takes the caller's Account and reads only the clients it may see: a client outside
that scope is indistinguishable from one that does not exist (None, which the routes turn into 404).
Figures come from the per-run client summaries and the finding lifecycle table, so the fleet page
reads a few thousand rows whatever the number of stored runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auditor.evaluate.score import grade_of
from auditor.history.trends import sla_compliance
from auditor.portal import figures
from auditor.store.accounts import Account
from auditor.store.database import Store
from auditor.store.db.schema import RunRow, RunSummaryRow
from auditor.store.lifecycle import OPEN
from auditor.store.records import RunSummary

TREND_RUNS = 12
AGE_BUCKETS = ((7, "0-7 days"), (30, "8-30 days"), (90, "31-90 days"), (None, "over 90 days"))
SEVERITIES = ("critical", "high", "medium", "low", "info")
T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One page of a sorted, filtered list and where it sits in the whole."""

    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class ClientRow:
    name: str
    last_run_id: str | None
    last_run_at: datetime | None
    score: float | None
    grade: str
    coverage: float | None
    trend: tuple[float | None, ...]  # oldest first
    change: float | None  # score change since the run before
    sla_breaches: int
    new_since_last_run: int
    hosts: int
    not_assessed: int
    open_findings: int


def visible_clients(store: Store, account: Account) -> list[str]:
    with Session(store.engine) as session:
        clients = figures.audited_clients(session)
    return clients if account.sees_all else [c for c in clients if c in account.clients]


def client_rows(
    store: Store, clients: Sequence[str], *, now: datetime, sla: Mapping[str, Mapping[str, int]]
) -> list[ClientRow]:
    """A row per client (those the caller may see: visible_clients), with its latest figures and trend."""
    with Session(store.engine) as session:
        trends = figures.recent_summaries(session, clients, until=now, per_client=TREND_RUNS)
        latest = {client: trend[-1].run_id for client, trend in trends.items()}
        open_counts = figures.open_findings(session, clients)
        new_counts = figures.new_in_runs(session, latest)
        overdue = figures.overdue(session, clients, now=now, sla=sla)
    rows = []
    for client in clients:
        trend = trends.get(client, [])
        last = trend[-1] if trend else None
        before = trend[-2] if len(trend) > 1 else None
        change = None
        if last and before and last.score is not None and before.score is not None:
            change = round(last.score - before.score, 1)
        rows.append(
            ClientRow(
                name=client,
                last_run_id=last.run_id if last else None,
                last_run_at=last.started_at if last else None,
                score=last.score if last else None,
                grade=grade_of(last.score) if last else "-",
                coverage=last.coverage if last else None,
                trend=tuple(s.score for s in trend),
                change=change,
                sla_breaches=overdue.get(client, 0),
                new_since_last_run=new_counts.get(client, 0),
                hosts=last.hosts if last else 0,
                not_assessed=(last.hosts - last.assessed) if last else 0,
                open_findings=open_counts.get(client, 0),
            )
        )
    return rows


SORTS = {
    "name": lambda row: (row.name,),
    "score": lambda row: (row.score is None, row.score or 0.0, row.name),
    "coverage": lambda row: (row.coverage is None, row.coverage or 0.0, row.name),
    "breaches": lambda row: (-row.sla_breaches, row.name),
    "new": lambda row: (-row.new_since_last_run, row.name),
    "unassessed": lambda row: (-row.not_assessed, row.name),
}


def page_of(items: Sequence[T], *, number: int, size: int) -> tuple[list[T], Page]:
    page = Page(number=max(1, number), size=size, total=len(items))
    number = min(page.number, page.pages)
    page = Page(number=number, size=size, total=len(items))
    return list(items[page.start : page.start + size]), page


def filtered_sorted(rows: Sequence[ClientRow], *, query: str, sort: str, descending: bool) -> list[ClientRow]:
    needle = query.strip().lower()
    kept = [row for row in rows if needle in row.name.lower()]
    return sorted(kept, key=SORTS.get(sort, SORTS["name"]), reverse=descending)


@dataclass(frozen=True)
class ClientDetail:
    row: ClientRow
    trend: tuple[RunSummary, ...]
    open_by_age: dict[str, Counter[str]]  # age bucket -> severity -> count
    sla_compliance: float | None
    overdue: int


def _bucket(days: int) -> str:
    return next(label for limit, label in AGE_BUCKETS if limit is None or days <= limit)


def client_detail(
    store: Store, account: Account, client: str, *, now: datetime, sla: Mapping[str, Mapping[str, int]]
) -> ClientDetail | None:
    if client not in visible_clients(store, account):
        return None
    row = next(r for r in client_rows(store, [client], now=now, sla=sla) if r.name == client)
    with Session(store.engine) as session:
        findings = figures.client_findings(session, client)
    by_age: dict[str, Counter[str]] = {label: Counter() for _, label in AGE_BUCKETS}
    for finding in findings:
        if finding.state.status == OPEN:
            by_age[_bucket((now - finding.state.first_seen).days)][finding.severity] += 1
    return ClientDetail(
        row=row,
        trend=tuple(s for s in store.summaries(clients=[client], until=now, limit=90)),
        open_by_age=by_age,
        sla_compliance=sla_compliance(findings, now=now, sla=sla[client]),
        overdue=row.sla_breaches,
    )


@dataclass(frozen=True)
class _Figures:
    client: str
    hosts: int
    assessed: int
    score: float | None


@dataclass(frozen=True)
class RunLine:
    id: str
    started_at: datetime
    complete: bool
    clients: tuple[str, ...]
    hosts: int
    assessed: int
    score: float | None


def runs(store: Store, account: Account, *, number: int, size: int) -> tuple[list[RunLine], Page]:
    """The runs that audited a client the caller may see, newest first, with those clients' figures only."""
    clients = visible_clients(store, account)
    with Session(store.engine) as session:
        scoped = select(RunSummaryRow.run_id).where(RunSummaryRow.client.in_(clients)).distinct()
        total = session.scalar(select(func.count()).select_from(scoped.subquery())) or 0
        page = Page(number=max(1, number), size=size, total=total)
        ids = list(
            session.execute(
                select(RunRow.id, RunRow.started_at, RunRow.complete)
                .where(RunRow.id.in_(scoped))
                .order_by(RunRow.started_at.desc())
                .limit(size)
                .offset(page.start)
            )
        )
        summaries = session.execute(
            select(
                RunSummaryRow.run_id,
                RunSummaryRow.client,
                RunSummaryRow.hosts,
                RunSummaryRow.assessed,
                RunSummaryRow.score,
            ).where(RunSummaryRow.run_id.in_([run_id for run_id, _, _ in ids]), RunSummaryRow.client.in_(clients))
        )
        per_run: dict[str, list[_Figures]] = {}
        for run_id, client, hosts, assessed, score in summaries:
            per_run.setdefault(run_id, []).append(_Figures(client, hosts, assessed, score))
    lines = []
    for run_id, started_at, complete in ids:
        own = per_run.get(run_id, [])
        scored = [(s.score, s.assessed) for s in own if s.score is not None]
        weight = sum(assessed for _, assessed in scored)
        score = round(sum(v * a for v, a in scored) / weight, 1) if weight else None
        lines.append(
            RunLine(
                id=run_id,
                started_at=started_at if started_at.tzinfo else started_at.replace(tzinfo=UTC),
                complete=complete,
                clients=tuple(sorted(s.client for s in own)),
                hosts=sum(s.hosts for s in own),
                assessed=sum(s.assessed for s in own),
                score=score,
            )
        )
    return lines, page
