"""Windows security-control checks on recorded output.

The check cases test the logic on hand-written facts; this table runs every security-control check on facts
parsed from the goldens (tests/probes/golden/win_defender, win_firewall, win_bitlocker,
win_secure_boot, win_smb, win_rdp, win_local_accounts, win_account_policy, win_audit_policy; see
their SOURCE.md) with a recorded win_os, so a parser change that would turn a finding into a pass
fails here. The probe bodies are also held to the Windows contract: constant, read-only, Windows
PowerShell 5.1 syntax.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from auditor.checklib.checkdef import Check, Facts
from auditor.checklib.registry import CASE_NOW, load_checks
from auditor.core.models import Status
from auditor.evaluate.engine import evaluate_check, parse_facts
from auditor.probes.registry import probe_registry
from auditor.probes.win_account_policy import WIN_ACCOUNT_POLICY
from auditor.probes.win_audit_policy import WIN_AUDIT_POLICY
from auditor.probes.win_bitlocker import WIN_BITLOCKER
from auditor.probes.win_defender import WIN_DEFENDER
from auditor.probes.win_firewall import WIN_FIREWALL
from auditor.probes.win_local_accounts import WIN_LOCAL_ACCOUNTS
from auditor.probes.win_rdp import WIN_RDP
from auditor.probes.win_secure_boot import WIN_SECURE_BOOT
from auditor.probes.win_smb import WIN_SMB
from tests.probes.test_golden import GOLDEN, raw_output

SERVER_2022, WIN10 = "server-2022-datacenter", "win10-pro-1909"
PROBES = (
    WIN_DEFENDER,
    WIN_FIREWALL,
    WIN_BITLOCKER,
    WIN_SECURE_BOOT,
    WIN_SMB,
    WIN_RDP,
    WIN_LOCAL_ACCOUNTS,
    WIN_ACCOUNT_POLICY,
    WIN_AUDIT_POLICY,
)


def _def(case: str) -> dict[str, str]:
    return {"win_defender": case}


def _fw(case: str) -> dict[str, str]:
    return {"win_firewall": case}


def _bl(case: str) -> dict[str, str]:
    return {"win_bitlocker": case}


def _acc(case: str) -> dict[str, str]:
    return {"win_local_accounts": case}


def _pol(case: str) -> dict[str, str]:
    return {"win_account_policy": case}


def _aud(case: str) -> dict[str, str]:
    return {"win_audit_policy": case}


FRESH = {"windows_defender_signature_max_age_days": 10000}  # the recorded signatures are from 2022/2024
DENIED = "failed"

# check id, {probe: golden case} (win_os defaults to SERVER_2022), settings, expected status
WINDOWS_CONTROLS_TABLE: list[tuple[str, dict[str, str], dict[str, Any], Status]] = [
    ("win-antivirus-active", _def("learn-server2022-normal"), {}, Status.PASS),
    ("win-antivirus-active", _def("server-defender-removed-edr"), {}, Status.PASS),
    ("win-antivirus-active", _def("client-third-party-passive"), {}, Status.PASS),
    ("win-antivirus-active", _def("server-defender-removed-edr"), {"windows_edr_services": "Acme*"}, Status.FAIL),
    ("win-antivirus-active", _def(DENIED), {}, Status.ERROR),
    ("win-defender-realtime", _def("learn-server2022-normal"), {}, Status.PASS),
    ("win-defender-realtime", _def("client-third-party-passive"), {}, Status.NOT_APPLICABLE),
    (
        "win-defender-realtime",
        _def("client-third-party-passive"),
        {"windows_edr_services": "none"},
        Status.NOT_APPLICABLE,
    ),
    ("win-defender-realtime", _def("server-defender-removed-edr"), {"windows_edr_services": "none"}, Status.FAIL),
    ("win-defender-signatures", _def("learn-server2022-normal"), FRESH, Status.PASS),
    ("win-defender-signatures", _def("learn-server2022-normal"), {}, Status.FAIL),
    ("win-defender-signatures", _def("pastebin-client-tamper-off"), {}, Status.FAIL),
    ("win-defender-signatures", _def("never-updated-single-service"), FRESH, Status.FAIL),
    ("win-defender-tamper-protection", _def("client-third-party-passive"), {}, Status.NOT_APPLICABLE),
    ("win-defender-tamper-protection", _def("pastebin-client-tamper-off"), {}, Status.FAIL),
    ("win-defender-tamper-protection", _def("learn-server2022-normal"), {}, Status.FAIL),
    ("win-defender-tamper-protection", _def("hostile-script"), {}, Status.FAIL),
    ("win-defender-tamper-protection", _def("client-tamper-on"), {}, Status.PASS),
    ("win-defender-signatures", _def("client-tamper-on"), {}, Status.PASS),
    ("win-firewall-enabled", _fw("netdsc-hardened"), {}, Status.PASS),
    ("win-firewall-enabled", _fw("defaults-notconfigured"), {}, Status.PASS),
    ("win-firewall-enabled", _fw("public-off-private-allow"), {}, Status.FAIL),
    ("win-firewall-enabled", _fw(DENIED), {}, Status.ERROR),
    ("win-firewall-inbound-blocked", _fw("netdsc-hardened"), {}, Status.PASS),
    ("win-firewall-inbound-blocked", _fw("defaults-notconfigured"), {}, Status.PASS),
    ("win-firewall-inbound-blocked", _fw("public-off-private-allow"), {}, Status.FAIL),
    ("win-firewall-logging", _fw("netdsc-hardened"), {}, Status.PASS),
    ("win-firewall-logging", _fw("defaults-notconfigured"), {}, Status.FAIL),
    ("win-bitlocker-os-volume", _bl("learn-os-encrypted"), {}, Status.PASS),
    ("win-bitlocker-os-volume", _bl("os-suspended"), {}, Status.FAIL),
    ("win-bitlocker-os-volume", _bl("os-decrypted"), {}, Status.FAIL),
    ("win-bitlocker-os-volume", _bl("os-encrypting-tpm-only"), {}, Status.FAIL),
    ("win-bitlocker-os-volume", _bl("server-no-feature"), {}, Status.FAIL),
    ("win-bitlocker-os-volume", _bl("not-elevated-nonroot"), {}, Status.ERROR),
    ("win-bitlocker-recovery-key", _bl("learn-os-encrypted"), {}, Status.PASS),
    ("win-bitlocker-recovery-key", _bl("os-encrypting-tpm-only"), {}, Status.FAIL),
    ("win-bitlocker-recovery-key", _bl("os-decrypted"), {}, Status.NOT_APPLICABLE),
    ("win-bitlocker-strong-cipher", _bl("learn-os-encrypted"), {}, Status.PASS),
    ("win-bitlocker-strong-cipher", _bl("os-hardware-encryption"), {}, Status.FAIL),
    ("win-bitlocker-strong-cipher", _bl("hostile-wrong-types"), {}, Status.ERROR),
    ("win-bitlocker-recovery-key", _bl("os-hardware-encryption"), {}, Status.FAIL),
    ("win-secure-boot", {"win_secure_boot": "uefi-on"}, {}, Status.PASS),
    ("win-secure-boot", {"win_secure_boot": "uefi-off"}, {}, Status.FAIL),
    ("win-secure-boot", {"win_secure_boot": "legacy-bios"}, {}, Status.FAIL),
    ("win-smb1-disabled", {"win_smb": "learn-win10-defaults", "win_os": WIN10}, {}, Status.PASS),
    ("win-smb1-disabled", {"win_smb": "feature-unreadable"}, {}, Status.PASS),
    ("win-smb1-disabled", {"win_smb": "smb1-enabled-2012r2"}, {}, Status.FAIL),
    ("win-smb1-disabled", {"win_smb": "hostile-unknown-state"}, {}, Status.ERROR),
    ("win-smb-signing-required", {"win_smb": "signing-required"}, {}, Status.PASS),
    ("win-smb-signing-required", {"win_smb": "learn-win10-defaults", "win_os": WIN10}, {}, Status.FAIL),
    ("win-smb-signing-required", {"win_smb": "not-elevated-nonroot"}, {}, Status.ERROR),
    ("win-rdp-nla", {"win_rdp": "enabled-nla-tls"}, {}, Status.PASS),
    ("win-rdp-nla", {"win_rdp": "policy-overrides"}, {}, Status.PASS),
    ("win-rdp-nla", {"win_rdp": "enabled-no-nla-rdp-layer"}, {}, Status.FAIL),
    ("win-rdp-nla", {"win_rdp": "disabled-default"}, {}, Status.NOT_APPLICABLE),
    ("win-rdp-tls", {"win_rdp": "policy-overrides"}, {}, Status.PASS),
    ("win-rdp-tls", {"win_rdp": "enabled-no-nla-rdp-layer"}, {}, Status.FAIL),
    ("win-rdp-tls", {"win_rdp": "hostile-wrong-types"}, {}, Status.ERROR),
    ("win-guest-disabled", _acc("learn-member-server"), {}, Status.PASS),
    ("win-guest-disabled", _acc("workstation-guest-admin-enabled"), {}, Status.FAIL),
    ("win-guest-disabled", _acc("domain-controller"), {}, Status.NOT_APPLICABLE),
    ("win-guest-disabled", {**_acc("learn-member-server"), "win_os": "server-2016-msdate"}, {}, Status.NOT_APPLICABLE),
    (
        "win-local-admins-allowed",
        {**_acc("learn-member-server"), "win_os": "server-2016-msdate"},
        {},
        Status.NOT_APPLICABLE,
    ),
    ("win-guest-disabled", _acc("orphaned-sid-error"), {}, Status.ERROR),
    ("win-builtin-admin-secured", _acc("learn-member-server"), {}, Status.PASS),
    ("win-builtin-admin-secured", _acc("renamed-admin-single-member"), {}, Status.PASS),
    ("win-builtin-admin-secured", _acc("workstation-guest-admin-enabled"), {}, Status.FAIL),
    ("win-local-admins-allowed", _acc("renamed-admin-single-member"), {}, Status.PASS),
    ("win-local-admins-allowed", _acc("learn-member-server"), {}, Status.FAIL),
    (
        "win-local-admins-allowed",
        _acc("learn-member-server"),
        {"windows_admins_allowed": ["S-1-5-21-*-500", "CONTOSO\\Domain Admins", "SRV01\\msp-admin"]},
        Status.PASS,
    ),
    ("win-local-admins-allowed", _acc("workstation-guest-admin-enabled"), {}, Status.FAIL),
    ("win-local-admins-allowed", _acc("hostile-script-names"), {}, Status.FAIL),
    ("win-local-admins-allowed", _acc("hostile-bad-sid"), {}, Status.ERROR),
    ("win-accounts-password-required", _acc("learn-member-server"), {}, Status.PASS),
    ("win-accounts-password-required", _acc("workstation-guest-admin-enabled"), {}, Status.FAIL),
    ("win-password-min-length", _pol("cis-hardened-server"), {}, Status.PASS),
    ("win-password-min-length", _pol("workstation-defaults"), {}, Status.FAIL),
    ("win-password-min-length", _pol("german-positional"), {}, Status.FAIL),
    ("win-password-min-length", _pol("netlogon-stopped"), {}, Status.ERROR),
    ("win-password-max-age", _pol("cis-hardened-server"), {}, Status.PASS),
    ("win-password-max-age", _pol("german-positional"), {}, Status.FAIL),
    ("win-password-history", _pol("cis-hardened-server"), {}, Status.PASS),
    ("win-password-history", _pol("workstation-defaults"), {}, Status.FAIL),
    ("win-password-history", _pol("oreilly-domain-controller"), {}, Status.FAIL),
    ("win-account-lockout", _pol("cis-hardened-server"), {}, Status.PASS),
    ("win-account-lockout", _pol("workstation-defaults"), {}, Status.FAIL),
    ("win-account-lockout", _pol("german-positional"), {}, Status.FAIL),
    ("win-audit-logon", _aud("cis-l1-server"), {}, Status.PASS),
    ("win-audit-logon", _aud("win10-defaults"), {}, Status.FAIL),
    ("win-audit-logon", _aud("italian-setting-value"), {}, Status.FAIL),
    ("win-audit-logon", _aud("not-elevated-nonroot"), {}, Status.ERROR),
    ("win-audit-account-management", _aud("cis-l1-server"), {}, Status.PASS),
    ("win-audit-account-management", _aud("win10-defaults"), {}, Status.FAIL),
    ("win-audit-policy-change", _aud("cis-l1-server"), {}, Status.PASS),
    ("win-audit-policy-change", _aud("win10-defaults"), {}, Status.PASS),
    ("win-audit-policy-change", _aud("italian-setting-value"), {}, Status.FAIL),
]
WINDOWS_CONTROLS_CHECKS = frozenset(check_id for check_id, _, _, _ in WINDOWS_CONTROLS_TABLE)


@cache
def _checks() -> dict[str, Check]:
    return {check.id: check for check in load_checks()}


@pytest.mark.parametrize(
    ("check_id", "cases", "settings", "expected"),
    WINDOWS_CONTROLS_TABLE,
    ids=[
        f"{c}: {','.join(sorted(set(v.values())))}{' +settings' if s else ''}" for c, v, s, _ in WINDOWS_CONTROLS_TABLE
    ],
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


def test_every_security_control_check_is_on_recorded_output_with_a_pass_and_a_fail() -> None:
    ours = {p.name for p in PROBES}
    mine = {check.id for check in _checks().values() if check.id.startswith("win-") and ours & set(check.meta.facts)}
    assert mine == WINDOWS_CONTROLS_CHECKS
    assert len(WINDOWS_CONTROLS_CHECKS) >= 16
    for check_id in WINDOWS_CONTROLS_CHECKS:
        seen = {expected for c, _, _, expected in WINDOWS_CONTROLS_TABLE if c == check_id}
        assert {Status.PASS, Status.FAIL} <= seen, check_id


def _verdict(check_id: str, cases: dict[str, str], **settings: Any) -> Any:
    raw = {
        probe: raw_output(GOLDEN / probe / f"{case}.out") for probe, case in {"win_os": SERVER_2022, **cases}.items()
    }
    values, errors = parse_facts(raw, probe_registry())
    return evaluate_check(_checks()[check_id], Facts(values=values, errors=errors, now=CASE_NOW, settings=settings))


def test_failed_verdicts_name_each_offending_item() -> None:
    admins = _verdict("win-local-admins-allowed", _acc("workstation-guest-admin-enabled"))
    assert admins.details == ("PC01\\bob (User, Local)", "AzureAD\\JaneDoe (User, AzureAD)")
    audit = _verdict("win-audit-logon", _aud("win10-defaults"))
    assert audit.details[:2] == (
        "Account Lockout: Success (want Failure)",
        "Credential Validation: No Auditing (want Success and Failure)",
    )
    firewall = _verdict("win-firewall-enabled", _fw("public-off-private-allow"))
    assert firewall.message == "firewall off in the Public profile(s)"
    hostile = _verdict("win-local-admins-allowed", _acc("hostile-script-names"))
    assert hostile.details == ("<img src=x onerror=alert(1)> (User, Local)",)  # data, escaped by the renderers


def test_third_party_antivirus_is_named() -> None:
    verdict = _verdict("win-defender-signatures", _def("client-third-party-passive"))
    assert verdict.status is Status.NOT_APPLICABLE
    assert verdict.message == "third-party antivirus Sophos Anti-Virus in charge (Defender Passive Mode)"


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p.name)
def test_probe_bodies_are_constant_read_only_windows_powershell_5(probe: Any) -> None:
    body = probe.command
    assert probe.shell == "powershell" and probe.name.startswith("win_")
    for ps7_only in ("??", "?.", "&&", "||", " ? ", "-Parallel", "Get-WmiObject", "Win32_Product"):
        assert ps7_only not in body, ps7_only
    verbs = set(re.findall(r"\b([A-Z][a-z]+)-[A-Z][A-Za-z]+", body))
    assert verbs <= {"Get", "Test", "Where"}, verbs
    for writer in ("Set-", "New-", "Remove-", "Enable-", "Disable-", "Invoke-", "Start-", "Stop-", "Out-File", "/set"):
        assert writer not in body, writer
    assert "iex " not in body.lower() and "{0}" not in body.replace("{0}: {1}", "")
