"""The onboarding assessment: honest coverage, counts that agree, practices, money only from rates, French."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from auditor.config.branding import Branding
from auditor.config.loader import load_config
from auditor.config.rates import Rates
from auditor.core.errors import ConfigError
from auditor.core.models import Status
from auditor.report.data import build_view
from auditor.report.formats.onboarding import GAPS_LISTED_MAX, format_effort
from auditor.report.formats.onboarding_page import assess, render_onboarding_html
from tests.fixtures_runs import EXPLOITED_CVE, IMG_XSS, XSS, exploited_updates, sample_run

GENERATED = datetime(2024, 5, 7, 8, 30, tzinfo=UTC)
RATES = Rates(currency="EUR", hourly_rate=Decimal(90), monthly_fee_per_host=Decimal(40))


def _page(client: str, *, run=None, language: str = "en", rates: Rates | None = None) -> str:
    view = build_view(run or sample_run())
    (chosen,) = [c for c in view.clients if c.name == client]
    return render_onboarding_html(
        view, chosen, branding=Branding(), language=language, rates=rates, generated_at=GENERATED
    )


def _text(html: str) -> str:
    body = html[html.index("<body>") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&amp;", "&")


def _assessment(client: str, run=None, rates: Rates | None = None):
    view = build_view(run or sample_run())
    (chosen,) = [c for c in view.clients if c.name == client]
    return assess(view, chosen, language="en", rates=rates)


def test_an_area_is_not_ok_when_a_system_could_not_be_checked() -> None:
    """globex: app01 checked and clean in some areas, mail01 unreachable: no area may read "no issue found"."""
    globex = _assessment("globex")
    assert globex.systems == 2 and globex.checked == 1
    states = {area.key: area.state for area in globex.areas}
    assert "ok" not in states.values(), states
    for area in globex.areas:
        assert any(gap.host == "mail01.globex.example" and gap.check is None for gap in area.gaps), area.key
    html = _page("globex")
    assert 'data-state="ok"' not in html
    assert "mail01.globex.example as a whole: we could not reach it over the network" in html


def test_an_area_is_ok_when_every_check_ran_on_every_system() -> None:
    run = sample_run()
    run.hosts = [host for host in run.hosts if host.client == "globex" and host.assessed]
    for host in run.hosts:
        host.results = [
            r.model_copy(update={"status": Status.PASS}) for r in host.results if r.status is not Status.NOT_APPLICABLE
        ]
    globex = _assessment("globex", run)
    assert globex.complete
    assessed_areas = [area for area in globex.areas if area.state != "unknown"]
    assert assessed_areas and all(area.state == "ok" for area in assessed_areas)


def test_an_error_result_makes_its_area_partial_and_says_why() -> None:
    run = sample_run()
    app01 = next(host for host in run.hosts if host.name.startswith("app01"))
    run.hosts = [app01]
    app01.results = [r.model_copy(update={"status": Status.PASS}) for r in app01.results]
    app01.results[0] = app01.results[0].model_copy(
        update={"status": Status.ERROR, "message": "sudo: a password is required"}
    )
    area_of_error = None
    globex = _assessment("globex", run)
    for area in globex.areas:
        if area.gaps:
            area_of_error = area
    assert area_of_error is not None and area_of_error.state == "partial"
    (gap,) = area_of_error.gaps
    assert gap.reason == "sudo: a password is required" and gap.check == app01.results[0].title
    html = _page("globex", run=run)
    assert "No issue found so far, not fully checked" in html
    assert "sudo: a password is required" in html


def test_counts_agree_everywhere() -> None:
    text = _text(_page("globex"))
    assert "2 systems in this assessment: 1 checked, 1 could not be checked." in text
    assert "3 systems" not in text
    acme = _text(_page("acme"))
    assert "2 systems in this assessment: 2 checked." in acme
    for match in re.finditer(r"(\d+) of (\d+) systems", acme):
        assert int(match.group(1)) <= int(match.group(2)) == 2


def test_gaps_listed_are_bounded() -> None:
    run = sample_run()
    web = run.hosts[0]
    run.hosts = [
        web.model_copy(update={"name": f"web{n:02d}", "assessed": False, "error_kind": "timeout", "results": []})
        for n in range(20)
    ]
    acme = _assessment("acme", run)
    area = acme.areas[0]
    assert len(area.gaps) == GAPS_LISTED_MAX and area.gaps_more == 20 - GAPS_LISTED_MAX
    assert all(a.state == "unknown" for a in acme.areas)


def test_practices_group_the_findings_they_would_have_prevented() -> None:
    acme = _assessment("acme")
    groups = {group.key: group for group in acme.practices}
    assert list(groups) == ["patching", "backup", "hardening"]
    assert {fix.text.check_id for fix in groups["patching"].fixes} == {
        "patch-security-updates",
        "patch-reboot-required",
    }
    assert sum(group.effort_minutes for group in acme.practices) == acme.baseline_minutes
    assert acme.baseline_minutes == sum(fix.effort_minutes for fix in acme.fixes)
    html = _page("acme")
    assert "Continuous patching" in html and "2 findings it would have prevented" in html
    assert f"Effort to reach the baseline:</strong> {format_effort(acme.baseline_minutes)}" in html


def test_no_rates_no_money() -> None:
    html = _page("acme")
    assert "No rates are configured" in html
    assert 'id="costs"' not in html
    assert not re.search(r"[€$£]|\bEUR\b|\bUSD\b", _text(html))


def test_rates_give_both_cost_models_labelled_as_estimates() -> None:
    acme = _assessment("acme", rates=RATES)
    costs = acme.costs
    assert costs is not None
    assert costs.managed_monthly == Decimal(80)  # 2 systems x 40
    assert costs.managed_yearly == Decimal(960)
    assert costs.baseline_cost == (costs.baseline_hours * 90).quantize(Decimal("1"))
    text = _text(_page("acme", rates=RATES))
    assert "The two cost models side by side (estimates)" in text
    assert "Break/fix (billed by the hour)" in text and "Managed care (monthly fee)" in text
    assert "€80.00 per month" in text and "€960.00 per year" in text
    assert "not a quote" in text


def test_only_one_rate_shows_only_its_amounts() -> None:
    text = _text(_page("acme", rates=Rates(currency="USD", hourly_rate=Decimal(120))))
    assert "no monthly fee configured" in text
    assert "per month" not in text


def test_french_report_uses_the_checks_french_text() -> None:
    html = _page("acme", language="fr")
    assert '<html lang="fr">' in html
    assert "Des correctifs de sécurité déjà publiés manquent sur ce système." in html
    assert "Installer les mises à jour de sécurité en attente" in html
    assert "Security fixes that are already published" not in html
    text = _text(html)
    assert (
        "Évaluation de sécurité et de résilience : acme" in text
        or "Évaluation de sécurité et de résilience: acme" in text
    )
    assert "Ce qui est exposé" in text and "What is at risk" not in text
    assert "2 systèmes dans cette évaluation : 2 contrôlés." in text


def test_one_client_per_page() -> None:
    html = _page("globex")
    for name in ("web01.acme.example", "db01.acme.example", "acme"):
        assert name not in html


def test_host_output_stays_inert() -> None:
    run = sample_run()
    run.hosts[0].results[0].message = f"{XSS} {IMG_XSS}"
    run.hosts[0].name = f"web01{IMG_XSS}"
    html = _page("acme", run=run)
    assert "<script" not in html.lower() and "<img" not in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('hourly_rate = 90\ncurrency = "euro"', "currency must be an ISO 4217 code"),
        ("hourly_rate = 90", "currency must be an ISO 4217 code"),
        ('hourly_rate = -5\ncurrency = "EUR"', "hourly_rate must be a positive number"),
        ('monthly_fee_per_host = "40"\ncurrency = "EUR"', r"monthly_fee_per_host must be a whole number"),
        ('hourly = 90\ncurrency = "EUR"', r"unknown key 'hourly' in \[onboarding\]; did you mean 'hourly_rate'"),
    ],
)
def test_bad_rates_are_a_one_line_config_error(tmp_path: Path, table: str, message: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[onboarding]\n{table}\n")
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(config)
    assert "\n" not in str(caught.value)


def test_rates_from_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[onboarding]\ncurrency = "GBP"\nhourly_rate = 85.5\nmonthly_fee_per_host = 35\n')
    assert load_config(config).onboarding_rates == Rates("GBP", Decimal("85.5"), Decimal(35))
    config.write_text('[onboarding]\ncurrency = "GBP"\n')
    assert load_config(config).onboarding_rates is None


def test_updates_exploited_in_the_wild_come_first_in_the_assessment() -> None:
    run = sample_run()
    (target,) = [h for h in run.hosts if h.client == "acme" and h.assessed][:1]
    pending = exploited_updates(GENERATED)
    hosts = [h.model_copy(update={"pending_updates": pending}) if h is target else h for h in run.hosts]
    run = run.model_copy(update={"hosts": hosts})
    (row,) = _assessment("acme", run).exploited
    assert (row.host, row.package, row.cve, row.overdue_days, row.ransomware) == (
        target.name,
        "libssl3",
        EXPLOITED_CVE,
        5,
        True,
    )
    english = _page("acme", run=run)
    section = english[
        english.index('<section class="exploited"') : english.index(
            "</section>", english.index('<section class="exploited"')
        )
    ]
    assert "Exploited in the wild" in section and "CVE-2026-84782" in section and "5 days late" in section
    assert "used in ransomware attacks" in section and "tzdata" not in section
    assert english.index('id="exploited"') < english.index('id="fixes"'), "it comes before the other fixes"
    french = _page("acme", run=run, language="fr")
    assert "Exploitées activement par des attaquants" in french and "5 jours de retard" in french
    assert 'class="exploited"' not in _page("acme"), "no box when nothing pending is exploited"
