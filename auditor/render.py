"""Rendering a report view into the formats `auditor report` writes (HTML and JSON).

The HTML report is one self-contained file made from the Jinja templates in reports/ (the
package auditor_reports): no external resources, readable without JavaScript, printable.
Every value from a run is autoescaped; no markup is built in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from auditor.jsonreport import render_json
from auditor.models import Category, Severity, Status
from auditor.reportdata import SEVERITY_ORDER, STATUS_ORDER, Finding, ReportView
from auditor.runmodel import CheckInfo, CheckResult, HostReport

FORMATS = ("html", "json")
TEMPLATE_PACKAGE = "auditor_reports"
HTML_TEMPLATE = "report.html.j2"
STATUS_LABELS = {
    Status.FAIL: "fail",
    Status.ERROR: "error",
    Status.WAIVED: "waived",
    Status.PASS: "pass",
    Status.NOT_APPLICABLE: "n/a",
}
FLEET_TABLE_STATUSES = (Status.FAIL, Status.ERROR, Status.WAIVED)
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader(TEMPLATE_PACKAGE, ""),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def format_score(value: float | None) -> str:
    """A 0-100 score with one decimal, or an em dash when nothing could be scored."""
    return "\u2014" if value is None else f"{value:.1f}"


def format_pct(value: float | None) -> str:
    return "\u2014" if value is None else f"{value:.1f}%"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return "\u2014"
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    zone = value.tzname()
    return f"{text} {zone}" if zone else text


def format_duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def grade_class(grade: str) -> str:
    """CSS class suffix of a grade letter ("-" when there is no score)."""
    return grade.lower() if grade in {"A", "B", "C", "D", "F"} else "none"


def check_id_of(item: CheckInfo | CheckResult) -> str:
    return item.id if isinstance(item, CheckInfo) else item.check_id


def fleet_findings(view: ReportView) -> list[Finding]:
    """The results of the fleet findings table (failed, errored, waived), worst first."""
    found = [f for h in view.hosts for f in h.findings if f.result.status in FLEET_TABLE_STATUSES]
    return sorted(
        found,
        key=lambda f: (
            STATUS_ORDER.index(f.result.status),
            SEVERITY_ORDER.index(f.result.severity),
            f.host.client,
            f.host.name,
            f.result.check_id,
        ),
    )


def _anchors(hosts: Iterable[HostReport]) -> Callable[[HostReport], str]:
    """Unique, HTML-safe element ids for hosts (names may hold any character)."""
    ids: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for host in hosts:
        key = (host.client, host.name)
        if key in ids:
            continue
        base = "host-" + (_ANCHOR_UNSAFE.sub("-", f"{host.client}--{host.name}").strip("-") or "x")
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        ids[key] = anchor
        used.add(anchor)

    def host_anchor(host: HostReport) -> str:
        return ids[(host.client, host.name)]

    return host_anchor


def render_html(view: ReportView, *, generated_at: datetime) -> str:
    env = _environment()
    env.filters.update(
        score=format_score,
        pct=format_pct,
        dt=format_datetime,
        duration=format_duration,
        grade_class=grade_class,
    )
    env.globals.update(
        Status=Status,
        Severity=Severity,
        Category=Category,
        SEVERITY_ORDER=SEVERITY_ORDER,
        STATUS_ORDER=STATUS_ORDER,
        STATUS_LABELS=STATUS_LABELS,
        check_id_of=check_id_of,
        fleet_findings=fleet_findings,
        host_anchor=_anchors(view.run.hosts),
    )
    template = env.get_template(HTML_TEMPLATE)
    context: dict[str, Any] = {"view": view, "run": view.run, "info": view.run.info, "generated_at": generated_at}
    return template.render(context)


def render(view: ReportView, fmt: str, *, generated_at: datetime) -> str:
    """The report in `fmt` (one of FORMATS)."""
    if fmt == "html":
        return render_html(view, generated_at=generated_at)
    if fmt == "json":
        return render_json(view)
    raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
