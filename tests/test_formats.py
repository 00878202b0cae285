"""CSV, JUnit XML and Markdown reports: complete, parseable, and inert with hostile host output."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from markdown_it import MarkdownIt

from auditor.core.errors import ConfigError
from auditor.core.runmodel import Run
from auditor.report.data import build_view, select_client
from auditor.report.formats.csvreport import COLUMNS, neutralise, render_csv
from auditor.report.formats.junit import render_junit, xml_text
from auditor.report.formats.markdown import md, render_markdown
from tests.fixtures_runs import FORMULA, IMG_XSS, LINK_XSS, UNREACHABLE_ERROR, XSS, sample_run

GENERATED = datetime(2024, 5, 7, 8, 30, tzinfo=UTC)
HOSTILE = f"{FORMULA} {XSS} {IMG_XSS} {LINK_XSS} a|b *x* [y](javascript:alert(5)) \x00\x1b\x07 ]]> & ok"


def _hostile_run() -> Run:
    run = sample_run()
    web = run.hosts[0]
    web.results[0].message = HOSTILE
    web.results[0].details.append("+SUM(A1:A9)")
    web.results[1].message = "@SUM(1)"
    web.results[3].message = "\tTAB"
    web.results[5].message = "-2+3"
    return run


# --- CSV ---


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_result_and_reads_back() -> None:
    run = sample_run()
    rows = _csv_rows(render_csv(build_view(run)))
    assert rows[0] == list(COLUMNS)
    data = rows[1:]
    assert len(data) == sum(len(h.results) for h in run.hosts) + 1  # + the unassessed host
    assert all(len(row) == len(COLUMNS) for row in data)
    by_key = {(row[2], row[4]): dict(zip(COLUMNS, row, strict=True)) for row in data}
    sec = by_key[("web01.acme.example", "patch-security-updates")]
    assert sec["run_id"] == "20240506T090000Z-7f3a"
    assert sec["client"] == "acme"
    assert sec["address"] == "10.0.1.10"
    assert sec["check_version"] == "2"
    assert sec["severity"] == "critical"
    assert sec["status"] == "fail"
    assert sec["message"] == "2 security updates pending <b>x</b>"
    assert (
        sec["details"]
        == "openssl 3.0.2-0ubuntu1.14 -> 3.0.2-0ubuntu1.15; libssl3 3.0.2-0ubuntu1.14 -> 3.0.2-0ubuntu1.15"
    )
    waived = by_key[("web01.acme.example", "security-ssh-root-login")]
    assert waived["status"] == "waived"
    assert waived["waiver_approved_by"] == "j.smith@acme.example"
    assert waived["waiver_expires"] == "2024-09-30"
    mail = by_key[("mail01.globex.example", "")]
    assert mail["status"] == "not_assessed"
    assert mail["message"] == f"unreachable: {UNREACHABLE_ERROR}"


def test_csv_neutralises_formulas_and_keeps_quoting() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+1") == "'+1"
    assert neutralise("-1") == "'-1"
    assert neutralise("@x") == "'@x"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("\rx") == "'\rx"
    assert neutralise("a=1") == "a=1"
    assert neutralise("") == ""
    text = render_csv(build_view(_hostile_run()))
    rows = {(row[2], row[4]): row for row in _csv_rows(text)[1:]}
    sec = rows[("web01.acme.example", "patch-security-updates")]
    assert sec[10] == "'" + HOSTILE  # message: quoted, with its commas, quotes and controls intact
    assert sec[11].endswith("; +SUM(A1:A9)")  # a formula inside a joined cell is not at its start
    assert rows[("web01.acme.example", "patch-reboot-required")][10] == "'@SUM(1)"
    assert rows[("web01.acme.example", "patch-reboot-required")][11] == "linux-image-5.15.0-105-generic; " + FORMULA
    assert rows[("web01.acme.example", "backup-recent-success")][10] == "'\tTAB"
    assert rows[("web01.acme.example", "security-firewall-enabled")][10] == "'-2+3"
    for row in _csv_rows(text):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_detail_starting_with_a_formula_is_neutralised() -> None:
    run = sample_run()
    run.hosts[0].results[1].details = [FORMULA]
    rows = {(row[2], row[4]): row for row in _csv_rows(render_csv(build_view(run)))[1:]}
    assert rows[("web01.acme.example", "patch-reboot-required")][11] == "'" + FORMULA


# --- JUnit ---


def test_junit_suites_cases_and_outcomes() -> None:
    root = ET.fromstring(render_junit(build_view(sample_run())))
    assert root.tag == "testsuites"
    assert root.get("name") == "auditor run 20240506T090000Z-7f3a"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("19", "5", "2", "2")
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert set(suites) == {
        "acme/db01.acme.example",
        "acme/web01.acme.example",
        "globex/app01.globex.example",
        "globex/mail01.globex.example",
    }
    web = suites["acme/web01.acme.example"]
    assert (web.get("tests"), web.get("failures"), web.get("errors"), web.get("skipped")) == ("6", "2", "1", "1")
    cases = {case.get("name", "").split(":")[0]: case for case in web.iter("testcase")}
    assert cases["patch-security-updates"].find("failure") is not None
    assert cases["patch-security-updates"].find("failure").get("type") == "critical"  # type: ignore[union-attr]
    assert cases["backup-recent-success"].find("error") is not None
    skipped = cases["security-ssh-root-login"].find("skipped")
    assert skipped is not None
    assert skipped.get("message", "").startswith("waived: Legacy deployment tool logs in as root")
    assert "j.smith@acme.example" in skipped.get("message", "")
    assert list(cases["patch-auto-updates"]) == []  # passed: no child
    na = suites["acme/db01.acme.example"].find(
        "testcase[@name='patch-auto-updates: Automatic security updates enabled']"
    )
    assert na is not None and na.find("skipped") is not None
    mail = suites["globex/mail01.globex.example"]
    (case,) = list(mail.iter("testcase"))
    error = case.find("error")
    assert error is not None and error.get("type") == "unreachable"
    assert error.get("message") == f"unreachable: {UNREACHABLE_ERROR}"


def test_junit_is_valid_xml_with_hostile_text() -> None:
    text = render_junit(build_view(_hostile_run()))
    root = ET.fromstring(text)  # parses: control characters are gone, markup is escaped
    web = root.find("testsuite[@name='acme/web01.acme.example']")
    assert web is not None
    case = next(c for c in web.iter("testcase") if c.get("name", "").startswith("patch-security-updates"))
    failure = case.find("failure")
    assert failure is not None
    message = failure.get("message", "")
    assert XSS in message and IMG_XSS in message and "]]>" in message
    assert "\x00" not in message and "\x1b" not in message and "\x07" not in message
    assert "<script>" not in text  # escaped in the file itself
    assert xml_text("a\x00b\x0bc\td\ne\uffff") == "abc\td\ne"


# --- Markdown ---


def test_markdown_summary_content() -> None:
    text = render_markdown(build_view(sample_run()), generated_at=GENERATED)
    assert text.startswith("## Compliance summary: run 20240506T090000Z-7f3a\n")
    assert "- **Fleet score:** 68.6 (D) · **coverage** 69.6% (16 of 23 applicable checks gave a verdict)" in text
    assert "| acme | 2 | 0 | 51.2 (F) | 90.9% | 4 | 1 |" in text
    assert "| globex | 2 | 1 | 96.3 (A) | 50.0% | 1 | 0 |" in text
    assert f"- globex / mail01.globex.example — unreachable: {UNREACHABLE_ERROR}" in text
    assert "### Top failures (5 of 5)" in text
    numbered = re.findall(r"^(\d+)\. \*\*(\w+)\*\*", text, re.M)
    assert numbered == [("1", "critical"), ("2", "high"), ("3", "medium"), ("4", "medium"), ("5", "low")]
    assert len(text.splitlines()) < 40


def test_markdown_top_failures_stop_at_ten() -> None:
    run = sample_run()
    web = run.hosts[0]
    run.hosts = [web.model_copy(update={"name": f"web{n:02d}"}) for n in range(8)]
    text = render_markdown(build_view(run), generated_at=GENERATED)
    assert "### Top failures (10 of 16)" in text
    assert len(re.findall(r"^\d+\. ", text, re.M)) == 10


def test_markdown_is_inert_when_rendered() -> None:
    text = render_markdown(build_view(_hostile_run()), generated_at=GENERATED)
    assert md("a|b") == "a\\|b"
    assert "\n" not in md("two\nlines")
    # the most permissive renderer: raw HTML allowed, as some ticket systems do
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<script" not in html
    assert "<img" not in html
    assert "<a href" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    assert "<table>" in html and html.count("<tr>") == 3  # header and two clients: the | in text stayed text


# --- client selection ---


def test_select_client() -> None:
    run = sample_run()
    assert select_client(run, None) is run
    acme = select_client(run, "acme")
    assert [h.name for h in acme.hosts] == ["web01.acme.example", "db01.acme.example"]
    assert len(run.hosts) == 4
    with pytest.raises(ConfigError, match=r"no client 'nope' in run .*; clients: acme, globex"):
        select_client(run, "nope")
