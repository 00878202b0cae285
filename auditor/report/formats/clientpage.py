"""The client report as a page (reports/client.html.j2) and as a PDF, in the client's language.

The page is the one document: the PDF is that page printed by Chromium with the paper size, the
running header and footer and the page numbers its @page rules give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup

from auditor.checklib.plain import Plain
from auditor.config.branding import Branding, ReportLook
from auditor.core.runmodel import Evidence
from auditor.report.chart import Chart, chart
from auditor.report.data import HostView
from auditor.report.formats.client import CHANGES_LISTED_MAX, ClientReport
from auditor.report.formats.onboarding import format_effort
from auditor.report.htmlparts import FLEET_TABLE_STATUSES, clip
from auditor.report.i18n import Formats, environment
from auditor.report.verdicts import verdict_evidence

CLIENT_TEMPLATE = "client.html.j2"


def css_string(text: str) -> Markup:
    """A CSS string literal of any text: every character but ASCII letters, digits and spaces escaped.

    Client and brand names go into the @page header rules. HTML escaping does not apply inside
    <style> (an entity would print as is), so the literal is marked safe; escaping every other
    character means a quote or a </style> in a name can end neither the string nor the element.
    """
    escaped = "".join(ch if (ch.isalnum() and ch.isascii()) or ch == " " else f"\\{ord(ch):06x}" for ch in text)
    return Markup(f'"{escaped}"')  # noqa: S704 - only letters, digits, spaces and \hex escapes


def score_chart(report: ClientReport, formats: Formats) -> Chart:
    """The security score per run of the period (0-100), dated in the report's language."""
    many = len(report.trend) > 8
    return chart(
        [(formats.day(p.at, "d MMM" if many else "medium"), p.score) for p in report.trend],
        y_max=100,
        value_text=lambda value: formats.number(value, 1 if not many else 0),
        tick_text=lambda value: formats.number(value),
    )


def attention_evidence(host: HostView) -> list[Evidence]:
    """The evidence behind a host's failed, errored and waived results, each probe once (no passes)."""
    return verdict_evidence(host, FLEET_TABLE_STATUSES)


def render_client_html(
    report: ClientReport, *, branding: Branding, look: ReportLook, plain: Mapping[str, Plain] | None = None
) -> str:
    """The page; `plain` gives next steps in the checks' own words in the report's language."""
    env = environment(look.language)
    formats = Formats(look.language)
    env.filters.update(css_string=css_string, clip=clip)
    effort: Callable[[int], str] = format_effort
    context: dict[str, Any] = {
        "r": report,
        "brand": branding,
        "paper": look.paper,
        "score_chart": score_chart(report, formats),
        "effort": effort,
        "evidence": attention_evidence,
        "plain": plain or {},
        "changes_listed_max": CHANGES_LISTED_MAX,
    }
    return env.get_template(CLIENT_TEMPLATE).render(context)


def render_client_pdf(
    report: ClientReport, *, branding: Branding, look: ReportLook, plain: Mapping[str, Plain] | None = None
) -> bytes:
    from auditor.report.formats.pdf import html_to_pdf

    return html_to_pdf(render_client_html(report, branding=branding, look=look, plain=plain))
