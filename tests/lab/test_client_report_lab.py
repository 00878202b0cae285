"""The monthly client report over three real lab runs with injected clocks.

One run before November (the baseline) and two in it: a world-writable file appears on the
hardened host in the first November run and is gone by the second, so November's report must
show it both as new and as fixed, with the runs' own dates. Each lab client's report is rendered
in English and French, screenshotted by Playwright (real Chromium) into docs/screenshots/, and
printed to PDF: at most 8 pages, numbered, in the right language, with no other client's hosts.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.core.models import Status
from auditor.history.period import month_period
from auditor.history.storeview import client_period
from auditor.run.runner import RunRequest, execute_run
from auditor.store.database import Store
from tests.browser import FLAGS, chromium
from tests.lab.conftest import INVENTORY, REPO, run_auditor

pytestmark = [pytest.mark.lab, pytest.mark.browser]

BASELINE, FIRST, SECOND = (datetime(2026, m, d, 2, 0, tzinfo=UTC) for m, d in ((10, 28), (11, 4), (11, 25)))
DEFECT = Path("/var/tmp/auditor-lab/hosts/hardened/root/etc/auditor-client-report-test.conf")
SCREENSHOTS = REPO / "docs" / "screenshots"
HOSTS = {"acme": ("hardened", "neglected"), "globex": ("partial", "unreachable", "wrongkey")}
CONFIG = """
waivers = "waivers.yaml"
[branding]
name = "Example IT Services"
contact = "help@example-it.example"
primary_color = "#123456"
[report]
paper = "A4"
[clients.globex.report]
language = "fr"
"""
WAIVERS = """
waivers:
  - check: ssh-root-login
    scope: {client: acme, host: neglected}
    justification: Vendor appliance needs root logins until the migration in Q1.
    approved_by: Jane Roe (CISO)
    created: 2026-10-01
    expires: 2027-03-31
"""


@dataclass(frozen=True)
class Lab:
    db: str
    config: Path
    out: Path


def _run(lab_state: Path, out: Path, db: str, config: Path, *, at: datetime) -> None:
    request = RunRequest(
        inventory=str(INVENTORY),
        limit=None,
        checks=None,
        forks=5,
        formats=["json"],
        output_dir=out,
        db=db,
        config=config,
        known_hosts=lab_state / "known_hosts",
        trust_on_first_use=False,
        connect_timeout=10,
        command_timeout=180,
        become_password=None,
        operator="test",
        run_id=f"cr-{at:%Y%m%d}",
        auditor_version="test",
        clock=lambda: at,
    )
    execute_run(request)


@pytest.fixture(scope="module")
def three_runs(lab: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    out = tmp_path_factory.mktemp("client-report")
    (out / "waivers.yaml").write_text(WAIVERS)
    config = out / "config.toml"
    config.write_text(CONFIG)
    db = f"sqlite:///{out / 'auditor.db'}"
    try:
        DEFECT.unlink(missing_ok=True)
        _run(lab, out, db, config, at=BASELINE)
        DEFECT.write_text("# made world-writable by tests/lab/test_client_report_lab.py\n")
        DEFECT.chmod(0o666)
        _run(lab, out, db, config, at=FIRST)
        DEFECT.unlink()
        _run(lab, out, db, config, at=SECOND)
    finally:
        DEFECT.unlink(missing_ok=True)
    yield Lab(db=db, config=config, out=out)


def test_november_shows_the_defect_new_then_fixed(three_runs: Lab) -> None:
    period = client_period(Store(three_runs.db), "acme", month_period("2026-11"))
    events = [(e.kind, e.at, e.host) for e in period.findings.events if e.check_id == "files-world-writable"]
    assert events == [("new", FIRST, "hardened"), ("resolved", SECOND, "hardened")]
    assert [s.started_at for s in period.trend] == [FIRST, SECOND]
    assert all(e.at in (FIRST, SECOND) for e in period.findings.events)  # the baseline's findings are not new
    assert {h.client for run in period.runs for h in run.hosts} == {"acme"}
    october = client_period(Store(three_runs.db), "acme", month_period("2026-10"))
    assert all(e.kind == "new" and e.at == BASELINE for e in october.findings.events)
    waived = [r for h in period.runs[-1].hosts for r in h.results if r.status is Status.WAIVED]
    assert [r.check_id for r in waived] == ["ssh-root-login"]


def _report(lab: Lab, client: str, fmt: str, target: Path, *extra: str) -> Path:
    done = run_auditor(
        "report", "--format", fmt, "--client", client, "--period", "2026-11", "--db", lab.db,
        "--config", str(lab.config), "-o", str(target), *extra,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return target


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install auditor[dev] (playwright)")
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=chromium(), args=[flag for flag in FLAGS if flag != "--headless"]
        )
        yield launched
        launched.close()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("client", sorted(HOSTS))
def test_client_report_page_and_screenshot(three_runs: Lab, browser: Any, client: str, language: str) -> None:
    html = _report(three_runs, client, "client", three_runs.out / f"{client}-{language}.html", "--lang", language)
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    requests: list[str] = []

    def record(route: Any) -> None:
        requests.append(route.request.url)
        route.continue_()

    context.route("**/*", record)
    page = context.new_page()
    page.goto(html.as_uri())
    text = page.inner_text("body")
    heading = "Rapport informatique mensuel" if language == "fr" else "Monthly IT report"
    assert heading in text and ("novembre 2026" if language == "fr" else "November 2026") in text
    assert "Example IT Services" in text
    others = [name for other, names in HOSTS.items() if other != client for name in names]
    assert not [name for name in others if re.search(rf"\b{name}\b", text)]
    chart = page.locator("svg.chart")
    assert chart.count() == 1 and chart.locator("text.value").count() == 2  # both runs' scores printed
    box = chart.bounding_box()
    assert box is not None and box["width"] > 400
    page.emulate_media(media="print")
    widths = page.eval_on_selector_all(
        "td, th", "cells => cells.filter(c => c.innerText.trim().length > 3).map(c => c.getBoundingClientRect().width)"
    )
    assert widths and min(widths) > 35  # no column squeezed to a letter per line
    page.emulate_media(media="screen")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"client-report-{client}-{language}.png"
    page.screenshot(path=str(shot), full_page=True, clip={"x": 0, "y": 0, "width": 1000, "height": 2600})
    assert 20_000 < shot.stat().st_size < 600_000
    assert requests == [html.as_uri()]  # self-contained: nothing else was fetched
    context.close()


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


@pytest.mark.parametrize("client", sorted(HOSTS))
def test_client_report_pdf(three_runs: Lab, client: str) -> None:
    english = _pdf_pages(_report(three_runs, client, "client-pdf", three_runs.out / f"{client}-en.pdf", "--lang", "en"))
    french = _pdf_pages(_report(three_runs, client, "client-pdf", three_runs.out / f"{client}-fr.pdf", "--lang", "fr"))
    for pages, word in ((english, "Page"), (french, "Page")):
        assert 2 <= len(pages) <= 8
        for number, text in enumerate(pages[1:], start=2):  # the cover has no running header or footer
            assert f"{word} {number} / {len(pages)}" in text
            assert client in text  # the running header names the client
    french_text = "\n".join(french)
    assert "Synthèse" in french_text and "Travail réalisé sur la période" in french_text
    assert "Executive summary" in "\n".join(english) and "Executive summary" not in french_text
    others = [name for other, names in HOSTS.items() if other != client for name in names]
    for text in ("\n".join(english), french_text):
        assert not [name for name in others if re.search(rf"\b{name}\b", text)]
    print(f"{client}: {len(english)} pages (en), {len(french)} pages (fr)")


def test_client_language_from_config(three_runs: Lab) -> None:
    html = _report(three_runs, "globex", "client", three_runs.out / "globex-default.html").read_text()
    assert '<html lang="fr">' in html and "Synthèse" in html  # [clients.globex.report] language = "fr"
    acme = _report(three_runs, "acme", "client", three_runs.out / "acme-default.html").read_text()
    assert '<html lang="en">' in acme and "Jane Roe (CISO)" in acme  # the accepted risk and its approver


def test_appendix_adds_evidence_per_host(three_runs: Lab) -> None:
    html = _report(three_runs, "acme", "client", three_runs.out / "acme-appendix.html", "--appendix").read_text()
    assert 'id="appendix"' in html and html.count('class="evidence"') > 3
