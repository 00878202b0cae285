"""The MSP's branding in the client-facing onboarding assessment ([branding] in the config)."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.config.branding import Branding
from auditor.config.loader import load_config
from auditor.core.errors import ConfigError
from auditor.report.data import build_view
from auditor.report.formats.onboarding_page import render_onboarding_html
from tests.fixtures_runs import sample_run

GENERATED = datetime(2024, 5, 7, 8, 30, tzinfo=UTC)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def _onboarding(branding: Branding | None = None) -> str:
    view = build_view(sample_run())
    return render_onboarding_html(view, view.clients[0], branding=branding or Branding(), generated_at=GENERATED)


def test_branding_from_config(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    config = tmp_path / "config.toml"
    config.write_text(
        "[branding]\n"
        'name = "Example IT <Services>"\n'
        'logo = "logo.png"\n'
        'primary_color = "#123456"\n'
        'accent_color = "#abc"\n'
        'contact = "help@example-it.example"\n'
        'website = "example-it.example"\n'
    )
    branding = load_config(config).branding
    assert branding.name == "Example IT <Services>"
    assert branding.logo_data_uri == "data:image/png;base64," + base64.b64encode(PNG).decode()
    html = _onboarding(branding=branding)
    assert f'<img class="logo" src="{branding.logo_data_uri}" alt="Example IT &lt;Services&gt;">' in html
    assert "--brand: #123456; --accent: #abc;" in html
    assert "help@example-it.example" in html and "example-it.example" in html
    assert "Prepared by Example IT &lt;Services&gt;" in html
    assert re.search(r"<(?:link|script)\b", html) is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('logo = "missing.png"', "logo file not found"),
        ('logo = "logo.bmp"', "logo .* must be one of"),
        ('primary_color = "red; background: url(x)"', "primary_color must be a hex colour"),
        ('accent_color = "#12345"', "accent_color must be a hex colour"),
        ('name = ""', "name must be a non-empty string"),
        ("contact = 5", r"\[branding\] contact must be a string, not the number 5"),
        ('colour = "#fff"', r"unknown key 'colour' in \[branding\]; known keys: accent_color, contact"),
    ],
)
def test_bad_branding_is_a_one_line_config_error(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "logo.bmp").write_bytes(b"BM")
    config = tmp_path / "config.toml"
    config.write_text(f"[branding]\n{table}\n")
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(config)
    assert "\n" not in str(caught.value)
    assert str(config) in str(caught.value)


def test_branding_must_be_a_table(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('branding = "acme"\n')
    with pytest.raises(ConfigError, match=r"\[branding\] must be a table"):
        load_config(config)


def test_default_branding_without_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("")
    assert load_config(config).branding == Branding()
