"""The HTML report: self-contained, escaped, complete about unassessed hosts, well-formed."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from importlib.resources import files

import pytest
from markupsafe import escape

from auditor.core.models import Status
from auditor.core.runmodel import Run
from auditor.report import render as render_mod
from auditor.report.data import build_view, select_client
from auditor.report.jsonreport import render_json
from auditor.report.render import (
    EVIDENCE_CLIP_CHARS_LEAN,
    FORMATS,
    SUFFIXES,
    clip,
    render,
    render_html,
    report_filename,
)
from auditor.report.verdicts import verdict_evidence
from tests.fixtures_runs import BOLD, UNREACHABLE_ERROR, XSS, sample_run
from tests.report.test_verdict_evidence import packed_hosts

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
    assert '<details class="ev" id="host-acme--web01.acme.example--ev-apt_upgradable">' in html
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


def _findings_rows(html: str) -> list[str]:
    table = html[html.index('<table id="findings-table">') :]
    table = table[: table.index("</table>")]
    body = table[table.index("<tbody>") :]
    return re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)


def test_fleet_findings_table(html: str) -> None:
    rows = _findings_rows(html)
    statuses = [re.findall(r'class="b st-([a-z_]+)"', row)[0] for row in rows]
    # 7 failed/errored/waived results in the sample plus the unassessed host, worst first
    assert statuses == ["cna", "fail", "fail", "fail", "fail", "fail", "error", "waived"]
    assert 'id="filters" hidden' in html  # filters appear only with JavaScript
    assert "data-sev=" not in html  # the table is filtered on cell text: lean rows for big fleets


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
    assert FORMATS == ("html", "json", "csv", "junit", "markdown", "sarif", "onboarding", "onboarding-pdf", "pdf")
    assert set(SUFFIXES) == set(FORMATS)
    assert render(view, "json", generated_at=GENERATED) == render_json(view)
    assert render(view, "html", generated_at=GENERATED) == render_html(view, generated_at=GENERATED)
    for fmt in ("csv", "junit", "markdown"):
        assert isinstance(render(view, fmt, generated_at=GENERATED), str), fmt
    assert report_filename("RUN", "junit") == "auditor-RUN.junit.xml"
    with pytest.raises(ValueError, match="one client per file; this view has: acme, globex"):
        render(view, "onboarding", generated_at=GENERATED)
    one = build_view(select_client(sample_run(), "globex"))
    assert "assessment: globex" in str(render(one, "onboarding", generated_at=GENERATED))
    with pytest.raises(ValueError, match="unknown report format"):
        render(view, "xlsx", generated_at=GENERATED)


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


def _section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_metadata_names_profile_and_check_versions(html: str) -> None:
    assert "<dt>Profile</dt><dd>default</dd>" in html
    checks = _section(html, "checks")
    for check in sample_run().info.checks:
        row = checks[checks.index(f'<tr id="check-{check.id}">') :]
        row = row[: row.index("</tr>")]
        assert f"<code>{check.id}</code>" in row
        assert f'<td class="num">v{check.version}</td>' in row
        assert str(escape(check.rationale)) in row
    # patch-security-updates: fail on web01, pass on db01 and app01
    row = checks[checks.index('<tr id="check-patch-security-updates">') :]
    numbers = re.findall(r'<td class="num">(\d+)</td>', row[: row.index("</tr>")])
    assert numbers == ["1", "0", "0", "2", "0"]  # fail, error, waived, pass, n/a


def test_evidence_shows_collection_time_once_per_probe(html: str) -> None:
    host = html[html.index('<section class="host" id="host-acme--web01.acme.example"') :]
    host = host[: host.index("</section>")]
    assert "collected 2024-05-06 09:00:07 UTC" in host  # the host's finished_at
    assert host.count('id="host-acme--web01.acme.example--ev-apt_upgradable"') == 1
    assert host.count('<pre class="cmd">cat /etc/os-release</pre>') == 1


def test_a_probe_shared_by_two_findings_is_shown_once_and_linked() -> None:
    run = sample_run()
    web = run.hosts[0]
    for result in web.results:
        if result.check_id == "patch-reboot-required":
            result.facts = ["reboot_required", "apt_upgradable"]
    html = _html(run)
    host = html[html.index('<section class="host" id="host-acme--web01.acme.example"') :]
    host = host[: host.index("</section>")]
    assert host.count('<pre class="cmd">apt list --upgradable 2&gt;/dev/null</pre>') == 1
    assert 'href="#host-acme--web01.acme.example--ev-apt_upgradable"' in html
    assert "output shown with an earlier result on this host" in html


def test_long_evidence_is_clipped_in_html_only() -> None:
    assert clip("short") == ("short", 0)
    text = "".join(f"line {n:05d}\n" for n in range(2000))  # 22,000 characters
    shown, omitted = clip(text, 8000)
    assert shown.endswith("\n") and len(shown) <= 8000 and len(shown) + omitted == len(text)
    run = sample_run()
    run.hosts[0].evidence[1].stdout = text
    html = _html(run)
    assert "line 00000" in html
    assert "line 01999" not in html
    assert f"{omitted} more characters not shown here" in html
    assert "line 01999" in render_json(build_view(run))


def test_waivers_and_errors_are_listed(html: str) -> None:
    waivers = _section(html, "waivers")
    for text in ("Legacy deployment tool logs in as root", "j.smith@acme.example", "2024-09-30", "ACME-1234"):
        assert text in waivers
    assert "web01.acme.example" in waivers
    errors = html[html.index('<h3 id="errors">') : html.index('<section id="findings"')]
    assert "Checks that could not be assessed on reachable hosts (1)" in errors
    assert "fact backup_status unavailable: the probe exited 1 (Permission denied)" in errors


def test_framework_requirements_with_titles_and_verdicts(html: str) -> None:
    section = _section(html, "frameworks")
    assert "its state is unknown, never met" in section
    tables = re.findall(r'<details class="fw" id="framework-([a-z0-9-]+)"', section)
    assert tables == ["cis-v8", "nist-csf-2", "iso27001-2022", "cyber-essentials", "essential-eight"]
    cis = section[section.index('id="framework-cis-v8"') : section.index('id="framework-nist-csf-2"')]
    controls = re.findall(r'<td class="nowrap">([^<]+)</td>', cis)
    assert len(controls) == 153 and controls[:3] == ["1.1", "1.2", "1.3"]  # every requirement, mapped or not
    row = cis[cis.index('<td class="nowrap">7.3</td>') :]
    row = row[: row.index("</tr>")]
    assert "Perform Automated Operating System Patch Management" in row
    assert "patch-reboot-required" in row and "patch-security-updates" in row
    assert ">partly</span>" in row
    # 7.3: two checks x three assessed hosts = 4 pass + 2 fail; the unreachable host owes 2
    numbers = re.findall(r'<td class="num">(\d+)</td>', row)
    assert numbers == ["4", "2", "0", "0", "2"]  # pass, fail, waived, error, not assessed
    unmapped = cis[cis.index('<td class="nowrap">1.1</td>') :]
    assert ">not covered</span>" in unmapped[: unmapped.index("</tr>")]


def test_pending_updates_with_sla(html: str) -> None:
    host = html[html.index('<section class="host" id="host-acme--web01.acme.example"') :]
    host = host[: host.index("</section>")]
    assert "Pending updates: 2 &middot; 2 security" in host
    assert "1 past the patch SLA" in host
    assert "USN-6709-1" in host and "CVE-2024-2511" in host
    assert '<td class="num"><strong>6</strong></td>' in host


def test_large_reports_link_explanations_instead_of_repeating_them() -> None:
    view = build_view(sample_run())
    lean = render_html(view, generated_at=GENERATED, inline_explanations_max=0)
    full = render_html(view, generated_at=GENERATED)
    rationale = str(escape(sample_run().info.checks[0].rationale))
    assert full.count(rationale) == 2  # the failed finding on web01, and the checks section
    assert lean.count(rationale) == 1  # the checks section only
    data = packed_hosts(lean)["host-acme--web01.acme.example"]  # built by the page's script when opened
    assert [row[2] for row in data["rows"]] == [
        "patch-security-updates",
        "patch-reboot-required",
        "backup-recent-success",
        "security-ssh-root-login",
    ]
    assert data["rows"][0][3] == "No pending security updates" and "apt_upgradable" in data["rows"][0][8]
    web = view.clients[0].hosts[-1]
    probes = {e.probe for f in web.findings if f.result.status is not Status.NOT_APPLICABLE for e in f.evidence}
    assert sorted(e[0] for e in data["evidence"]) == sorted(probes) and len(probes) == 7  # each probe once
    assert any(row[7] and row[7][0].startswith("Legacy deployment tool logs in as root") for row in data["rows"])
    assert [["firewall"], "security-firewall-enabled"] in [[g[0], g[1][0][0]] for g in data["groups"]]
    assert lean.count('<pre class="cmd">cat /etc/os-release</pre>') == 1  # each command once, under Probe commands
    checker = _check(lean)
    assert checker.problems == []
    assert len(checker.ids) == len(set(checker.ids))
    targets = {t[1:] for t in re.findall(r'href="(#[^"]*)"', lean)}
    packed = packed_hosts(lean)
    rows = {f"{anchor}--{row[2]}" for anchor, host in packed.items() for row in host["rows"]}
    assert targets <= set(checker.ids) | rows  # a link into a packed host's rows expands it (page script)
    for anchor, host in packed.items():  # what the script links to once a host is built
        built = {f"{anchor}--ev-{e[0]}" for e in host["evidence"]}
        assert {f"{anchor}--ev-{p}" for row in host["rows"] for p in row[8]} <= built
        assert {f"{anchor}--ev-{p}" for group in host["groups"] for p in group[0]} <= built
        assert {e[3] for e in host["evidence"]} <= set(checker.ids)
        assert {f"check-{row[2]}" for row in host["rows"]} <= set(checker.ids)


def test_big_findings_table_travels_as_json_data() -> None:
    view = build_view(sample_run())
    html = render_html(view, generated_at=GENERATED, findings_table_inline_max=0)
    found = re.search(r'<script type="application/json" id="findings-data">(.*?)</script>', html, re.S)
    assert found is not None
    assert "<" not in found[1]  # tojson escapes markup characters inside the script element
    data = json.loads(found[1])
    assert data["statuses"] == ["not assessed", "fail", "error", "waived"]
    assert len(data["rows"]) == 8
    assert data["rows"][0] == [-1, 0, -1, 0, 0]  # the unassessed host first
    assert data["hosts"][0][:2] == ["globex", "mail01.globex.example"]
    assert "2 security updates pending <b>x</b>" in data["messages"]
    table = html[html.index('<table id="findings-table">') : html.index("</table>", html.index('id="findings-table"'))]
    assert "<tbody></tbody>" in table
    assert _check(html).problems == []


def test_profile_from_the_run_is_shown() -> None:
    run = sample_run()
    run.info = run.info.model_copy(update={"profile": "cis-level1"})
    assert "<dt>Profile</dt><dd>cis-level1</dd>" in _html(run)


def test_big_reports_pack_each_hosts_results_and_outputs_in_the_page() -> None:
    """The lean layout carries a host's rows, passes and clipped outputs gzip + base64 on one block;
    the page's script builds them when it is opened. Host output never reaches the markup itself."""
    view = build_view(sample_run())
    lean = render_html(view, generated_at=GENERATED, inline_explanations_max=0)
    packed = packed_hosts(lean)
    assert set(packed) == {f"host-{c.name}--{h.host.name}" for c in view.clients for h in c.hosts if h.host.assessed}
    web = next(h for c in view.clients for h in c.hosts if h.host.name == "web01.acme.example")
    items = verdict_evidence(web)
    data = packed["host-acme--web01.acme.example"]
    limit = EVIDENCE_CLIP_CHARS_LEAN
    assert [[e[0], e[5], e[7]] for e in data["evidence"]] == [
        [i.probe, clip(i.stdout, limit).text, clip(i.stderr, limit).text] for i in items
    ]
    assert any(XSS in e[5] for e in data["evidence"])
    assert XSS not in lean and "motd-news" not in lean  # only in the pack: never markup
    assert _check(lean).problems == []
