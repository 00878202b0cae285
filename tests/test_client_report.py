"""The client report: period arithmetic over stored runs, its content, and one client per file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from auditor.config.branding import Branding, ReportLook
from auditor.core.errors import ConfigError
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckInfo, CheckResult, HostReport, RunInfo
from auditor.history.period import Period, last_month, month_period, parse_period
from auditor.history.storeview import client_period
from auditor.report.data import build_view
from auditor.report.formats.client import client_report, plain_texts
from auditor.report.formats.clientpage import render_client_html
from auditor.report.stored import summaries_of
from auditor.run.clientreport import ClientReportRequest, inventory_language, render_client_report
from auditor.store.database import Store
from tests.fixtures_runs import EXPLOITED_CVE, exploited_updates

CHECKS = {"ssh-root-login": Severity.HIGH, "files-world-writable": Severity.MEDIUM}
NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def _host(name: str, at: datetime, statuses: dict[str, Status], *, client: str = "acme") -> HostReport:
    results = [
        CheckResult(
            check_id=c,
            check_version=1,
            title=f"title of {c}",
            category=Category.SECURITY,
            severity=CHECKS[c],
            status=s,
            message="m",
        )
        for c, s in statuses.items()
    ]
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
        results=results,
    )


def _run(store: Store, at: datetime, hosts: list[HostReport]) -> None:
    checks = [
        CheckInfo(
            id=c,
            version=1,
            title=f"title of {c}",
            category=Category.SECURITY,
            severity=s,
            rationale="r",
            remediation="x",
        )
        for c, s in CHECKS.items()
    ]
    run_id = f"{at:%Y%m%dT%H%M%S}"
    store.begin_run(RunInfo(id=run_id, started_at=at, auditor_version="t", operator="t", inventory="i", checks=checks))
    for host in hosts:
        store.add_host(run_id, host)
    store.finish_run(run_id, finished_at=at + timedelta(minutes=5), complete=True)
    store.record_summaries(run_id, summaries_of(build_view(store.load_run(run_id))))


FAIL, PASS = Status.FAIL, Status.PASS
OCT30, NOV5, NOV20, DEC2 = (datetime(2026, m, d, 2, 0, tzinfo=UTC) for m, d in ((10, 30), (11, 5), (11, 20), (12, 2)))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """acme/web: ssh fails before November, is fixed on the 5th and back on the 20th; world-writable
    files appear on the 5th and are fixed on 2 December. globex/db is another client's host."""
    store = Store(f"sqlite:///{tmp_path / 'auditor.db'}")
    plan = [
        (OCT30, {"ssh-root-login": FAIL, "files-world-writable": PASS}),
        (NOV5, {"ssh-root-login": PASS, "files-world-writable": FAIL}),
        (NOV20, {"ssh-root-login": FAIL, "files-world-writable": FAIL}),
        (DEC2, {"ssh-root-login": FAIL, "files-world-writable": PASS}),
    ]
    for at, statuses in plan:
        _run(store, at, [_host("web", at, statuses), _host("db-globex", at, {"ssh-root-login": FAIL}, client="globex")])
    return store


def test_periods() -> None:
    assert month_period("2026-11") == Period(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    assert last_month(datetime(2027, 1, 15, tzinfo=UTC)) == month_period("2026-12")
    custom = parse_period(period=None, since="2026-11-03", until="2026-11-20", now=NOW)
    assert (custom.first_day.isoformat(), custom.last_day.isoformat(), custom.is_month) == (
        "2026-11-03",
        "2026-11-20",
        False,
    )
    assert datetime(2026, 11, 20, 23, 59, tzinfo=UTC) in custom and datetime(2026, 11, 21, tzinfo=UTC) not in custom
    assert parse_period(period=None, since=None, until=None, now=NOW) == month_period("2026-11")
    assert month_period("2026-11").slug == "2026-11" and custom.slug == "2026-11-03_2026-11-20"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period": "2026-13"}, "month like 2026-11"),
        ({"period": "November"}, "month like 2026-11"),
        ({"since": "2026-11-31"}, "--since must be a date"),
        ({"since": "2026-11-20", "until": "2026-11-03"}, "is before --since"),
        ({"period": "2026-11", "since": "2026-11-03"}, "either --period or --since"),
    ],
)
def test_bad_periods_are_one_line_errors(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_period(**{"period": None, "since": None, "until": None, **kwargs}, now=NOW)


def test_resolved_new_and_reopened_in_the_period(store: Store) -> None:
    november = client_period(store, "acme", month_period("2026-11"))
    events = [(e.kind, e.at, e.host, e.check_id) for e in november.findings.events]
    assert events == [
        ("new", NOV5, "web", "files-world-writable"),
        ("resolved", NOV5, "web", "ssh-root-login"),
        ("reopened", NOV20, "web", "ssh-root-login"),
    ]
    assert [s.started_at for s in november.trend] == [NOV5, NOV20]
    assert {h.client for run in november.runs for h in run.hosts} == {"acme"}
    december = client_period(store, "acme", month_period("2026-12"))
    assert [(e.kind, e.at, e.check_id) for e in december.findings.events] == [
        ("resolved", DEC2, "files-world-writable")
    ]


def test_report_content_ages_and_trend(store: Store) -> None:
    report = client_report(client_period(store, "acme", month_period("2026-11")), now=NOW)
    assert [e.check_id for e in report.resolved] == ["ssh-root-login"]
    assert [e.check_id for e in report.new] == ["files-world-writable"]
    assert [e.check_id for e in report.reopened] == ["ssh-root-login"]
    assert report.runs == 2 and [p.score for p in report.trend] == [pytest.approx(62.5), 0.0]
    ages = {f.check_id: (f.since, f.age_days) for group in report.open_groups for f in group.findings}
    # aged at the end of the period, not at rendering time; a reopened finding from its return
    assert ages == {"ssh-root-login": (NOV20, 10), "files-world-writable": (NOV5, 25)}
    assert [n.check_id for n in report.next_steps] == ["ssh-root-login", "files-world-writable"]
    fixed = [(g.check_id, g.hosts, g.first, g.reopened) for g in report.fixed_groups]
    assert fixed == [("ssh-root-login", ("web",), NOV5, False)]
    arrived = [(g.check_id, g.first, g.last, g.reopened) for g in report.arrival_groups]
    assert arrived == [("ssh-root-login", NOV20, NOV20, True), ("files-world-writable", NOV5, NOV5, False)]


def test_page_in_french_with_a_chart_and_no_other_client(store: Store) -> None:
    report = client_report(client_period(store, "acme", month_period("2026-11")), now=NOW)
    html = render_client_html(report, branding=Branding(name="Example IT"), look=ReportLook(language="fr"))
    assert "Rapport informatique mensuel" in html and "novembre 2026" in html and "Problèmes corrigés" in html
    assert "5 nov. 2026" in html and "62,5" in html
    assert "db-globex" not in html and "globex" not in html
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert chart.count('class="value"') == 2 and ">100</text>" in chart and "Score" in chart
    assert "size: A4" in html and '@top-left { content: "Example IT";' in html
    assert 'content: "Page" " " counter(page) " / " counter(pages)' in html


def test_a_month_without_runs_says_so(store: Store) -> None:
    report = client_report(client_period(store, "acme", month_period("2026-09")), now=NOW)
    html = render_client_html(report, branding=Branding(), look=ReportLook(paper="Letter"))
    assert report.view is None and "No assessment of your systems was recorded during this period" in html
    assert "@page { size: Letter;" in html


def test_next_steps_in_the_checks_own_words(store: Store) -> None:
    plain = plain_texts()
    report = client_report(client_period(store, "acme", month_period("2026-11")), now=NOW)
    french = render_client_html(report, branding=Branding(), look=ReportLook(language="fr"), plain=plain)
    english = render_client_html(report, branding=Branding(), look=ReportLook(language="en"), plain=plain)
    steps = french[french.index('id="next"') :]
    assert escape(plain["ssh-root-login"].fr.fix) in steps
    assert escape(plain["ssh-root-login"].en.fix) in english[english.index('id="next"') :]


def test_language_from_the_inventory_variable(store: Store, tmp_path: Path) -> None:
    inventory = tmp_path / "hosts.ini"
    inventory.write_text("[acme]\nweb ansible_host=192.0.2.1\n[acme:vars]\nauditor_report_language=fr\n")
    assert inventory_language(str(inventory), "acme") == "fr" and inventory_language(str(inventory), "globex") is None
    request = ClientReportRequest(client="acme", fmt="client", now=NOW, period="2026-11", db=store.url)
    assert '<html lang="en">' in str(render_client_report(request))
    assert '<html lang="fr">' in str(render_client_report(replace(request, inventory=str(inventory))))
    assert '<html lang="en">' in str(render_client_report(replace(request, inventory=str(inventory), language="en")))
    inventory.write_text("[acme]\nweb ansible_host=192.0.2.1 auditor_report_language=de\n")
    with pytest.raises(ConfigError, match="auditor_report_language: language must be one of en, fr"):
        render_client_report(replace(request, inventory=str(inventory)))


def test_language_as_the_last_run_saw_it(store: Store) -> None:
    at = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
    web = _host("web", at, {"ssh-root-login": FAIL}).model_copy(update={"settings": {"report_language": "fr"}})
    _run(store, at, [web])
    request = ClientReportRequest(client="acme", fmt="client", now=NOW, period="2026-11", db=store.url)
    assert '<html lang="fr">' in str(render_client_report(request))
    with pytest.raises(ConfigError, match="no stored run audited a client named 'acmee'; clients: acme, globex"):
        render_client_report(replace(request, client="acmee"))


def test_updates_exploited_in_the_wild_stand_out(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'auditor.db'}")
    pending = exploited_updates(NOV20)
    host = _host("web", DEC2, {"ssh-root-login": PASS}).model_copy(update={"pending_updates": pending})
    _run(store, DEC2, [host])
    report = client_report(client_period(store, "acme", month_period("2026-12")), now=NOW)
    (row,) = report.exploited
    assert (row.host, row.package, row.cve, row.overdue_days, row.ransomware) == (
        "web",
        "libssl3",
        EXPLOITED_CVE,
        5,
        True,
    )
    english = render_client_html(report, branding=Branding(name="Example IT"), look=ReportLook(language="en"))
    section = english[
        english.index('<div class="exploited">') : english.index("</div>", english.index('<div class="exploited">'))
    ]
    assert "Exploited in the wild" in section and "CVE-2026-84782" in section and "5 days late" in section
    assert "used in ransomware attacks" in section and "tzdata" not in section
    french = render_client_html(report, branding=Branding(name="Example IT"), look=ReportLook(language="fr"))
    assert "Exploitées activement par des attaquants" in french and "5 jours de retard" in french
