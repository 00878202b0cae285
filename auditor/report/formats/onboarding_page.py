"""The onboarding assessment as a page (reports/onboarding.html.j2) and as a PDF, one client per file.

The page is the one document: the PDF is that page printed by Chromium, with the paper size,
running header and footer and page numbers its @page rules give. The words about each check
come from the shipped library's metadata (CheckMeta.plain) in the client's language.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from auditor.config.branding import Branding
from auditor.config.rates import Rates
from auditor.report.data import ClientView, ReportView
from auditor.report.formats.clientpage import css_string
from auditor.report.formats.onboarding import ClientAssessment, assess_client, format_effort, library_texts
from auditor.report.htmlparts import clip, grade_class
from auditor.report.i18n import environment

ONBOARDING_TEMPLATE = "onboarding.html.j2"


def assess(view: ReportView, client: ClientView, *, language: str, rates: Rates | None) -> ClientAssessment:
    return assess_client(client, checks=view.checks, plain=library_texts(), language=language, rates=rates)


def render_onboarding_html(
    view: ReportView,
    client: ClientView,
    *,
    branding: Branding,
    language: str = "en",
    paper: str = "A4",
    rates: Rates | None = None,
    generated_at: datetime,
) -> str:
    """One client's onboarding assessment as a self-contained HTML page."""
    from babel.numbers import format_currency

    env = environment(language)

    def money(amount: Decimal, currency: str) -> str:
        return str(format_currency(amount, currency, locale=language, format_type="standard"))

    env.filters.update(
        # a CSS string literal goes inside <style>, where HTML entities are not decoded: css_string escapes
        # every character but ASCII letters, digits and spaces, so the literal is safe as it is
        css_string=lambda text: Markup(css_string(text)),  # noqa: S704
        clip=lambda text, limit: clip(text, limit).text,
        grade_class=grade_class,
        money=money,
    )
    context: dict[str, Any] = {
        "a": assess(view, client, language=language, rates=rates),
        "info": view.run.info,
        "brand": branding,
        "paper": paper,
        "generated_at": generated_at,
        "effort": format_effort,
    }
    return env.get_template(ONBOARDING_TEMPLATE).render(context)


def render_onboarding_pdf(
    view: ReportView,
    client: ClientView,
    *,
    branding: Branding,
    language: str = "en",
    paper: str = "A4",
    rates: Rates | None = None,
    generated_at: datetime,
) -> bytes:
    from auditor.report.formats.pdf import html_to_pdf

    html = render_onboarding_html(
        view, client, branding=branding, language=language, paper=paper, rates=rates, generated_at=generated_at
    )
    return html_to_pdf(html)
