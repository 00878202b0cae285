"""Languages of client-facing reports: gettext catalogs through Babel, dates and numbers per locale.

The catalogs live beside the templates (reports/locale/LANG/LC_MESSAGES/messages.po, compiled to
messages.mo by scripts/i18n; a test keeps the two in step). Templates mark text with
`{% trans %}...{% endtrans %}` or `_("...")` and format values with the filters below, so that a
French report says "3 novembre 2026" and "85,5 %" where the English one says "Nov 3, 2026" and
"85.5%". English is the source language: its catalog is empty and every message stands as written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from importlib.resources import as_file, files
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_decimal, parse_pattern
from babel.support import Translations
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from auditor.config.branding import LANGUAGES, check_language

TEMPLATE_PACKAGE = "auditor_reports"
LOCALE_FOLDER = "locale"
DOMAIN = "messages"
EMPTY = "\u2014"  # what a missing value reads as, in every language


@cache
def translations(language: str) -> Translations:
    """The compiled catalog of a shipped language (read once per process)."""
    check_language(language, "report")
    with as_file(files(TEMPLATE_PACKAGE) / LOCALE_FOLDER) as folder:
        loaded = Translations.load(str(folder), [language], DOMAIN)
    if not isinstance(loaded, Translations):  # a missing .mo file comes back as NullTranslations
        raise FileNotFoundError(f"no compiled catalog for {language!r} in {TEMPLATE_PACKAGE}/{LOCALE_FOLDER}")
    return loaded


class Formats:
    """Dates, numbers and percentages written the way readers of one language expect."""

    def __init__(self, language: str) -> None:
        self.language = check_language(language, "report")
        self.locale = Locale.parse(language)

    def day(self, value: date | datetime | None, style: str = "medium") -> str:
        if value is None:
            return EMPTY
        return format_date(value.date() if isinstance(value, datetime) else value, format=style, locale=self.locale)

    def timestamp(self, value: datetime | None, style: str = "medium") -> str:
        return EMPTY if value is None else format_datetime(value, format=style, locale=self.locale)

    def month(self, value: date | datetime) -> str:
        """ "November 2026", "novembre 2026": how a report period is named."""
        return format_skeleton("yMMMM", value, locale=self.locale)

    def number(self, value: float | None, digits: int = 0) -> str:
        if value is None:
            return EMPTY
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float | None, digits: int = 1) -> str:
        """A 0-100 figure as a percentage ("85.5%", "85,5 %")."""
        if value is None:
            return EMPTY
        pattern = parse_pattern(self.locale.percent_formats[None].pattern)  # the locale's own: "85 %" in French
        pattern.frac_prec = (digits, digits)
        return str(pattern.apply(value / 100, self.locale))

    def filters(self) -> dict[str, Callable[..., str]]:
        return {
            "date": self.day,
            "datetime": self.timestamp,
            "month": self.month,
            "number": self.number,
            "percent": self.percent,
        }


def environment(language: str = "en") -> Environment:
    """The Jinja environment of the HTML reports in one language: autoescaped, strict, i18n installed."""
    env = Environment(
        loader=PackageLoader(TEMPLATE_PACKAGE, ""),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    install: Any = env.install_gettext_translations  # type: ignore[attr-defined]  # added by the i18n extension
    install(translations(language), newstyle=True)
    env.filters.update(Formats(language).filters())
    env.globals.update(language=language, languages=LANGUAGES)
    return env


def text_environment(language: str = "en") -> Environment:
    """The same catalogs for plain-text templates (*.txt.j2: e-mail subjects and bodies).

    No autoescape: the output is text/plain, where HTML escaping would only garble an "&". It
    must never render a page: HTML goes through `environment`.
    """
    env = Environment(
        loader=PackageLoader(TEMPLATE_PACKAGE, ""),
        autoescape=False,  # noqa: S701 (text/plain e-mail, never HTML)
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    install: Any = env.install_gettext_translations  # type: ignore[attr-defined]  # added by the i18n extension
    install(translations(language), newstyle=True)
    return env
