"""Evidence for every verdict, each check's decision, applicable checks only, and the framework view."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from unittest.mock import ANY

import pytest

from auditor.core.models import Status
from auditor.core.runmodel import Run
from auditor.report.data import build_view
from auditor.report.formats.clientpage import attention_evidence
from auditor.report.frameworkview import NOT_IN_FILE, framework_views, verdict_of
from auditor.report.packed import unpack
from auditor.report.render import render_html
from auditor.report.verdicts import decision_rule, verdict_evidence
from tests.fixtures_runs import sample_run

GENERATED = datetime(2024, 5, 7, 8, 30, tzinfo=UTC)


def _with_check(run: Run, check_id: str, **update: object) -> Run:
    """The run with one check's stored metadata changed."""
    checks = [c.model_copy(update=update) if c.id == check_id else c for c in run.info.checks]
    return run.model_copy(update={"info": run.info.model_copy(update={"checks": checks})})


def packed_hosts(html: str) -> dict[str, Any]:
    """Each packed host of a lean page (auditor.report.packed), read back, by host anchor."""
    found = re.findall(
        r'<section class="host" id="([^"]+)">.*?<details class="hostbody" data-packed="([^"]+)">', html, re.S
    )
    return {anchor: unpack(data) for anchor, data in found}


def _host(html: str, anchor: str) -> str:
    part = html[html.index(f'<section class="host" id="{anchor}"') :]
    return part[: part.index("</section>")]


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(build_view(sample_run()), generated_at=GENERATED)


def test_a_pass_carries_its_decision_and_evidence(html: str) -> None:
    host = _host(html, "host-acme--web01.acme.example")
    passed = host[host.index('<details class="pv" id="host-acme--web01.acme.example--patch-auto-updates">') :]
    passed = passed.split("</details>\n  </div>\n</details>")[0]  # up to the end of this pass
    assert "Decision</b> Passes when the evidence shows" in passed
    assert '<details class="ev" id="host-acme--web01.acme.example--ev-unattended_upgrades">' in passed
    assert "exit 0" in passed and "collected 2024-05-06 09:00:07 UTC" in passed
    assert '<pre class="cmd">' in passed  # the probe command
    assert "unattended-upgrades" in passed  # its output


def test_every_applicable_result_points_at_evidence(html: str) -> None:
    run = sample_run()
    for host in run.hosts:
        if not host.assessed:
            continue
        anchor = f"host-{host.client}--{host.name}"
        section = _host(html, anchor)
        for result in host.results:
            if result.status is Status.NOT_APPLICABLE:
                assert f'id="{anchor}--{result.check_id}"' not in section
                continue
            assert f'id="{anchor}--{result.check_id}"' in section
            for probe in result.facts:
                assert f"{anchor}--ev-{probe}" in section, (host.name, result.check_id, probe)


def test_not_applicable_checks_are_counted_not_listed(html: str) -> None:
    db = _host(html, "host-acme--db01.acme.example")
    assert "1 other check not applicable to this host" in db
    assert "Automatic security updates" not in db  # the one n/a check's title
    web = _host(html, "host-acme--web01.acme.example")
    assert "not applicable to this host" not in web


def test_a_stated_rule_is_shown_and_the_title_is_the_fallback() -> None:
    rule = "Fails when a security update has been pending for over 14 days."
    run = _with_check(sample_run(), "patch-security-updates", rule=rule)
    view = build_view(run)
    assert decision_rule(view.checks["patch-security-updates"]) == rule
    fallback = decision_rule(view.checks["patch-reboot-required"])
    assert fallback.startswith("Passes when the evidence shows \u201c") and "reboot" in fallback.lower()
    html = render_html(view, generated_at=GENERATED)
    assert html.count("pending for over 14 days") >= 2  # the failing finding and the Checks section


def test_big_reports_group_passes_by_probe_and_print_each_command_once() -> None:
    run = sample_run()
    lean = render_html(build_view(run), generated_at=GENERATED, inline_explanations_max=0)
    commands = {(e.probe, e.command) for h in run.hosts for e in h.evidence}
    assert lean.count('<pre class="cmd">cat /etc/os-release</pre>') == 1
    assert len(re.findall(r'<details class="ev" id="cmd-', lean)) == len(commands)
    packed = packed_hosts(lean)
    links = {item[3] for host in packed.values() for item in host["evidence"]}
    assert links and links <= set(re.findall(r'id="(cmd-[^"]+)"', lean))
    app = packed["host-globex--app01.globex.example"]
    assert [["backup_status"], [["backup-recent-success", ANY]]] in [[g[0], g[1][:1]] for g in app["groups"]]


def test_verdict_rules() -> None:
    assert verdict_of((), {}, 0) == "not covered"
    assert verdict_of(("a",), {}, 3) == "not assessed"
    assert verdict_of(("a",), {Status.ERROR: 2}, 0) == "not assessed"
    assert verdict_of(("a",), {Status.PASS: 3}, 0) == "met"
    assert verdict_of(("a",), {Status.PASS: 3}, 1) == "partly"  # an unreachable host owes it
    assert verdict_of(("a",), {Status.PASS: 3, Status.ERROR: 1}, 0) == "partly"
    assert verdict_of(("a",), {Status.PASS: 1, Status.WAIVED: 1}, 0) == "partly"  # a waiver is not a pass
    assert verdict_of(("a",), {Status.FAIL: 2, Status.ERROR: 1}, 0) == "not met"


def test_framework_view_per_client_and_fleet() -> None:
    views = {fw.id: fw for fw in framework_views(build_view(sample_run()))}
    e8 = views["essential-eight"]
    assert e8.version == "2023 maturity model" and "Essential Eight" in e8.source
    assert len(e8.requirements) == 8  # every requirement of the file
    patch = next(r for r in e8.requirements if r.id == "Patch applications")
    assert patch.title.startswith("Patch applications") and patch.checks == ("patch-auto-updates",)
    assert patch.verdict == "partly"  # pass on web01, fail on app01, mail01 unreachable
    acme, globex = e8.clients
    assert (acme.scope, acme.count("met"), acme.total) == ("acme", 1, 8)  # web01 passes, db01 not applicable
    assert acme.met_pct == pytest.approx(12.5)
    assert (globex.count("met"), globex.count("not met")) == (0, 1)
    assert e8.fleet.count("not covered") == 7 and e8.fleet.met_pct == 0.0
    iso = next(r for r in views["iso27001-2022"].requirements if r.id == "A.8.13")
    assert iso.title == "Information backup" and iso.verdict == "partly"


def test_a_reference_the_file_does_not_define_is_listed_as_such() -> None:
    run = _with_check(sample_run(), "patch-auto-updates", references={"cis-v8": ["99.9"]})
    cis = next(fw for fw in framework_views(build_view(run)) if fw.id == "cis-v8")
    extra = cis.requirements[-1]
    assert (extra.id, extra.title, extra.checks) == ("99.9", NOT_IN_FILE, ("patch-auto-updates",))
    assert cis.fleet.total == 154


def test_framework_summary_is_printable(html: str) -> None:
    section = html[html.index('<section id="frameworks">') :]
    section = section[: section.index("</section>")]
    summary = section[section.index('<table class="fwsum">') : section.index("</table>")]
    assert "Cyber Essentials" in summary and "0.0%" in summary
    assert '<table class="fwclients">' in section
    assert "ASD&#39;s ACSC, Essential Eight Maturity Model" in section  # source of the titles
    assert "Information backup" in section


def test_the_client_page_lists_only_the_evidence_behind_what_needs_attention() -> None:
    view = build_view(sample_run())
    host = next(h for h in view.hosts if h.host.name == "web01.acme.example")
    every = {item.probe for item in verdict_evidence(host)}
    attention = {item.probe for item in attention_evidence(host)}
    behind_passes_only = {
        item.probe for f in host.findings if f.result.status is Status.PASS for item in f.evidence
    } - {item.probe for f in host.findings if f.result.status is not Status.PASS for item in f.evidence}
    assert "unattended_upgrades" in behind_passes_only
    assert attention == every - behind_passes_only and attention
