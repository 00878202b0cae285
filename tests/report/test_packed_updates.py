"""A folded pending-updates table of a big report travels packed (auditor.report.packed): its
packed rows say exactly what the markup rows say, cell by cell, whatever fields an update has, and
those are the texts an update's fields should read as."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from auditor.core.models import Severity
from auditor.core.runmodel import PendingUpdateRecord
from auditor.core.vulnmodel import EpssScore, KevListing
from auditor.report.data import ReportView, build_view
from auditor.report.packed import packed_updates, unpack
from auditor.report.render import render_html
from tests.fixtures_runs import XSS, sample_run

SEEN = datetime(2026, 11, 1, tzinfo=UTC)


def varied_updates() -> list[PendingUpdateRecord]:
    cves = [f"CVE-2026-{n:04d}" for n in range(15)]
    return [
        PendingUpdateRecord(
            manager="apt",
            package="libssl3",
            source="openssl",
            current="3.0.11-1~deb12u2",
            candidate="3.0.15-1~deb12u1",
            security=True,
            severity=Severity.CRITICAL,
            advisory="DSA-5800-1",
            cves=cves,
            first_seen=SEEN,
            age_days=40,
            age_source="advisory",
            sla_days=7,
            sla_reason="critical",
            due=date(2026, 11, 8),
            overdue_days=33,
            cvss=9.8,
            epss=EpssScore(cve="CVE-2026-0001", score=0.97312, percentile=0.99951),
            kev=KevListing(
                cve="CVE-2026-0001", date_added=date(2026, 10, 2), due_date=date(2026, 10, 23), known_ransomware=True
            ),
        ),
        PendingUpdateRecord(
            manager="apt",
            package=XSS,
            candidate="1.0",
            security=True,
            urgency="medium",
            first_seen=SEEN,
            age_days=0,
            age_source="first seen",
        ),
        PendingUpdateRecord(manager="apt", package="tzdata", current="2026a-0", candidate="2026f-0", first_seen=SEEN),
        PendingUpdateRecord(
            manager="apt",
            package="curl",
            current="7.88.1-10",
            candidate="7.88.1-10+deb12u8",
            security=True,
            kev=KevListing(cve="CVE-2023-38545", date_added=date(2024, 1, 2)),
            first_seen=SEEN,
        ),
    ]


class _Rows(HTMLParser):
    """The tbody rows of a markup table: (row class, [(cell class, cell text)])."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[tuple[str, str]]]] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append(((found.get("class") or "").strip(), []))
        elif tag == "td" and self._in_body:
            self._cell = [found.get("class") or ""]
            self.rows[-1][1].append(("", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1][1][-1] = (self._cell[0], _words("".join(self._cell[1:])))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def view_with_updates(*per_host: list[PendingUpdateRecord]) -> ReportView:
    """The sample run with the first hosts' pending updates replaced."""
    run = sample_run()
    hosts = [host.model_copy(update={"pending_updates": []}) for host in run.hosts]
    for index, updates in enumerate(per_host):
        hosts[index] = hosts[index].model_copy(update={"pending_updates": updates})
    return build_view(run.model_copy(update={"hosts": hosts}))


def test_packed_rows_say_what_the_markup_rows_say() -> None:
    updates = varied_updates()
    full = render_html(view_with_updates(updates), generated_at=SEEN)
    (table,) = re.findall(r'<table class="updates">.*?</table>', full, re.S)
    parser = _Rows()
    parser.feed(table)
    packed = [
        (row_class.strip(), [(cell[1], _words(" ".join(part for part in cell[0::2] if part))) for cell in cells])
        for row_class, cells in unpack(packed_updates(updates))["rows"]
    ]
    assert len(parser.rows) == len(updates) == len(packed)
    assert packed == parser.rows
    cves = ", ".join(f"CVE-2026-{n:04d}" for n in range(12))
    ransomware = "used by ransomware"
    assert parser.rows[0] == (
        "row-fail row-kev",
        [
            ("", "libssl3 (openssl)"),
            ("", "3.0.11-1~deb12u2"),
            ("", "3.0.15-1~deb12u1"),
            ("", "yes (critical)"),
            ("", f"DSA-5800-1 {cves} and 3 more"),
            ("num", "9.8"),
            ("num", "97.3% (100th pct)"),
            ("", "Exploited in the wild CISA KEV CVE-2026-0001, added 2026-10-02, CISA due 2026-10-23, " + ransomware),
            ("num", "40 advisory"),
            ("num", "7 critical"),
            ("nowrap", "2026-11-08"),
            ("num", "33"),
        ],
    )
    assert parser.rows[1][1][0] == ("", XSS) and parser.rows[1][1][3] == ("", "yes (urgency medium)")
    assert parser.rows[3][0] == "row-kev" and parser.rows[2][1][3] == ("", "no")


def test_a_lean_report_packs_folded_tables_and_keeps_those_that_open_by_themselves() -> None:
    updates = varied_updates()
    view = view_with_updates(updates[1:3], updates[:1])  # folded; past the SLA and exploited
    lean = render_html(view, generated_at=SEEN, inline_explanations_max=0)
    packed = re.findall(r'<details class="updates packed">.*?<tbody data-packed="([^"]+)"></tbody>', lean, re.S)
    assert len(packed) == 1 and len(unpack(packed[0])["rows"]) == 2
    assert '<details class="updates" open>' in lean  # past the SLA and exploited: rows as markup
    assert "CISA KEV CVE-2026-0001" in lean and "tzdata" not in lean.split("<footer")[0].replace(packed[0], "")
    full = render_html(view, generated_at=SEEN)
    assert 'data-packed="' not in full and full.count('<details class="updates"') == 2
