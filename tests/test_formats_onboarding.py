"""The onboarding assessment: plain-language risk areas, ranked fixes with effort, MSP branding."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.checklib.registry import load_checks
from auditor.config.branding import Branding
from auditor.config.loader import load_config
from auditor.core.errors import ConfigError
from auditor.report.data import build_view, select_client
from auditor.report.formats.onboarding import TOP_FIXES, assessment, format_effort, load_texts
from auditor.report.render import render_onboarding
from tests.fixtures_runs import IMG_XSS, LINK_XSS, XSS, sample_run

GENERATED = datetime(2024, 5, 7, 8, 30, tzinfo=UTC)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_texts_name_real_checks_and_every_check_resolves() -> None:
    texts = load_texts()
    library = {check.meta.id: check.meta for check in load_checks(None)}
    assert set(texts.checks) <= set(library), "reports/onboarding.yaml names checks that do not exist"
    assert len(texts.checks) >= 24
    for check_id, meta in library.items():  # checks added later fall back to the defaults
        resolved = texts.for_check(check_id, meta.category)
        assert resolved.area in texts.areas
        assert 1 <= resolved.effort_minutes <= 8 * 60


def test_unlisted_check_gets_the_defaults() -> None:
    texts = load_texts()
    from auditor.core.models import Category

    resolved = texts.for_check("brand-new-check", Category.BACKUP)
    assert resolved.listed is False
    assert resolved.area == "backup"
    assert resolved.effort_minutes == texts.default.effort_minutes == 30
    assert resolved.fix == texts.default.fix


def test_effort_format() -> None:
    assert format_effort(15) == "15 min"
    assert format_effort(60) == "1 h"
    assert format_effort(90) == "1 h 30 min"
    assert format_effort(480) == "8 h"


def test_assessment_ranks_fixes_and_derives_areas() -> None:
    result = assessment(build_view(sample_run()))
    assert list(result) == ["acme", "globex"]
    acme = result["acme"]
    assert acme.risk_label == "Severe risk"  # acme scores 51.2, grade F
    assert [fix.check_id for fix in acme.fixes] == [
        "patch-security-updates",  # critical
        "backup-recent-success",  # high
        "patch-reboot-required",  # medium, then by id
        "security-firewall-enabled",
    ]
    assert [fix.rank for fix in acme.fixes] == [1, 2, 3, 4]
    first = acme.fixes[0]
    assert first.hosts == ("web01.acme.example",)
    assert first.text.fix == "Install the pending security updates"
    assert first.effort_total == "20 min"
    areas = {area.key: area for area in acme.areas}
    assert [area.key for area in acme.areas] == ["patching", "backup", "access", "exposure"]
    assert areas["patching"].state == "at_risk" and areas["patching"].hosts_affected == 1
    assert areas["backup"].state == "at_risk"
    assert areas["access"].state == "unknown"  # no access check listed for the sample's ids
    globex = result["globex"]
    assert globex.risk_label == "Low risk"
    assert {area.key: area.state for area in globex.areas}["backup"] == "ok"
    assert [h.view.host.name for h in globex.hosts if not h.view.host.assessed] == ["mail01.globex.example"]


def test_effort_adds_up_over_hosts_and_top_fixes_stop_at_ten() -> None:
    run = sample_run()
    web = run.hosts[0]
    run.hosts = [web.model_copy(update={"name": f"web{n}"}) for n in range(3)]
    acme = assessment(build_view(run))["acme"]
    assert acme.fixes[0].effort_total == "1 h"  # 3 systems x 20 min
    assert acme.fixes[0].effort_each == "20 min"
    assert TOP_FIXES == 10
    many = sample_run()
    many.info.checks = many.info.checks * 1
    for n in range(12):
        extra = web.results[0].model_copy(update={"check_id": f"extra-check-{n:02d}"})
        many.hosts[0].results.append(extra)
    fixes = assessment(build_view(many))["acme"]
    assert len(fixes.fixes) == 16 and len(fixes.top_fixes) == 10


def _onboarding(run=None, branding: Branding | None = None) -> str:
    return render_onboarding(build_view(run or sample_run()), generated_at=GENERATED, branding=branding)


def test_onboarding_html_content() -> None:
    html = _onboarding()
    assert "Security and resilience assessment: acme" in html
    assert "Security and resilience assessment: globex" in html
    assert "Severe risk" in html and "Low risk" in html
    assert "What is at risk" in html
    assert "Unpatched systems" in html and "No working backup" in html and "Weak access control" in html
    assert "The 4 most important fixes" in html
    assert "Install the pending security updates" in html
    assert "Proactive management versus fixing after a failure" in html
    assert "Security updates are installed on a fixed cadence" in html
    assert "Could not be checked:</strong> we could not reach it over the network" in html
    assert "Not everything could be checked." in html
    assert "<script" not in html.lower()  # no script at all in the client-facing report
    assert "<img" not in html  # no logo configured


def test_onboarding_keeps_host_output_inert() -> None:
    run = sample_run()
    run.hosts[0].results[0].message = f"{XSS} {IMG_XSS} {LINK_XSS}"
    run.hosts[0].name = f"web01{IMG_XSS}"
    html = _onboarding(run)
    assert "<script" not in html.lower()
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html


def test_onboarding_for_one_client() -> None:
    html = _onboarding(select_client(sample_run(), "globex"))
    assert "assessment: globex" in html
    assert "acme" not in html
    assert "<title>Security and resilience assessment: globex" in html


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
    assert f'<img class="logo" src="{branding.logo_data_uri}" alt="Example IT &lt;Services&gt; logo">' in html
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
