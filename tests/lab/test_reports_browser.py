"""The reports in a real browser (Playwright driving Debian's Chromium; no browser download).

Filters and sorting change what is visible; hostile host output stays inert text; the print
layout clips no table; screenshots of the audit and onboarding reports of a lab run are saved
under the pytest temp dir (screenshots/) and copied to /tmp/auditor-screenshots/, and compared
structurally (size bounds, non-blank pixels, element boxes), never pixel by pixel.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import struct
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.config.branding import Branding
from auditor.core.models import Status
from auditor.report.data import build_view
from auditor.report.formats.onboarding_page import render_onboarding_html
from auditor.report.render import render_html
from tests.browser import FLAGS, chromium
from tests.fixtures_runs import IMG_XSS, LINK_XSS, XSS, sample_run
from tests.lab.conftest import Audit, run_auditor

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("/tmp/auditor-screenshots")
GENERATED = datetime(2024, 5, 7, 8, 30, tzinfo=UTC)
A4_PRINT_WIDTH = 703  # CSS px: 210 mm less the report's 2 x 12 mm page margins, at 96 px/in
LAB_XSS = '<script>alert("auditor-xss")</script>'  # the neglected lab host's crontab (setup.sh)

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install auditor[dev] (playwright)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=chromium(), args=[flag for flag in FLAGS if flag != "--headless"]
        )
        yield launched
        launched.close()


class Page:
    """A page with every dialog and every non-file request recorded (and refused)."""

    def __init__(self, browser: Any, *, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri(), wait_until="load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    opened = Page(browser)
    yield opened
    opened.close()
    assert opened.requests == [], "the report tried to reach the network"


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sample-reports")
    view = build_view(sample_run())
    audit = folder / "audit.html"
    audit.write_text(render_html(view, generated_at=GENERATED), encoding="utf-8")
    onboarding = folder / "onboarding.html"
    onboarding.write_text(_onboarding_html(view), encoding="utf-8")
    return {"audit": audit, "onboarding": onboarding}


def _onboarding_html(view: Any) -> str:
    """The sample's first client (acme) as its onboarding assessment."""
    return render_onboarding_html(view, view.clients[0], branding=Branding(), generated_at=GENERATED)


def _visible_rows(page: Any) -> int:
    count: int = page.locator("#findings-table tbody tr:visible").count()
    return count


def _shown(page: Any) -> int:
    return int(page.locator("#shown").inner_text())


def _column(page: Any, index: int) -> list[str]:
    texts: list[str] = page.eval_on_selector_all(
        "#findings-table tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].textContent.trim())"
    )
    return texts


def _open_everything(page: Any) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.wait_for_timeout(200)  # give any injected handler a chance to run (none must)


def _assert_inert(page: Any, opened: Page) -> None:
    assert opened.dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator("img[onerror], [onerror], a[href^='javascript'], iframe, object, embed").count() == 0
    assert page.locator("script:not([type='application/json'])").count() <= 1  # the report's own, at most


# --- the sample report (hand-built run with hostile output) ---


def test_sample_filters_change_visible_rows(page: Page, sample_files: dict[str, Path]) -> None:
    tab = page.open(sample_files["audit"])
    assert tab.locator("#filters").is_visible()
    assert _visible_rows(tab) == 8 == _shown(tab)
    tab.select_option("#filters select[data-col='0']", "critical")
    assert _visible_rows(tab) == 1 == _shown(tab)
    tab.select_option("#filters select[data-col='0']", "")
    tab.select_option("#filters select[data-col='1']", "fail")
    assert _visible_rows(tab) == 5 == _shown(tab)
    tab.fill("#filters input[data-col='5']", "WEB01")
    assert _visible_rows(tab) == 2 == _shown(tab)
    assert set(_column(tab, 5)) == {"web01.acme.example"}
    tab.select_option("#filters select[data-col='1']", "not assessed")
    tab.fill("#filters input[data-col='5']", "")
    assert _visible_rows(tab) == 1
    assert _column(tab, 5) == ["mail01.globex.example"]
    tab.select_option("#filters select[data-col='1']", "")
    tab.select_option("#filters select[data-col='4']", "globex")
    assert _visible_rows(tab) == 2  # app01's failure and mail01
    tab.click("#filters button[type=reset]")
    tab.wait_for_function("document.getElementById('shown').textContent === '8'")
    assert _visible_rows(tab) == 8


def test_sample_big_table_mode_filters_sorts_and_pages(page: Page, tmp_path: Path) -> None:
    """The JSON-data table of big fleets behaves like the inline one, a page at a time."""
    run = sample_run()
    web = run.hosts[0]
    run.hosts = [web.model_copy(update={"name": f"web{n:03d}"}) for n in range(60)] + run.hosts[1:]
    path = tmp_path / "big.html"
    path.write_text(
        render_html(build_view(run), generated_at=GENERATED, findings_table_inline_max=10), encoding="utf-8"
    )
    tab = page.open(path)
    total = 60 * 4 + 2 + 1 + 1  # web clones: 4 rows each; db01: 2 fails; app01: 1; mail01: unassessed
    assert _shown(tab) == total
    assert _visible_rows(tab) == 100  # the first page
    more = tab.locator("#findings-more")
    assert more.is_visible() and more.inner_text() == f"Show 100 more of {total - 100}"
    more.click()
    assert _visible_rows(tab) == 200
    assert more.inner_text() == f"Show {total - 200} more of {total - 200}"
    more.click()
    assert _visible_rows(tab) == total and not more.is_visible()
    tab.select_option("#filters select[data-col='0']", "critical")
    assert _visible_rows(tab) == 60 == _shown(tab)
    tab.fill("#filters input[data-col='5']", "web01")
    assert _visible_rows(tab) == 10 == _shown(tab)  # web010..web019
    tab.click("#filters button[type=reset]")
    tab.wait_for_function(f"document.getElementById('shown').textContent === '{total}'")
    tab.locator("#findings-table thead th").nth(5).click()
    hosts = _column(tab, 5)
    assert hosts == sorted(hosts) and len(hosts) == 100
    tab.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _assert_inert(tab, page)
    assert tab.locator("#findings-table tbody a[href^='#host-']").count() >= 100


def test_sample_sorting(page: Page, sample_files: dict[str, Path]) -> None:
    tab = page.open(sample_files["audit"])
    heads = tab.locator("#findings-table thead th")
    heads.nth(5).click()
    hosts = _column(tab, 5)
    assert hosts == sorted(hosts) and len(hosts) == 8
    assert heads.nth(5).get_attribute("aria-sort") == "ascending"
    heads.nth(5).click()
    assert _column(tab, 5) == sorted(hosts, reverse=True)
    heads.nth(0).click()  # severity by rank, not alphabet
    assert _column(tab, 0) == ["critical", "high", "high", "high", "medium", "medium", "low", "\u2014"]


def test_sample_hostile_output_is_inert_text(page: Page, sample_files: dict[str, Path]) -> None:
    tab = page.open(sample_files["audit"])
    _open_everything(tab)
    _assert_inert(tab, page)
    evidence = tab.locator("pre", has_text="motd-news/jammy")
    assert evidence.count() == 1
    evidence.scroll_into_view_if_needed()
    # the rendered text (innerText, what a reader sees; waits for the section to be laid out)
    for hostile in (XSS, IMG_XSS, LINK_XSS):
        playwright_api.expect(evidence).to_contain_text(hostile, use_inner_text=True)
    assert evidence.is_visible()
    assert tab.get_by_text("2 security updates pending <b>x</b>").first.is_visible()


def test_sample_onboarding_is_inert(page: Page, sample_files: dict[str, Path], tmp_path: Path) -> None:
    run = sample_run()
    run.hosts[0].results[0].message = f"{XSS} {IMG_XSS} {LINK_XSS}"
    hostile = tmp_path / "onboarding.html"
    hostile.write_text(_onboarding_html(build_view(run)), encoding="utf-8")
    tab = page.open(hostile)
    _assert_inert(tab, page)
    assert tab.locator("script").count() == 0
    found = tab.locator(".host .msg", has_text="onerror=alert(3)")
    assert found.count() == 1 and found.is_visible()
    assert IMG_XSS in found.inner_text()


def test_sample_link_into_closed_evidence_opens_it(page: Page, sample_files: dict[str, Path]) -> None:
    tab = page.open(sample_files["audit"])
    target = tab.locator("#host-acme--web01\\.acme\\.example--ev-apt_upgradable")
    assert target.get_attribute("open") is None
    tab.evaluate(
        "() => { const a = document.createElement('a'); a.href = '#host-acme--web01.acme.example--ev-apt_upgradable';"
        " a.textContent = 'go'; a.id = 'probe-link'; document.body.prepend(a); }"
    )
    tab.click("#probe-link")
    assert target.get_attribute("open") == ""


def test_lean_report_expands_a_packed_host_as_text(page: Page, tmp_path: Path) -> None:
    """Big fleets' hosts travel packed (auditor.report.packed): a link into one builds its rows and
    evidence, host output as inert text; opening another host by its summary builds that one."""
    path = tmp_path / "lean.html"
    lean = render_html(build_view(sample_run()), generated_at=GENERATED, inline_explanations_max=0)
    path.write_text(lean, encoding="utf-8")
    tab = page.open(path)
    target = "host-acme--web01.acme.example--ev-apt_upgradable"
    assert tab.locator(f"[id='{target}']").count() == 0  # packed until asked for
    tab.evaluate(
        f"() => {{ const a = document.createElement('a'); a.href = '#{target}';"
        " a.textContent = 'go'; a.id = 'probe-link'; document.body.prepend(a); }"
    )
    tab.click("#probe-link")
    evidence = tab.locator(f"div.ev[id='{target}']")
    evidence.wait_for(state="visible")
    output = evidence.locator("pre").first
    for hostile in (XSS, IMG_XSS, LINK_XSS):
        playwright_api.expect(output).to_contain_text(hostile, use_inner_text=True)
    rows = tab.locator("section.host[id='host-acme--web01.acme.example'] table.hf tbody tr")
    assert rows.count() == 4
    assert rows.first.get_attribute("id") == "host-acme--web01.acme.example--patch-security-updates"
    db = tab.locator("section.host[id='host-acme--db01.acme.example'] details.hostbody")
    db.locator("> summary").click()
    playwright_api.expect(db).to_have_attribute("data-state", "expanded")
    assert db.locator("div.ev").count() > 0 and db.locator("table.hf tbody tr").count() == 2
    _open_everything(tab)
    _assert_inert(tab, page)
    assert page.requests == []


def test_lean_report_builds_a_packed_updates_table_as_the_markup_one(page: Page, tmp_path: Path) -> None:
    """A folded pending-updates table of a big report travels packed: opening it builds rows whose
    text and classes are those of the same table as markup, package names as inert text."""
    from tests.report.test_packed_updates import varied_updates, view_with_updates

    updates = varied_updates()[1:3]  # neither exploited nor past the SLA: folded, so packed
    view = view_with_updates(updates)
    lean_path, full_path = tmp_path / "lean.html", tmp_path / "full.html"
    lean_path.write_text(render_html(view, generated_at=GENERATED, inline_explanations_max=0), encoding="utf-8")
    full_path.write_text(render_html(view, generated_at=GENERATED), encoding="utf-8")
    read_rows = "(t) => [...t.querySelectorAll('tbody tr')].map(r => [r.className.trim(), r.innerText])"
    full = page.open(full_path)
    full.locator("details.updates > summary").click()
    expected = full.locator("details.updates table.updates").evaluate(read_rows)
    tab = page.open(lean_path)
    table = tab.locator("details.updates.packed")
    assert table.locator("tbody tr").count() == 0  # packed until opened
    table.locator("> summary").click()
    playwright_api.expect(table).to_have_attribute("data-state", "expanded")
    assert table.locator("table.updates").evaluate(read_rows) == expected
    assert len(expected) == 2 and XSS in expected[0][1]
    _assert_inert(tab, page)


@pytest.mark.parametrize("report", ["audit", "onboarding"])
def test_print_layout_clips_no_table(browser: Any, sample_files: dict[str, Path], report: str) -> None:
    opened = Page(browser, width=A4_PRINT_WIDTH)
    try:
        tab = opened.open(sample_files[report])
        tab.emulate_media(media="print")
        _assert_print_fits(tab, tables=1 if report == "audit" else 0)  # no rates configured: no cost table
    finally:
        opened.close()


def _assert_print_fits(tab: Any, *, tables: int = 1) -> None:
    layout = tab.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const clipped = [];
          for (const t of document.querySelectorAll('table, .area, .practice, .host, ol.fixes > li')) {
            const box = t.getBoundingClientRect();
            if (box.right > width + 1 || t.scrollWidth > t.clientWidth + 1) {
              clipped.push(t.id || t.className || 'table');
            }
          }
          const hiddenPre = [...document.querySelectorAll('pre')].filter(p => p.getBoundingClientRect().height === 0);
          return {width, page: document.documentElement.scrollWidth, clipped, hiddenPre: hiddenPre.length,
                  tables: document.querySelectorAll('table').length};
        }"""
    )
    assert layout["width"] == A4_PRINT_WIDTH
    assert layout["page"] <= A4_PRINT_WIDTH, layout
    assert layout["clipped"] == [], layout
    assert layout["hiddenPre"] == 0, "closed <details> must print their evidence"
    assert layout["tables"] >= tables


# --- the lab run's reports and the screenshots ---


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def _pixel_stats(browser: Any, path: Path) -> dict[str, float]:
    """Distinct colours and the share of pixels unlike the most common one, read through a canvas."""
    opened = Page(browser)
    try:
        tab = opened.page
        tab.set_content("<canvas id=c></canvas>")
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        stats: dict[str, float] = tab.evaluate(
            """async (data) => {
              const img = new Image();
              img.src = 'data:image/png;base64,' + data;
              await img.decode();
              const c = document.getElementById('c');
              c.width = img.width; c.height = img.height;
              const ctx = c.getContext('2d');
              ctx.drawImage(img, 0, 0);
              const px = ctx.getImageData(0, 0, c.width, c.height).data;
              const counts = new Map();
              for (let i = 0; i < px.length; i += 16) {  // every 4th pixel is plenty
                const key = (px[i] >> 3) << 10 | (px[i + 1] >> 3) << 5 | (px[i + 2] >> 3);
                counts.set(key, (counts.get(key) || 0) + 1);
              }
              const total = px.length / 16;
              const top = Math.max(...counts.values());
              return {colours: counts.size, other: 1 - top / total};
            }""",
            data,
        )
    finally:
        opened.close()
    return stats


def _keep(path: Path) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(path, SCREENSHOTS / path.name))


def _assert_screenshot(browser: Any, path: Path, *, width: tuple[int, int], height: tuple[int, int]) -> None:
    w, h = _png_size(path)
    assert width[0] <= w <= width[1], (path.name, w)
    assert height[0] <= h <= height[1], (path.name, h)
    stats = _pixel_stats(browser, path)
    assert stats["colours"] >= 20, (path.name, stats)  # text, badges, charts: not a blank page
    assert stats["other"] >= 0.05, (path.name, stats)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


LAB_CLIENTS = {"acme": ("hardened", "neglected"), "globex": ("partial", "unreachable", "wrongkey")}
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def lab_onboarding(lab_audit: Audit) -> dict[tuple[str, str], Path]:
    """Each lab client's onboarding assessment in English and French, rendered from the store as a user would."""
    pages: dict[tuple[str, str], Path] = {}
    for client in LAB_CLIENTS:
        for language in ("en", "fr"):
            out = lab_audit.html_path.parent / f"onboarding-{client}-{language}.html"
            done = run_auditor(
                "report",
                "--db",
                str(lab_audit.db),
                "--format",
                "onboarding",
                "--client",
                client,
                "--lang",
                language,
                "-o",
                str(out),
            )
            assert done.returncode == 0, done.stderr
            pages[(client, language)] = out
    return pages


def _expected_table_rows(document: dict[str, Any], **wanted: str) -> int:
    rows = 0
    for host in document["hosts"]:
        if not host["assessed"]:
            rows += not wanted or wanted == {"status": "not assessed"}
            continue
        for result in host["results"]:
            if result["status"] not in ("fail", "error", "waived"):
                continue
            if all(result[key] == value for key, value in wanted.items()):
                rows += 1
    return rows


@pytest.mark.lab
def test_lab_report_filters_and_sorts(page: Page, lab_audit: Audit) -> None:
    tab = page.open(lab_audit.html_path)
    document = lab_audit.document
    total = _expected_table_rows(document)
    assert total > 10
    assert _visible_rows(tab) == total
    for severity in ("critical", "high", "medium", "low"):
        tab.select_option("#filters select[data-col='0']", severity)
        assert _visible_rows(tab) == _expected_table_rows(document, severity=severity) == _shown(tab), severity
    tab.select_option("#filters select[data-col='0']", "")
    for status in (Status.FAIL, Status.ERROR):
        tab.select_option("#filters select[data-col='1']", status.value)
        assert _visible_rows(tab) == _expected_table_rows(document, status=status.value), status
    tab.select_option("#filters select[data-col='1']", "not assessed")
    assert _visible_rows(tab) == sum(1 for h in document["hosts"] if not h["assessed"]) >= 2
    tab.select_option("#filters select[data-col='1']", "")
    tab.locator("#findings-table thead th").nth(5).click()
    hosts = _column(tab, 5)
    assert hosts == sorted(hosts) and len(hosts) == total


@pytest.mark.lab
def test_lab_hostile_crontab_is_inert(page: Page, lab_audit: Audit) -> None:
    tab = page.open(lab_audit.html_path)
    _open_everything(tab)
    _assert_inert(tab, page)
    shown = tab.locator("#host-acme--neglected pre", has_text=LAB_XSS)
    assert shown.count() >= 1
    shown.first.scroll_into_view_if_needed()
    assert shown.first.is_visible()
    assert LAB_XSS in (shown.first.text_content() or "")


@pytest.mark.lab
def test_lab_print_layout_clips_no_table(
    browser: Any, lab_audit: Audit, lab_onboarding: dict[tuple[str, str], Path]
) -> None:
    for path in (lab_audit.html_path, *lab_onboarding.values()):
        opened = Page(browser, width=A4_PRINT_WIDTH)
        try:
            tab = opened.open(path)
            tab.emulate_media(media="print")
            _assert_print_fits(tab, tables=1 if path == lab_audit.html_path else 0)
        finally:
            opened.close()


@pytest.mark.lab
def test_lab_audit_report_screenshots(browser: Any, page: Page, lab_audit: Audit, shots: Path) -> None:
    tab = page.open(lab_audit.html_path)
    summary = shots / "audit-summary.png"
    tab.screenshot(path=str(summary))
    box = tab.locator("#summary .cards").bounding_box()
    assert box is not None and box["y"] < 900 and box["width"] > 600  # the cards are on the first screen
    host = tab.locator("#host-acme--neglected")
    tab.evaluate("() => { document.querySelector('nav.toc').style.position = 'static'; }")
    host.scroll_into_view_if_needed()
    host_box = host.bounding_box()
    assert host_box is not None and host_box["height"] > 800  # a failing host has a long section
    host_shot = shots / "audit-host-neglected.png"
    host.evaluate("e => e.scrollIntoView()")
    tab.wait_for_timeout(200)
    tab.screenshot(path=str(host_shot))
    _assert_screenshot(browser, summary, width=(1280, 1280), height=(900, 900))
    _assert_screenshot(browser, host_shot, width=(1280, 1280), height=(900, 900))
    _keep(summary)
    _keep(host_shot)


@pytest.mark.lab
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("client", list(LAB_CLIENTS))
def test_lab_onboarding_screenshots(
    browser: Any, lab_onboarding: dict[tuple[str, str], Path], shots: Path, client: str, language: str
) -> None:
    """The first screen of each lab client's assessment, in each language (docs/screenshots/ with
    AUDITOR_UPDATE_SCREENSHOTS=1): grade, counts and risk areas, no other client's systems."""
    opened = Page(browser, width=1100, height=1000)
    try:
        tab = opened.open(lab_onboarding[(client, language)])
        assert tab.locator("html").get_attribute("lang") == language
        grade = tab.locator(".gradebox").bounding_box()
        assert grade is not None and grade["y"] < 400
        assert tab.locator(".area").count() == 5
        # a verdict's "parameter(s) not hardened" is the word, not the lab host named "hardened"
        text = re.sub(r"parameter\(s\)\s+(?:not\s+)?hardened", " ", tab.locator("body").inner_text())
        for other, hosts in LAB_CLIENTS.items():
            for host in hosts if other != client else ():
                assert host not in text.split(), (client, host)
        shot = shots / f"onboarding-{client}-{language}.png"
        tab.screenshot(path=str(shot))
    finally:
        opened.close()
    _assert_screenshot(browser, shot, width=(1100, 1100), height=(1000, 1000))
    _keep(shot)
    if os.environ.get("AUDITOR_UPDATE_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy2(shot, DOCS_SCREENSHOTS / shot.name)


# --- what an auditor checks: a pass's evidence, the framework requirements ---


def _open_pass_evidence(tab: Any, anchor: str) -> Any:
    """Click a passed result open, then its evidence (in place, or through the link to where the
    host shows that probe's output once); returns the opened evidence block."""
    verdict = tab.locator(f"details.pv[id='{anchor}']")
    assert verdict.get_attribute("open") is None
    folded = verdict.locator("xpath=ancestor::details[contains(@class, 'passes')]")
    if folded.get_attribute("open") is None:
        folded.locator("> summary").click()
    verdict.locator("> summary").click()
    assert verdict.get_attribute("open") == ""
    assert verdict.locator(".kv.rule").is_visible()  # the check's decision in one sentence
    inline = verdict.locator("details.ev")
    if inline.count():
        evidence = inline.first
        evidence.locator("> summary").click()
    else:
        link = verdict.locator("p.evref a").first
        target = (link.get_attribute("href") or "#")[1:]
        link.click()
        evidence = tab.locator(f"details.ev[id='{target}']")
    assert evidence.get_attribute("open") == ""
    assert evidence.locator("pre.cmd").is_visible() and evidence.locator("pre").nth(1).is_visible()
    summary = evidence.locator("> summary").inner_text()
    assert re.search(r"exit -?\d+ · collected \d{4}-\d\d-\d\d \d\d:\d\d:\d\d", summary), summary
    return evidence


def test_sample_passed_finding_evidence_opens_on_click(page: Page, sample_files: dict[str, Path]) -> None:
    tab = page.open(sample_files["audit"])
    evidence = _open_pass_evidence(tab, "host-acme--web01.acme.example--patch-auto-updates")
    assert "Unattended-Upgrade" in evidence.locator("pre").nth(1).inner_text()


def _expected_verdict(document: dict[str, Any], checks: list[str]) -> str:
    """A requirement's verdict recomputed from the JSON report (auditor.report.frameworkview's rule)."""
    passed = failed = unknown = 0
    for host in document["hosts"]:
        if not host["assessed"]:
            unknown += len(checks)
            continue
        for result in host["results"]:
            if result["check_id"] in checks:
                status = result["status"]
                passed += status == "pass"
                failed += status in ("fail", "waived")
                unknown += status == "error"
    if not checks:
        return "not covered"
    if passed + failed == 0:
        return "not assessed"
    if passed == 0:
        return "not met"
    return "met" if failed + unknown == 0 else "partly"


@pytest.mark.lab
def test_lab_passed_evidence_and_framework_page(page: Page, lab_audit: Audit, shots: Path, browser: Any) -> None:
    tab = page.open(lab_audit.html_path)
    document = lab_audit.document
    hardened = {r["check_id"]: r for r in lab_audit.host("hardened")["results"]}
    assert hardened["ssh-password-auth"]["status"] == "pass"
    evidence = _open_pass_evidence(tab, "host-acme--hardened--ssh-password-auth")
    assert "passwordauthentication no" in evidence.locator("pre").nth(1).inner_text().lower()
    # the screenshot: a pass that shows its probe's output in place (the first result resting on it)
    shown = tab.locator("#host-acme--hardened details.pv:has(details.ev)").first
    _open_pass_evidence(tab, shown.get_attribute("id") or "")
    pass_shot = shots / "audit-pass-evidence.png"
    tab.evaluate("() => { document.querySelector('nav.toc').style.position = 'static'; }")
    shown.evaluate("e => e.scrollIntoView()")
    tab.wait_for_timeout(200)
    tab.screenshot(path=str(pass_shot))

    section = tab.locator("#frameworks")
    section.scroll_into_view_if_needed()
    frameworks = {check["id"]: check["references"] for check in document["checks"]}
    cis_rows = tab.locator("#framework-cis-v8 table.matrix tbody tr")
    assert cis_rows.count() == 153  # every CIS v8 safeguard, mapped or not
    checked = 0
    for index in range(cis_rows.count()):
        cells = cis_rows.nth(index).locator("td")
        requirement = cells.nth(0).inner_text().strip()
        mapped = [cid for cid, refs in frameworks.items() if requirement in refs.get("cis-v8", [])]
        assert cells.nth(1).inner_text().strip(), requirement  # a title
        assert cells.nth(3).inner_text().strip().lower() == _expected_verdict(document, mapped), requirement
        checked += bool(mapped)
    assert checked >= 20
    row = tab.locator("#framework-cis-v8 tr", has=tab.locator("td.nowrap", has_text=re.compile(r"^4\.1$")))
    assert "Establish and Maintain a Secure Configuration Process" in row.inner_text()
    assert row.is_visible()
    summary = tab.locator("table.fwsum")
    assert summary.locator("tbody tr").count() == len(tab.locator("details.fw").all()) >= 5
    assert re.search(r"\d+\.\d%", summary.inner_text())
    tab.locator("#frameworks-summary").evaluate("e => e.scrollIntoView()")
    tab.wait_for_timeout(200)
    framework_shot = shots / "audit-frameworks.png"
    tab.screenshot(path=str(framework_shot))
    for shot in (pass_shot, framework_shot):
        _assert_screenshot(browser, shot, width=(1280, 1280), height=(900, 900))
        _keep(shot)
        if os.environ.get("AUDITOR_UPDATE_SCREENSHOTS") == "1":
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy2(shot, DOCS_SCREENSHOTS / shot.name)
