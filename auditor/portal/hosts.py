"""Hosts, their checks' history, evidence and run comparisons, read for one caller.

A host is always addressed through its client, and evidence through the host row it belongs to,
so a guessed id of another client's evidence reads nothing (None, which the routes turn into 404).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from auditor.core.models import Category
from auditor.core.runmodel import RunInfo
from auditor.history.diff import RunDiff, diff_runs
from auditor.history.storeview import finding_history
from auditor.portal.figures import recent_summaries
from auditor.store.accounts import Account
from auditor.store.database import Store
from auditor.store.db.schema import EvidenceRow, FindingRow, HostRow, ResultRow, RunRow, RunSummaryRow
from auditor.store.findings import finding_of
from auditor.store.records import Finding

MAX_EVIDENCE_CHARS = 200_000  # what one page shows of a probe's output; the rest is named, not sent


@dataclass(frozen=True)
class HostLine:
    name: str
    assessed: bool
    os: str
    error: str | None
    failed: int
    worst: str | None
    passed: int


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def latest_run_of(session: Session, client: str) -> str | None:
    """The newest run with this client's hosts (its summary when recorded, else its host rows)."""
    found = session.scalar(
        select(RunSummaryRow.run_id)
        .where(RunSummaryRow.client == client)
        .order_by(RunSummaryRow.started_at.desc())
        .limit(1)
    )
    if found is not None:
        return found
    return session.scalar(
        select(RunRow.id)
        .where(RunRow.id.in_(select(HostRow.run_id).where(HostRow.client == client)))
        .order_by(RunRow.started_at.desc())
        .limit(1)
    )


_FAR = datetime(9999, 1, 1, tzinfo=UTC)
_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}


def client_hosts(store: Store, client: str) -> list[HostLine]:
    """The client's hosts in its latest run, with failed and passed counts (callers check scope first)."""
    return [line for _, line in latest_hosts(store, [client])]


def latest_hosts(store: Store, clients: Sequence[str]) -> list[tuple[str, HostLine]]:
    """Each client's hosts in that client's latest run: three queries for any number of clients."""
    with Session(store.engine) as session:
        newest = recent_summaries(session, clients, until=_FAR, per_client=1)
        latest = {client: lines[-1].run_id for client, lines in newest.items()}
        for client in clients:
            if client not in latest and (run_id := latest_run_of(session, client)) is not None:
                latest[client] = run_id
        wanted = set(latest.items())
        hosts = [
            row
            for row in session.execute(
                select(HostRow.id, HostRow.client, HostRow.name, HostRow.assessed, HostRow.report).where(
                    HostRow.run_id.in_(sorted(set(latest.values()))), HostRow.client.in_(sorted(latest))
                )
            )
            if (row[1], latest.get(row[1])) in wanted
        ]
        failed: Counter[int] = Counter()
        passed: Counter[int] = Counter()
        worst: dict[int, str] = {}
        ids = [row[0] for row in hosts]
        for start in range(0, len(ids), 5000):  # bounded parameter lists (SQLite's limit)
            counts = session.execute(
                select(ResultRow.host_id, ResultRow.status, ResultRow.severity, func.count())
                .where(ResultRow.host_id.in_(ids[start : start + 5000]))
                .group_by(ResultRow.host_id, ResultRow.status, ResultRow.severity)
            )
            for host_id, status, severity, count in counts:
                if status == "fail":
                    failed[host_id] += count
                    if _RANK.get(severity, 9) < _RANK.get(worst.get(host_id, "none"), 9):
                        worst[host_id] = severity
                elif status == "pass":
                    passed[host_id] += count
    return [
        (
            client,
            HostLine(
                name=name,
                assessed=assessed,
                os=str(report.get("os_pretty") or report.get("os_id") or ""),
                error=str(report["error"]) if report.get("error") else None,
                failed=failed[host_id],
                worst=worst.get(host_id),
                passed=passed[host_id],
            ),
        )
        for host_id, client, name, assessed, report in sorted(hosts, key=lambda row: (row[1], row[2]))
    ]


HOST_SORTS: dict[str, Callable[[HostLine], tuple[object, ...]]] = {
    "name": lambda h: (h.name,),
    "failed": lambda h: (-h.failed, h.name),
    "worst": lambda h: (_RANK.get(h.worst or "", 9), -h.failed, h.name),
    "assessed": lambda h: (h.assessed, h.name),
}


def filter_hosts(hosts: Sequence[HostLine], *, query: str, sort: str, descending: bool) -> list[HostLine]:
    needle = query.strip().lower()
    kept = [h for h in hosts if needle in h.name.lower() or needle in h.os.lower()]
    return sorted(kept, key=HOST_SORTS.get(sort, HOST_SORTS["name"]), reverse=descending)


@dataclass(frozen=True)
class CheckLine:
    check_id: str
    title: str
    severity: str
    status: str
    message: str
    waived_by: str | None


@dataclass(frozen=True)
class EvidenceLine:
    id: int
    probe: str
    exit_status: int
    complete: bool


def _check_line(result: dict[str, Any]) -> CheckLine:
    waiver = result.get("waiver")
    return CheckLine(
        check_id=str(result.get("check_id", "")),
        title=str(result.get("title", "")),
        severity=str(result.get("severity", "")),
        status=str(result.get("status", "")),
        message=str(result.get("message", "")),
        waived_by=str(waiver["approved_by"]) if isinstance(waiver, dict) and waiver.get("approved_by") else None,
    )


@dataclass(frozen=True)
class HostDetail:
    client: str
    name: str
    run_id: str
    run_started_at: datetime
    report: dict[str, object]
    checks: tuple[CheckLine, ...]
    evidence: tuple[EvidenceLine, ...]
    history: tuple[Finding, ...]  # each check's life across runs: appeared, resolved, reopened


def host_detail(store: Store, account: Account, client: str, host: str) -> HostDetail | None:
    if not account.may_see(client):
        return None
    with Session(store.engine) as session:
        found = session.execute(
            select(HostRow.id, HostRow.run_id, HostRow.report, RunRow.started_at)
            .join(RunRow, RunRow.id == HostRow.run_id)
            .where(HostRow.client == client, HostRow.name == host)
            .order_by(RunRow.started_at.desc())
            .limit(1)
        ).first()
        if found is None:
            return None
        host_id, run_id, report, started_at = found
        checks = tuple(
            _check_line(result)
            for result in session.scalars(
                select(ResultRow.result).where(ResultRow.host_id == host_id).order_by(ResultRow.id)
            )
        )
        evidence = tuple(
            EvidenceLine(id=row_id, probe=probe, exit_status=status, complete=complete)
            for row_id, probe, status, complete in session.execute(
                select(EvidenceRow.id, EvidenceRow.probe, EvidenceRow.exit_status, EvidenceRow.complete)
                .where(EvidenceRow.host_id == host_id)
                .order_by(EvidenceRow.id)
            )
        )
    with Session(store.engine) as session:
        rows = session.scalars(select(FindingRow).where(FindingRow.client == client, FindingRow.host == host))
        history = tuple(sorted((finding_of(row) for row in rows), key=lambda f: (f.state.status, f.check_id)))
    return HostDetail(
        client=client,
        name=host,
        run_id=run_id,
        run_started_at=_aware(started_at),
        report=dict(report),
        checks=checks,
        evidence=evidence,
        history=history,
    )


@dataclass(frozen=True)
class EvidenceView:
    id: int
    client: str
    host: str
    run_id: str
    probe: str
    command: str
    stdout: str
    stderr: str
    exit_status: int
    complete: bool
    cut: int  # characters of output not shown


def evidence(store: Store, account: Account, evidence_id: int) -> EvidenceView | None:
    """One probe output, if it belongs to a host of a client the caller may see."""
    with Session(store.engine) as session:
        found = session.execute(
            select(EvidenceRow, HostRow.client, HostRow.name, HostRow.run_id)
            .join(HostRow, HostRow.id == EvidenceRow.host_id)
            .where(EvidenceRow.id == evidence_id)
        ).first()
        if found is None or not account.may_see(found[1]):
            return None
        row, client, host, run_id = found
        cut = max(0, len(row.stdout) - MAX_EVIDENCE_CHARS)
        return EvidenceView(
            id=row.id,
            client=client,
            host=host,
            run_id=run_id,
            probe=row.probe,
            command=row.command,
            stdout=row.stdout[:MAX_EVIDENCE_CHARS],
            stderr=row.stderr[:MAX_EVIDENCE_CHARS],
            exit_status=row.exit_status,
            complete=row.complete,
            cut=cut,
        )


@dataclass(frozen=True)
class RunChoice:
    id: str
    started_at: datetime


def client_runs(store: Store, client: str, *, limit: int = 90) -> list[RunChoice]:
    """The runs with this client's summary, newest first (for choosing two to compare)."""
    with Session(store.engine) as session:
        rows = session.execute(
            select(RunRow.id, RunRow.started_at)
            .join(RunSummaryRow, RunSummaryRow.run_id == RunRow.id)
            .where(RunSummaryRow.client == client)
            .order_by(RunRow.started_at.desc())
            .limit(limit)
        )
        return [RunChoice(id=run_id, started_at=_aware(started_at)) for run_id, started_at in rows]


def compare(store: Store, account: Account, client: str, *, base: str, head: str) -> RunDiff | None:
    """What changed for one client between two runs; None if either run did not audit that client."""
    if not account.may_see(client):
        return None
    with Session(store.engine) as session:
        audited = set(
            session.scalars(
                select(HostRow.run_id).where(HostRow.client == client, HostRow.run_id.in_([base, head])).distinct()
            )
        )
    if audited != {base, head}:
        return None
    before = store.load_run(base, evidence=False, client=client)
    after = store.load_run(head, evidence=False, client=client)
    return diff_runs(before, after, history=finding_history(store, [client]))


def findings_page(
    store: Store, clients: Sequence[str], *, status: str | None, number: int, size: int
) -> tuple[list[Finding], int]:
    """One page of the findings of these clients, ordered by client, host and check; and their total."""
    where: list[ColumnElement[bool]] = [FindingRow.client.in_(clients)]
    if status is not None:
        where.append(FindingRow.status == status)
    with Session(store.engine) as session:
        total = session.scalar(select(func.count()).select_from(FindingRow).where(*where)) or 0
        rows = session.scalars(
            select(FindingRow)
            .where(*where)
            .order_by(FindingRow.client, FindingRow.host, FindingRow.check_id, FindingRow.subject)
            .limit(size)
            .offset((number - 1) * size)
        )
        return [finding_of(row) for row in rows], total


def backup_checks(info: RunInfo) -> set[str]:
    return {check.id for check in info.checks if check.category is Category.BACKUP}


@dataclass(frozen=True)
class BackupLine:
    check_id: str
    title: str
    passed: int
    failed: int
    other: int


def client_backups(store: Store, client: str) -> list[BackupLine]:
    """The backup checks of the client's latest run: how many hosts pass, fail or could not be assessed."""
    with Session(store.engine) as session:
        run_id = latest_run_of(session, client)
        info = session.scalar(select(RunRow.info).where(RunRow.id == run_id)) if run_id else None
        if run_id is None or info is None:
            return []
        run_info = RunInfo.model_validate(info)
        titles = {check.id: check.title for check in run_info.checks if check.id in backup_checks(run_info)}
        host_ids = list(session.scalars(select(HostRow.id).where(HostRow.run_id == run_id, HostRow.client == client)))
        # by host only: a filter on check id lets the planner walk that check's results across every run
        counts = session.execute(
            select(ResultRow.check_id, ResultRow.status, func.count())
            .where(ResultRow.host_id.in_(host_ids))
            .group_by(ResultRow.check_id, ResultRow.status)
        )
        tally: dict[str, Counter[str]] = {check: Counter() for check in titles}
        for check_id, status, count in counts:
            if check_id in tally:
                tally[check_id][status] += count
    return [
        BackupLine(
            check_id=check,
            title=titles[check],
            passed=tally[check]["pass"],
            failed=tally[check]["fail"],
            other=sum(tally[check].values()) - tally[check]["pass"] - tally[check]["fail"],
        )
        for check in sorted(titles)
    ]
