"""The HTML report: self-contained, escaped, complete about unassessed hosts, well-formed."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest
from markupsafe import escape

from auditor import render as render_mod
from auditor.jsonreport import render_json
from auditor.models import Status
from auditor.render import FORMATS, render, render_html
from auditor.reportdata import build_view
from auditor.runmodel import Run
from tests.fixtures_runs import BOLD, UNREACHABLE_ERROR, XSS, sample_run

GENERATED = datetime(2024, 5, 7, 8, 30, tzinfo=UTC)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _html(run: Run | None = None) -> str:
    return render_html(build_view(run or sample_run()), generated_at=GENERATED)


@pytest.fixture(scope="module")
def html() -> str:
    return _html()


class _Checker(HTMLParser):
    """Tracks open elements; records mismatched closes, script elements and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.scripts = 0
        self.ids: list[str] = []
        self.tags: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "script":
            self.scripts += 1
        self.ids.extend(value for name, value in attrs if name == "id" and value is not None)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.ids.extend(value for name, value in attrs if name == "id" and value is not None)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def _check(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker


def test_host_output_is_escaped(html: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert XSS not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert BOLD not in html


def test_hostile_host_name_is_escaped_everywhere() -> None:
    run = sample_run()
    run.hosts[0].name = '"><img src=x onerror=alert(2)>'
    run.hosts[0].os_pretty = "<i>os</i>"
    html = _html(run)
    assert "<img" not in html
    assert "<i>os</i>" not in html
    assert "&lt;i&gt;os&lt;/i&gt;" in html
    checker = _check(html)
    assert checker.problems == []
    assert len(checker.ids) == len(set(checker.ids))


def test_no_external_resources(html: str) -> None:
    assert not re.search(r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:[a-z]+:)?//""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:[a-z]+:)?//", html, re.I)
    assert "@import" not in html
    assert "http://" not in html
    assert "https://" not in html
    assert "<link" not in html.lower()
    assert "<img" not in html.lower()
    assert "<iframe" not in html.lower()


def test_every_href_is_a_fragment_that_exists(html: str) -> None:
    checker = _check(html)
    targets = re.findall(r'href="([^"]*)"', html)
    assert targets
    assert all(target.startswith("#") for target in targets)
    assert {target[1:] for target in targets} <= set(checker.ids)


def test_unassessed_host_is_prominent(html: str) -> None:
    section = html[html.index('<section id="unassessed"') : html.index('<section id="findings"')]
    assert "mail01.globex.example" in section
    assert "unreachable" in section
    assert UNREACHABLE_ERROR in section
    assert 'class="cna"' in section
    # and in its own host section, never with a grade
    host = html[html.index('id="host-globex--mail01.globex.example"') :]
    host = host[: host.index("</section>")]
    assert UNREACHABLE_ERROR in host
    assert "Could not assess" in host
    assert 'class="grade' not in host


def test_every_host_appears_with_an_anchor(html: str) -> None:
    run = sample_run()
    checker = _check(html)
    for host in run.hosts:
        assert host.name in html
        assert f"host-{host.client}--{host.name}" in checker.ids
    for client in {host.client for host in run.hosts}:
        assert f"Client: {client}" in html


def test_one_inline_script_and_well_formed(html: str) -> None:
    checker = _check(html)
    assert checker.scripts == 1
    assert len(re.findall(r"<script\b", html, re.I)) == 1
    assert checker.problems == []
    assert checker.stack == []
    for tag in ("html", "head", "body", "main", "table", "svg", "details"):
        assert checker.tags.get(tag, 0) >= 1, tag
    assert len(checker.ids) == len(set(checker.ids)), "duplicate element ids"
    assert html.lstrip().startswith("<!DOCTYPE html>")


def test_findings_show_explanations_and_evidence(html: str) -> None:
    run = sample_run()
    checks = {check.id: check for check in run.info.checks}
    for host in run.hosts:
        for result in host.results:
            if result.status in (Status.FAIL, Status.ERROR):
                assert str(escape(result.title)) in html
                assert str(escape(checks[result.check_id].remediation)) in html
                assert str(escape(checks[result.check_id].rationale)) in html
    assert "cis-v8: 7.3, 7.4" in html
    assert '<pre class="cmd">apt list --upgradable 2&gt;/dev/null</pre>' in html
    assert "Permission denied" in html
    assert '<details class="ev">' in html
    for status in ("fail", "error", "waived", "pass", "not_applicable"):
        assert f"st-{status}" in html


def test_waiver_is_explained(html: str) -> None:
    assert "Legacy deployment tool logs in as root" in html
    assert "j.smith@acme.example" in html
    assert "2024-09-30" in html
    assert "ACME-1234" in html
    assert "(expired)" not in html  # generated before expiry
    later = render_html(build_view(sample_run()), generated_at=datetime(2024, 10, 1, tzinfo=UTC))
    assert "(expired)" in later


def test_fleet_findings_table(html: str) -> None:
    table = html[html.index('<table id="findings-table">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr [^>]*data-status=\"([a-z_]+)\"", table)
    # 7 failed/errored/waived results in the sample plus the unassessed host
    assert sorted(rows) == sorted(["not_assessed", "fail", "fail", "fail", "fail", "fail", "error", "waived"])
    assert 'id="filters" hidden' in html  # filters appear only with JavaScript


def test_summary_metadata_and_chart(html: str) -> None:
    info = sample_run().info
    for text in (info.id, info.operator, info.inventory, info.auditor_version, info.transport):
        assert text in html
    assert "Complete run" in html
    assert "INCOMPLETE" not in html
    assert "<svg" in html
    assert "Top risks" in html
    assert "No pending security updates" in html


def test_incomplete_run_has_a_banner() -> None:
    html = _html(sample_run(complete=False))
    assert "INCOMPLETE RUN" in html
    assert "did not finish" in html


def test_empty_run_and_unknown_checks_render() -> None:
    run = sample_run()
    empty = Run(info=run.info, hosts=[])
    assert _check(_html(empty)).problems == []
    no_meta = sample_run()
    no_meta.info.checks = []
    html = _html(no_meta)
    assert "Why it matters" not in html
    assert _check(html).problems == []


def test_render_dispatch() -> None:
    view = build_view(sample_run())
    assert FORMATS == ("html", "json")
    assert render(view, "json", generated_at=GENERATED) == render_json(view)
    assert render(view, "html", generated_at=GENERATED) == render_html(view, generated_at=GENERATED)
    with pytest.raises(ValueError, match="unknown report format"):
        render(view, "pdf", generated_at=GENERATED)


def test_templates_are_autoescaped_and_never_marked_safe() -> None:
    env = render_mod._environment()
    assert callable(env.autoescape)
    for name in ("report.html.j2", "_macros.html.j2", "_style.css.j2", "_script.js.j2", None):
        assert env.autoescape(name), name
    for template in files("auditor_reports").iterdir():
        if template.name.endswith(".j2"):
            text = template.read_text(encoding="utf-8")
            assert not re.search(r"\|\s*safe\b", text), template.name
            assert "Markup" not in text, template.name
            assert "autoescape false" not in text, template.name


_PROBE = """<script>
window.addEventListener("load", function () {
  var out = [], form = document.getElementById("filters"), shown = document.getElementById("shown");
  out.push("form-hidden=" + form.hidden);
  var status = form.querySelector("[data-f=status]");
  status.value = "fail";
  status.dispatchEvent(new Event("change", {bubbles: true}));
  out.push("fail-rows=" + shown.textContent);
  var host = form.querySelector("[data-f=host]");
  host.value = "WEB01";
  host.dispatchEvent(new Event("input", {bubbles: true}));
  out.push("fail-web01-rows=" + shown.textContent);
  status.value = "";
  host.value = "";
  status.dispatchEvent(new Event("change", {bubbles: true}));
  var heads = document.querySelectorAll("#findings-table thead th");
  heads[5].click();
  var hosts = [].map.call(document.querySelectorAll("#findings-table tbody tr"), function (r) {
    return r.cells[5].textContent.trim();
  });
  out.push("hosts=" + hosts.join(","));
  out.push("sort=" + heads[5].getAttribute("aria-sort"));
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = out.join(";");
  document.body.appendChild(pre);
});
</script>"""


@pytest.mark.browser
def test_filter_and_sort_in_a_real_browser(html: str, tmp_path: Path) -> None:
    from tests.browser import dump_dom

    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    dom = dump_dom(page)
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-2000:]
    probe = dict(item.partition("=")[::2] for item in found[1].split(";"))
    assert probe["form-hidden"] == "false"
    assert probe["fail-rows"] == "5"
    assert probe["fail-web01-rows"] == "2"
    hosts = probe["hosts"].split(",")
    assert hosts == sorted(hosts) and len(hosts) == 8
    assert probe["sort"] == "ascending"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
