"""Report languages: the catalogs cover every marked text, the shipped .mo files match their .po,
dates and numbers follow the locale, and brand and language are chosen per client."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from auditor.config.branding import LANGUAGES, Branding, ReportLook
from auditor.config.loader import load_config
from auditor.core.errors import ConfigError
from auditor.report.formats.clientpage import css_string
from auditor.report.i18n import Formats, environment

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "reports" / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _extracted() -> set[str | tuple[str, str]]:
    options = {"**.j2": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trim_blocks": "true"}}
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO / "reports"), method_map=[("**.j2", "jinja2")], options_map=options
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _catalog(language: str):
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_every_marked_text_has_a_french_translation_with_the_same_placeholders() -> None:
    catalog = _catalog("fr")
    marked = _extracted()
    assert len(marked) > 50
    for message in marked:
        key = message if isinstance(message, str) else message[0]
        entry = catalog.get(key)
        assert entry is not None, f"not in fr/messages.po (run scripts/i18n update): {message!r}"
        assert not entry.fuzzy, key
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        assert all(strings), f"untranslated: {key!r}"
        source = " ".join(entry.id) if isinstance(entry.id, tuple) else entry.id
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), key


def _entries(catalog) -> dict[str, str]:
    return {repr(m.id): repr(m.string) for m in catalog if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_mo_files_are_compiled_from_their_po(language: str) -> None:
    folder = LOCALES / language / "LC_MESSAGES"
    compiled = io.BytesIO()
    with (folder / "messages.po").open("rb") as handle:
        write_mo(compiled, read_po(handle))
    compiled.seek(0)
    fresh = _entries(read_mo(compiled))
    with (folder / "messages.mo").open("rb") as handle:
        shipped = _entries(read_mo(handle))
    assert shipped == fresh, f"{folder}/messages.mo is stale: run scripts/i18n compile"


def test_templates_translate_and_format_per_language() -> None:
    source = '{{ _("Security score") }} {{ 85.46|percent }} {{ day|date("long") }} {{ 1234.5|number(1) }}'
    day = date(2026, 11, 3)
    english = environment("en").from_string(source).render(day=day)
    french = environment("fr").from_string(source).render(day=day)
    assert english == "Security score 85.5% November 3, 2026 1,234.5"
    assert french == "Score de sécurité 85,5\xa0% 3 novembre 2026 1\u202f234,5"


def test_translated_text_is_still_autoescaped() -> None:
    html = environment("fr").from_string('{{ _("Prepared by %(msp)s", msp=name) }}').render(name="<b>IT</b>")
    assert html == "Préparé par &lt;b&gt;IT&lt;/b&gt;"


def test_formats_name_months_and_missing_values() -> None:
    assert Formats("fr").month(datetime(2026, 11, 1, tzinfo=UTC)) == "novembre 2026"
    assert Formats("en").month(date(2026, 11, 1)) == "November 2026"
    assert Formats("fr").percent(None) == "\u2014" and Formats("en").day(None) == "\u2014"


def test_an_unshipped_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="language must be one of en, fr"):
        environment("de")


def test_brand_language_and_paper_per_client(tmp_path: Path) -> None:
    (tmp_path / "acme.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    config = tmp_path / "config.toml"
    config.write_text(
        '[branding]\nname = "Example IT"\ncontact = "help@example-it.example"\n'
        '[report]\npaper = "Letter"\n'
        '[clients.acme.branding]\nname = "Example IT for ACME"\nlogo = "acme.svg"\n'
        '[clients.acme.report]\nlanguage = "fr"\n'
    )
    presentation = load_config(config).presentation
    acme, globex = presentation.branding_for("acme"), presentation.branding_for("globex")
    assert acme.name == "Example IT for ACME" and acme.contact == "help@example-it.example"
    assert acme.logo_data_uri and acme.logo_data_uri.startswith("data:image/svg+xml;base64,")
    assert globex == Branding(name="Example IT", contact="help@example-it.example")
    assert presentation.look_for("acme") == ReportLook(language="fr", paper="Letter")
    assert presentation.look_for("globex") == ReportLook(language="en", paper="Letter")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[report]\nlanguage = "de"', r"\[report\]: language must be one of en, fr"),
        ('[report]\npaper = "A3"', r"\[report\] paper must be one of A4, Letter"),
        ('[report]\nfont = "x"', r"unknown key 'font' in \[report\]; known keys: language, paper"),
        ('[clients.acme.branding]\naccent_color = "blue"', r"\[clients.acme.branding\] accent_color must be a hex"),
        ("[clients.acme.report]\nlanguage = 3", r"\[clients.acme.report\] language must be a string, not the number 3"),
    ],
)
def test_bad_presentation_is_a_one_line_config_error(tmp_path: Path, table: str, message: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(table + "\n")
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(config)
    assert "\n" not in str(caught.value) and str(config) in str(caught.value)


def test_css_strings_cannot_leave_their_rule() -> None:
    quoted = css_string('Acme "Ltd" </style><script>; }')
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert '"' not in inner and "<" not in inner and ";" not in inner and "}" not in inner
    assert css_string("ACME 2") == '"ACME 2"'
