"""Windows registry, service and feature hardening checks on recorded output.

The check cases test the logic on hand-written facts; this table runs every hardening check on facts
parsed from the goldens (tests/probes/golden/win_registry_policy, win_services, win_features; see
their SOURCE.md), with a recorded win_os, so a parser change that would turn a finding into a pass
fails here. The probe bodies are also held to the Windows contract: constant, read-only, Windows
PowerShell 5.1 syntax.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from auditor.checklib.checkdef import Check, Facts, Verdict
from auditor.checklib.registry import CASE_NOW, load_checks
from auditor.checklib.winregkit import Rule, equals, read, registry_case, setting_flag
from auditor.core.models import Status
from auditor.evaluate.engine import evaluate_check, parse_facts
from auditor.probes.registry import probe_registry
from auditor.probes.win_features import WIN_FEATURES
from auditor.probes.win_registry_policy import KEYS, LSA, PAIRS, WIN_REGISTRY_POLICY, value_key
from auditor.probes.win_services import SERVICES, WIN_SERVICES
from tests.probes.test_golden import GOLDEN, raw_output

SERVER_2022, WIN10, DC_2016 = "server-2022-datacenter", "win10-pro-1909", "server-2016-msdate"
DEFAULT, HARDENED, NEGLECTED = "server2022-default", "hardened-cis", "neglected-server2016"
VAGRANT = "win10-vagrant-uac-off"


def _reg(case: str) -> dict[str, str]:
    return {"win_registry_policy": case}


# check id, {probe: golden case} (win_os defaults to SERVER_2022), settings, expected status
HARDENING_TABLE: list[tuple[str, dict[str, str], dict[str, Any], Status]] = [
    ("win-uac-enabled", _reg(DEFAULT), {}, Status.PASS),
    ("win-uac-enabled", _reg(VAGRANT), {}, Status.FAIL),
    ("win-uac-enabled", _reg("denied"), {}, Status.ERROR),
    ("win-uac-admin-prompt", _reg(DEFAULT), {}, Status.PASS),
    ("win-uac-admin-prompt", _reg(NEGLECTED), {}, Status.FAIL),
    ("win-uac-secure-desktop", _reg(HARDENED), {}, Status.PASS),
    ("win-uac-secure-desktop", _reg(NEGLECTED), {}, Status.FAIL),
    ("win-uac-builtin-admin", _reg(HARDENED), {}, Status.PASS),
    ("win-uac-builtin-admin", _reg(DEFAULT), {}, Status.FAIL),
    ("win-uac-remote-restrictions", _reg(DEFAULT), {}, Status.PASS),
    ("win-uac-remote-restrictions", _reg(VAGRANT), {}, Status.FAIL),
    ("win-laps-configured", _reg(HARDENED), {}, Status.PASS),
    ("win-laps-configured", _reg(DEFAULT), {}, Status.FAIL),
    ("win-laps-configured", {**_reg(DEFAULT), "win_os": DC_2016}, {}, Status.NOT_APPLICABLE),
    ("win-powershell-v2-disabled", {"win_features": "hardened-win11"}, {}, Status.PASS),
    ("win-powershell-v2-disabled", {"win_features": "server2025-removed"}, {}, Status.PASS),
    ("win-powershell-v2-disabled", {"win_features": "win10-insider-21246", "win_os": WIN10}, {}, Status.FAIL),
    ("win-powershell-v2-disabled", {"win_features": "server2019-no-root"}, {}, Status.FAIL),
    ("win-powershell-v2-disabled", {"win_features": "not-admin-nonroot"}, {}, Status.ERROR),
    ("win-legacy-clients-absent", {"win_features": "win10-insider-21246", "win_os": WIN10}, {}, Status.PASS),
    ("win-legacy-clients-absent", {"win_features": "win10-telnet-enabled", "win_os": WIN10}, {}, Status.FAIL),
    ("win-autorun-disabled", _reg(HARDENED), {}, Status.PASS),
    ("win-autorun-disabled", _reg(NEGLECTED), {}, Status.FAIL),
    ("win-tls-legacy-disabled", _reg(HARDENED), {}, Status.PASS),
    ("win-tls-legacy-disabled", _reg(DEFAULT), {}, Status.FAIL),
    ("win-ntlmv1-disabled", _reg(HARDENED), {}, Status.PASS),
    ("win-ntlmv1-disabled", _reg(DEFAULT), {}, Status.FAIL),
    ("win-ntlmv1-disabled", _reg(NEGLECTED), {}, Status.FAIL),
    ("win-screen-lock", _reg(HARDENED), {}, Status.PASS),
    ("win-screen-lock", _reg(DEFAULT), {}, Status.FAIL),
    ("win-update-service-enabled", {"win_services": "server-remote-registry-auto"}, {}, Status.PASS),
    ("win-update-service-enabled", {"win_services": NEGLECTED}, {}, Status.FAIL),
    ("win-update-service-enabled", {"win_services": "denied"}, {}, Status.ERROR),
    ("win-wdigest-disabled", _reg(DEFAULT), {}, Status.PASS),
    ("win-wdigest-disabled", _reg(NEGLECTED), {}, Status.FAIL),
    ("win-lsa-protection", _reg(HARDENED), {}, Status.PASS),
    ("win-lsa-protection", _reg(DEFAULT), {}, Status.FAIL),
    ("win-lm-hash-disabled", _reg(DEFAULT), {}, Status.PASS),
    ("win-lm-hash-disabled", _reg(NEGLECTED), {}, Status.FAIL),
    ("win-anonymous-access-restricted", _reg(HARDENED), {}, Status.PASS),
    ("win-anonymous-access-restricted", _reg(DEFAULT), {}, Status.FAIL),
    ("win-llmnr-disabled", _reg(HARDENED), {}, Status.PASS),
    ("win-llmnr-disabled", _reg(DEFAULT), {}, Status.FAIL),
    ("win-llmnr-disabled", _reg(NEGLECTED), {}, Status.ERROR),  # EnableMulticast written as REG_SZ
    ("win-powershell-script-block-logging", _reg(HARDENED), {}, Status.PASS),
    ("win-powershell-script-block-logging", _reg(DEFAULT), {}, Status.FAIL),
    ("win-remote-registry-disabled", {"win_services": "hardened-server2022"}, {}, Status.PASS),
    ("win-remote-registry-disabled", {"win_services": "win10-21h2-vagrant", "win_os": WIN10}, {}, Status.PASS),
    ("win-remote-registry-disabled", {"win_services": "server-remote-registry-auto"}, {}, Status.FAIL),
    ("win-print-spooler-restricted", {"win_services": "hardened-server2022", **_reg(DEFAULT)}, {}, Status.PASS),
    (
        "win-print-spooler-restricted",
        {"win_services": "server-remote-registry-auto", **_reg(HARDENED)},
        {},
        Status.PASS,
    ),
    ("win-print-spooler-restricted", {"win_services": "server-remote-registry-auto", **_reg(DEFAULT)}, {}, Status.FAIL),
    (
        "win-print-spooler-restricted",
        {"win_services": "server-remote-registry-auto", **_reg(DEFAULT), "win_os": DC_2016},
        {},
        Status.FAIL,
    ),
    (
        "win-print-spooler-restricted",
        {"win_services": "server-remote-registry-auto", **_reg(DEFAULT)},
        {"windows_print_server": "true"},
        Status.NOT_APPLICABLE,
    ),
    (
        "win-print-spooler-restricted",
        {"win_services": "win10-21h2-vagrant", **_reg(VAGRANT), "win_os": WIN10},
        {},
        Status.NOT_APPLICABLE,
    ),
    ("win-smb-insecure-guest-disabled", _reg(DEFAULT), {}, Status.PASS),  # Server 2022 refuses by default
    ("win-smb-insecure-guest-disabled", {**_reg(DEFAULT), "win_os": WIN10}, {}, Status.FAIL),  # Pro 1909
    ("win-smb-insecure-guest-disabled", _reg(NEGLECTED), {}, Status.FAIL),
    ("win-security-log-size", _reg(HARDENED), {}, Status.PASS),
    ("win-security-log-size", _reg(DEFAULT), {}, Status.FAIL),
    ("win-security-log-size", _reg(DEFAULT), {"windows_security_log_min_mb": 20}, Status.PASS),
    ("win-credential-guard", _reg(HARDENED), {}, Status.PASS),
    ("win-credential-guard", _reg(DEFAULT), {}, Status.FAIL),
    ("win-credential-guard", {**_reg(DEFAULT), "win_os": "win11-enterprise-productname-says-10"}, {}, Status.PASS),
    ("win-credential-guard", {**_reg(DEFAULT), "win_os": DC_2016}, {}, Status.NOT_APPLICABLE),
]
HARDENING_CHECKS = frozenset(check_id for check_id, _, _, _ in HARDENING_TABLE)


@cache
def _checks() -> dict[str, Check]:
    return {check.id: check for check in load_checks()}


@pytest.mark.parametrize(
    ("check_id", "cases", "settings", "expected"),
    HARDENING_TABLE,
    ids=[f"{c}: {','.join(sorted(set(v.values())))}{' +settings' if s else ''}" for c, v, s, _ in HARDENING_TABLE],
)
def test_check_on_recorded_output(
    check_id: str, cases: dict[str, str], settings: dict[str, Any], expected: Status
) -> None:
    cases = {"win_os": SERVER_2022, **cases}
    raw = {probe: raw_output(GOLDEN / probe / f"{case}.out") for probe, case in cases.items()}
    values, errors = parse_facts(raw, probe_registry())
    facts = Facts(values=values, errors=errors, now=CASE_NOW, settings=settings)
    verdict = evaluate_check(_checks()[check_id], facts)
    assert verdict.status == expected, verdict.message
    assert "failed internally" not in verdict.message


def test_every_hardening_check_is_on_recorded_output_with_a_pass_and_a_fail() -> None:
    ours = {p.name for p in _probes()}
    mine = {check.id for check in _checks().values() if check.id.startswith("win-") and ours & set(check.meta.facts)}
    assert mine == HARDENING_CHECKS
    assert len(HARDENING_CHECKS) >= 16
    for check_id in HARDENING_CHECKS:
        seen = {expected for c, _, _, expected in HARDENING_TABLE if c == check_id}
        assert {Status.PASS, Status.FAIL} <= seen, check_id


def test_a_failed_verdict_names_each_offending_value() -> None:
    raw = {
        "win_os": raw_output(GOLDEN / "win_os" / f"{SERVER_2022}.out"),
        "win_registry_policy": raw_output(GOLDEN / "win_registry_policy" / f"{DEFAULT}.out"),
    }
    values, errors = parse_facts(raw, probe_registry())
    verdict = evaluate_check(_checks()["win-tls-legacy-disabled"], Facts(values=values, errors=errors, now=CASE_NOW))
    assert verdict.status is Status.FAIL
    assert verdict.details == (
        "TLS 1.0 Server Enabled not configured (Windows default 1) (want 0)",
        "TLS 1.0 Client Enabled not configured (Windows default 1) (want 0)",
        "TLS 1.1 Server Enabled not configured (Windows default 1) (want 0)",
        "TLS 1.1 Client Enabled not configured (Windows default 1) (want 0)",
    )


def _probes() -> tuple[Any, ...]:
    return (WIN_REGISTRY_POLICY, WIN_SERVICES, WIN_FEATURES)


@pytest.mark.parametrize("probe", _probes(), ids=lambda p: p.name)
def test_probe_bodies_are_constant_read_only_windows_powershell_5(probe: Any) -> None:
    body = probe.command
    assert probe.shell == "powershell" and probe.name.startswith("win_")
    for ps7_only in ("??", "?.", "&&", "||", " ? ", "-Parallel", "ForEach-Object -Parallel"):
        assert ps7_only not in body, ps7_only
    verbs = set(re.findall(r"\b([A-Z][a-z]+)-[A-Z][A-Za-z]+", body))
    assert verbs <= {"Get", "Test", "ConvertTo"}, verbs
    assert "Invoke-Expression" not in body and "iex " not in body.lower()


def test_registry_pairs_are_plain_constants() -> None:
    assert len(PAIRS) == len(set(PAIRS)) == len(KEYS)
    for path, name in PAIRS:
        assert path.startswith("HKLM:\\"), path
        for forbidden in ("'", "|", '"', "`", "$"):
            assert forbidden not in path and forbidden not in name, (path, name)
        assert f"'{path}|{name}'" in WIN_REGISTRY_POLICY.command
    for service in SERVICES:
        assert re.fullmatch(r"[A-Za-z0-9]+", service)


def test_registry_case_refuses_a_value_the_probe_does_not_read() -> None:
    with pytest.raises(ValueError, match="not a collected registry value"):
        registry_case({value_key(LSA, "NotAValue"): 1})


def _facts_for(values: dict[str, Any], **settings: Any) -> Facts:
    fact = WIN_REGISTRY_POLICY.model.model_validate(registry_case(values)["win_registry_policy"])
    return Facts(values={"win_registry_policy": fact}, errors={}, now=CASE_NOW, settings=settings)


def test_read_applies_the_default_and_refuses_text_and_uncollected_values() -> None:
    key = value_key(LSA, "LmCompatibilityLevel")
    rule = Rule(key, equals(5), "5", default=3)
    reading = read(_facts_for({}), rule)
    assert not isinstance(reading, Verdict)
    assert (reading.value, reading.text) == (3, "LmCompatibilityLevel not configured (Windows default 3)")
    wrong = read(_facts_for({key: "5"}), rule)
    assert wrong == Verdict.cannot_assess("LmCompatibilityLevel is not a number: '5' (wrong registry type?)")
    old = Facts(
        values={"win_registry_policy": WIN_REGISTRY_POLICY.model.model_validate({"values": {}})},
        errors={},
        now=CASE_NOW,
    )
    assert read(old, rule) == Verdict.cannot_assess(f"{key} was not collected")


def test_setting_flag_reads_inventory_text() -> None:
    assert setting_flag(_facts_for({}, windows_print_server="true"), "windows_print_server") is True
    assert setting_flag(_facts_for({}, windows_print_server="no"), "windows_print_server") is False
    assert setting_flag(_facts_for({}), "windows_print_server") is False
