"""Rendering a report view into the formats `auditor report` and `auditor run` write.

FORMATS is the one list of formats (the CLI offers exactly these). The HTML reports (the audit
report and the client-facing onboarding assessment) are self-contained files made from the
Jinja templates in reports/ (the package auditor_reports): no external resources, readable
without JavaScript, printable. Every value from a run is autoescaped; no markup is built in
Python. The machine formats live in auditor.report.formats; PDF is the audit report printed by Chromium.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from auditor.config.branding import Branding
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckInfo, CheckResult, HostReport
from auditor.report.chart import history_charts
from auditor.report.data import (
    SEVERITY_ORDER,
    STATUS_ORDER,
    Finding,
    HostView,
    ReportView,
    check_counts,
    findings_with_status,
)
from auditor.report.formatnames import CLIENT_FORMATS as CLIENT_FORMATS
from auditor.report.formatnames import FORMATS as FORMATS
from auditor.report.formatnames import SUFFIXES as SUFFIXES
from auditor.report.frameworkview import framework_views
from auditor.report.htmlparts import (  # the helpers templates and formats share; importable from here too
    EVIDENCE_CLIP_CHARS as EVIDENCE_CLIP_CHARS,
)
from auditor.report.htmlparts import FLEET_TABLE_STATUSES as FLEET_TABLE_STATUSES
from auditor.report.htmlparts import Clipped as Clipped
from auditor.report.htmlparts import clip as clip
from auditor.report.htmlparts import format_datetime as format_datetime
from auditor.report.htmlparts import format_duration as format_duration
from auditor.report.htmlparts import format_pct as format_pct
from auditor.report.htmlparts import format_score as format_score
from auditor.report.htmlparts import grade_class as grade_class
from auditor.report.jsonreport import json_chunks, render_json
from auditor.report.packed import packed_host, packed_updates, update_rows
from auditor.report.verdicts import (
    applicable,
    command_index,
    decision_rule,
    first_shown,
    not_applicable_count,
    pass_groups,
    passed,
    verdict_evidence,
)

if TYPE_CHECKING:
    from jinja2 import Environment  # imported when a template is rendered (not for JSON)

# Beyond this many findings, each finding links to its check's rationale and remediation in the
# "Checks" section instead of repeating them: what keeps a 1,000-host report within its size budget.
INLINE_EXPLANATIONS_MAX = 400
# Beyond this many rows the fleet findings table travels as JSON data and is shown a page at a time.
FINDINGS_TABLE_INLINE_MAX = 1500
ERRORS_LISTED_MAX = 500
EVIDENCE_CLIP_CHARS_LEAN = 2000  # the same in big reports (beyond INLINE_EXPLANATIONS_MAX findings)
_TABLE_STATUSES = ("not assessed", "fail", "error", "waived")
FRAMEWORK_NAMES = {
    "cis-v8": "CIS Critical Security Controls v8",
    "nist-csf-2": "NIST Cybersecurity Framework 2.0",
    "iso27001-2022": "ISO/IEC 27001:2022 Annex A",
    "cyber-essentials": "Cyber Essentials (UK)",
    "essential-eight": "ASD Essential Eight",
    "hipaa": "HIPAA Security Rule",
}
TEMPLATE_PACKAGE = "auditor_reports"
HTML_TEMPLATE = "report.html.j2"
STATUS_LABELS = {
    Status.FAIL: "fail",
    Status.ERROR: "error",
    Status.WAIVED: "waived",
    Status.PASS: "pass",
    Status.NOT_APPLICABLE: "n/a",
}
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _environment(language: str = "en") -> Environment:
    """The templates' environment (auditor.report.i18n): the technician's report stays English."""
    from auditor.report.i18n import environment

    return environment(language)


def findings_data(
    findings: Sequence[Finding], unassessed: Sequence[HostView], host_anchor: Callable[[HostReport], str]
) -> dict[str, Any]:
    """The fleet findings table as compact JSON for big reports: rows index into shared lists.

    Embedded with Jinja's tojson (which escapes <, >, & and quotes for HTML), read by the
    report's script with JSON.parse and shown through textContent only.
    """
    hosts: dict[tuple[str, str], int] = {}
    checks: dict[str, int] = {}
    messages: dict[str, int] = {}
    host_list: list[list[str]] = []
    check_list: list[list[str]] = []

    def host_index(host: HostReport) -> int:
        key = (host.client, host.name)
        if key not in hosts:
            hosts[key] = len(host_list)
            host_list.append([host.client, host.name, host_anchor(host)])
        return hosts[key]

    def message_index(text: str) -> int:
        return messages.setdefault(text, len(messages))

    rows: list[list[int]] = []
    for view in unassessed:
        host = view.host
        reason = f"{host.error_kind or 'unknown'}: {host.error or 'no reason recorded'}"
        rows.append([-1, 0, -1, host_index(host), message_index(reason)])
    for finding in findings:
        result = finding.result
        if result.check_id not in checks:
            checks[result.check_id] = len(check_list)
            check_list.append([result.check_id, result.title, result.category.value])
        rows.append(
            [
                SEVERITY_ORDER.index(result.severity),
                _TABLE_STATUSES.index(STATUS_LABELS[result.status]),
                checks[result.check_id],
                host_index(finding.host),
                message_index(result.message),
            ]
        )
    return {
        "statuses": list(_TABLE_STATUSES),
        "hosts": host_list,
        "checks": check_list,
        "messages": list(messages),
        "rows": rows,
    }


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


def _html_environment(view: ReportView, language: str = "en") -> Environment:
    env = _environment(language)
    env.filters.update(
        score=format_score,
        pct=format_pct,
        dt=format_datetime,
        duration=format_duration,
        grade_class=grade_class,
        clip=clip,
        dictsum=lambda mapping: sum(mapping.values()),
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
        first_evidence=first_shown,
        host_evidence=verdict_evidence,
        pass_groups=pass_groups,
        command_index=command_index,
        decision_rule=decision_rule,
        applicable=applicable,
        passed_results=passed,
        not_applicable_count=not_applicable_count,
        framework_views=framework_views,
        findings_data=findings_data,
        check_counts=check_counts,
        findings_with_status=findings_with_status,
        framework_names=FRAMEWORK_NAMES,
        history_charts=history_charts,
        packed_host=packed_host,
        packed_updates=packed_updates,
        update_rows=update_rows,
    )
    return env


def render_html(
    view: ReportView,
    *,
    generated_at: datetime,
    inline_explanations_max: int = INLINE_EXPLANATIONS_MAX,
    findings_table_inline_max: int = FINDINGS_TABLE_INLINE_MAX,
) -> str:
    """The audit report. The two limits switch to the lean layout of big fleets (tests lower them)."""
    template = _html_environment(view).get_template(HTML_TEMPLATE)
    context = _html_context(
        view,
        generated_at=generated_at,
        inline_explanations_max=inline_explanations_max,
        findings_table_inline_max=findings_table_inline_max,
    )
    return template.render(context)


def _html_context(
    view: ReportView,
    *,
    generated_at: datetime,
    inline_explanations_max: int = INLINE_EXPLANATIONS_MAX,
    findings_table_inline_max: int = FINDINGS_TABLE_INLINE_MAX,
) -> dict[str, Any]:
    return {
        "view": view,
        "run": view.run,
        "info": view.run.info,
        "generated_at": generated_at,
        "inline_explanations_max": inline_explanations_max,
        "findings_table_inline_max": findings_table_inline_max,
        "errors_listed_max": ERRORS_LISTED_MAX,
        "evidence_clip": EVIDENCE_CLIP_CHARS,
        "evidence_clip_lean": EVIDENCE_CLIP_CHARS_LEAN,
    }


def html_chunks(view: ReportView, *, generated_at: datetime) -> Iterator[str]:
    """The audit report as Jinja streams it, so a fleet's page is written without holding it whole."""
    template = _html_environment(view).get_template(HTML_TEMPLATE)
    return template.generate(_html_context(view, generated_at=generated_at))


def report_chunks(
    view: ReportView, fmt: str, *, generated_at: datetime, branding: Branding | None = None
) -> Iterator[str | bytes]:
    """`render` in pieces: the two fleet-sized formats (HTML, JSON) stream, the others come whole."""
    if fmt == "html":
        yield from html_chunks(view, generated_at=generated_at)
    elif fmt == "json":
        yield from json_chunks(view)
    else:
        yield render(view, fmt, generated_at=generated_at, branding=branding)


def _one_client_onboarding(
    view: ReportView, fmt: str, *, generated_at: datetime, branding: Branding | None
) -> str | bytes:
    """The onboarding assessment of a one-client view, in English without rates.

    A client's language, brand and the MSP's rates come from the config: auditor.run.onboarding
    renders each client with them, one file per client; this is the plain fallback for a caller
    that has only a view.
    """
    from auditor.report.formats.onboarding_page import render_onboarding_html, render_onboarding_pdf

    if len(view.clients) != 1:
        names = ", ".join(client.name for client in view.clients) or "none"
        raise ValueError(f"the onboarding assessment holds one client per file; this view has: {names}")
    render_client = render_onboarding_pdf if fmt == "onboarding-pdf" else render_onboarding_html
    return render_client(view, view.clients[0], branding=branding or Branding(), generated_at=generated_at)


def preflight(formats: Sequence[str]) -> None:
    """Fail before any work when a chosen format cannot be produced here (PDF needs Chromium)."""
    if "pdf" in formats or "onboarding-pdf" in formats:
        from auditor.report.formats.pdf import find_chromium

        find_chromium()


def report_filename(run_id: str, fmt: str) -> str:
    return f"auditor-{run_id}{SUFFIXES[fmt]}"


def render(view: ReportView, fmt: str, *, generated_at: datetime, branding: Branding | None = None) -> str | bytes:
    """The report in `fmt` (one of FORMATS): text, or bytes for PDF."""
    if fmt == "html":
        return render_html(view, generated_at=generated_at)
    if fmt == "json":
        return render_json(view)
    if fmt == "csv":
        from auditor.report.formats.csvreport import render_csv

        return render_csv(view)
    if fmt == "junit":
        from auditor.report.formats.junit import render_junit

        return render_junit(view)
    if fmt == "markdown":
        from auditor.report.formats.markdown import render_markdown

        return render_markdown(view, generated_at=generated_at)
    if fmt == "sarif":
        from auditor.report.formats.sarif import render_sarif

        return render_sarif(view)
    if fmt in ("onboarding", "onboarding-pdf"):
        return _one_client_onboarding(view, fmt, generated_at=generated_at, branding=branding)
    if fmt == "pdf":
        from auditor.report.formats.pdf import html_to_pdf

        return html_to_pdf(render_html(view, generated_at=generated_at))
    raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
