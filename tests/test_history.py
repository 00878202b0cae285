"""Finding lifecycle, drift and SLA history through a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from auditor.config.scoring import ScoringConfig
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckInfo, CheckResult, HostReport, RunInfo
from auditor.history.storeview import diff_stored, history_for
from auditor.history.trends import mean_time_to_remediate, overdue_findings, sla_compliance
from auditor.report.stored import stored_view, summaries_of
from auditor.store.database import Store
from auditor.store.lifecycle import OPEN, RESOLVED, FindingState, advance
from auditor.store.records import Finding

T0 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
CHECKS = {"ssh-root-login": Severity.HIGH, "files-world-writable": Severity.MEDIUM}


def _host(name: str, at: datetime, statuses: dict[str, Status], *, client: str = "acme") -> HostReport:
    return HostReport(
        name=name,
        client=client,
        address="192.0.2.1",
        port=22,
        user="root",
        become=False,
        assessed=True,
        started_at=at,
        finished_at=at,
        results=[
            CheckResult(
                check_id=c,
                check_version=1,
                title=c,
                category=Category.SECURITY,
                severity=CHECKS[c],
                status=s,
                message="m",
            )
            for c, s in statuses.items()
        ],
    )


def _run(store: Store, run_id: str, at: datetime, hosts: list[HostReport]) -> None:
    info = RunInfo(
        id=run_id,
        started_at=at,
        auditor_version="t",
        operator="t",
        inventory="i",
        checks=[
            CheckInfo(id=c, version=1, title=c, category=Category.SECURITY, severity=s, rationale="r", remediation="x")
            for c, s in CHECKS.items()
        ],
    )
    store.begin_run(info)
    for host in hosts:
        store.add_host(run_id, host)
    store.finish_run(run_id, finished_at=at + timedelta(minutes=5), complete=True)
    from auditor.report.data import build_view

    store.record_summaries(run_id, summaries_of(build_view(store.load_run(run_id))))


def test_advance_opens_resolves_and_reopens() -> None:
    a, b, c = T0, T0 + timedelta(days=1), T0 + timedelta(days=2)
    opened = advance(None, Status.FAIL, at=a)
    assert opened == FindingState(status=OPEN, first_seen=a, last_seen=a)
    assert advance(opened, Status.ERROR, at=b) == opened  # an error says nothing
    resolved = advance(opened, Status.PASS, at=b)
    assert resolved is not None and resolved.status == RESOLVED and resolved.resolved_at == b
    reopened = advance(resolved, Status.FAIL, at=c)
    assert reopened is not None
    assert (reopened.status, reopened.reopened_count, reopened.first_seen, reopened.resolved_at) == (OPEN, 1, a, None)
    assert advance(None, Status.PASS, at=a) is None


def test_three_runs_new_then_resolved(db_url: str) -> None:
    store = Store(db_url)
    ok = {"ssh-root-login": Status.PASS, "files-world-writable": Status.PASS}
    broken = {"ssh-root-login": Status.PASS, "files-world-writable": Status.FAIL}
    t1, t2, t3 = T0, T0 + timedelta(days=1), T0 + timedelta(days=2)
    _run(store, "r1", t1, [_host("web", t1, ok), _host("db", t1, ok)])
    _run(store, "r2", t2, [_host("web", t2, broken), _host("db", t2, ok)])
    first = diff_stored(store, "r1", "r2", config=ScoringConfig())
    assert [(c.host, c.check_id) for c in first.new] == [("web", "files-world-writable")]
    assert not first.resolved and not first.regressed
    _run(store, "r3", t3, [_host("web", t3, ok)])
    second = diff_stored(store, "r2", "r3", config=ScoringConfig())
    assert [(c.host, c.check_id) for c in second.resolved] == [("web", "files-world-writable")]
    assert second.hosts_removed == ("acme/db",)
    (finding,) = [f for f in store.findings(clients=["acme"]) if f.check_id == "files-world-writable"]
    assert finding.state.first_seen == t2 and finding.state.last_seen == t2 and finding.state.resolved_at == t3
    assert finding.first_run_id == "r2" and finding.last_run_id == "r3"
    # it breaks again: a regression, not a new finding
    _run(store, "r4", t3 + timedelta(days=1), [_host("web", t3 + timedelta(days=1), broken)])
    third = diff_stored(store, "r3", "r4", config=ScoringConfig())
    assert [c.check_id for c in third.regressed] == ["files-world-writable"] and not third.new
    assert any(c.scope == "host" and c.name == "acme/web" for c in third.score_changes)


def test_history_view_has_trend_and_since_last_run(db_url: str) -> None:
    store = Store(db_url)
    for day in range(3):
        at = T0 + timedelta(days=day)
        status = Status.FAIL if day >= 1 else Status.PASS
        _run(store, f"r{day}", at, [_host("web", at, {"ssh-root-login": status, "files-world-writable": Status.PASS})])
    run = store.load_run("r2")
    history = history_for(store, run, config=ScoringConfig(), sla_for={})
    assert history.previous_run_id == "r1"
    assert history.since_last_run is not None and [c.check_id for c in history.since_last_run.still_open] == [
        "ssh-root-login"
    ]
    trend = history.clients["acme"].trend
    assert [s.run_id for s in trend] == ["r0", "r1", "r2"]
    assert [s.score for s in trend] == [100.0, round(100 * 3 / 8, 1), round(100 * 3 / 8, 1)]
    assert trend[-1].failed_by_severity == {"high": 1}
    assert stored_view(store, run, config=ScoringConfig(), sla_for={}).history == history


def _finding(severity: str, first: datetime, resolved: datetime | None = None) -> Finding:
    state = FindingState(
        status=RESOLVED if resolved else OPEN, first_seen=first, last_seen=resolved or first, resolved_at=resolved
    )
    return Finding("acme", "web", "c", "", "t", "security", severity, state, "r1", "r1")


def test_sla_overdue_compliance_and_mttr() -> None:
    now = T0 + timedelta(days=40)
    sla = {"critical": 7, "high": 30}
    findings = [
        _finding("critical", now - timedelta(days=10)),  # open, 3 days overdue
        _finding("high", now - timedelta(days=10)),  # open, within deadline
        _finding("high", now - timedelta(days=35), resolved=now - timedelta(days=20)),  # fixed in 15 days
        _finding("critical", now - timedelta(days=39), resolved=now - timedelta(days=29)),  # fixed late (10 > 7)
        _finding("high", now - timedelta(days=90), resolved=now - timedelta(days=60)),  # outside the window
        _finding("low", now - timedelta(days=500)),  # no deadline configured: left out
    ]
    (overdue,) = overdue_findings(findings, now=now, sla=sla)
    assert (overdue.finding.severity, overdue.age_days, overdue.overdue_days) == ("critical", 10, 3)
    assert sla_compliance(findings, now=now, sla=sla) == 50.0  # 2 of the 4 active ones
    assert mean_time_to_remediate(findings) == round((15 + 10 + 30) / 3, 1)
