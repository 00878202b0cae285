"""Windows patch level and backups on recorded output.

The check cases test the logic on hand-written facts; this table runs every patch and backup check, and the
Windows side of the shared patch checks, on facts parsed from the goldens (tests/probes/golden/
win_updates_pending, win_update_status, win_hotfixes, win_backup_*, win_shadow_copies; see their
SOURCE.md) with a recorded win_os, so a parser change that would turn a finding into a pass fails
here. The probe bodies are held to the Windows contract, and eol.yaml's Windows data to its rules.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from auditor.checklib.checkdef import Facts
from auditor.checklib.eol import support_data, windows_keys, windows_support_for
from auditor.checklib.registry import CASE_NOW, load_checks
from auditor.core.models import Status
from auditor.evaluate.engine import evaluate_check, parse_facts
from auditor.probes.registry import probe_registry
from auditor.probes.win_backup_services import WIN_BACKUP_SERVICES
from auditor.probes.win_backup_veeam import WIN_BACKUP_VEEAM
from auditor.probes.win_backup_wsb import WIN_BACKUP_WSB
from auditor.probes.win_hotfixes import WIN_HOTFIXES
from auditor.probes.win_os import WinOs
from auditor.probes.win_shadow_copies import WIN_SHADOW_COPIES
from auditor.probes.win_update_status import WIN_UPDATE_STATUS
from auditor.probes.win_updates_pending import WIN_UPDATES_PENDING
from tests.probes.test_golden import GOLDEN, raw_output

PATCH_BACKUP_PROBES = (
    WIN_UPDATES_PENDING,
    WIN_UPDATE_STATUS,
    WIN_HOTFIXES,
    WIN_BACKUP_WSB,
    WIN_BACKUP_VEEAM,
    WIN_BACKUP_SERVICES,
    WIN_SHADOW_COPIES,
)
SERVER_2022, WIN10_1909 = "server-2022-datacenter", "win10-pro-1909"
_NO_BACKUP = {"win_backup_wsb": "not-installed", "win_backup_veeam": "not-installed", "win_backup_services": "none"}
_PATCHED = {"win_updates_pending": "up-to-date", "win_update_status": "wsus-managed"}

# check id, {probe: golden case} (win_os defaults to SERVER_2022), settings, expected status
PATCH_BACKUP_TABLE: list[tuple[str, dict[str, str], dict[str, Any], Status]] = [
    # the shared patch checks on a Windows host
    ("patch-security-updates", {**_PATCHED, "win_updates_pending": "server2022-oct2024"}, {}, Status.FAIL),
    ("patch-security-updates", _PATCHED, {}, Status.PASS),
    ("patch-security-updates", {**_PATCHED, "win_update_status": "auto-updates-disabled"}, {}, Status.ERROR),
    ("patch-security-updates", {**_PATCHED, "win_updates_pending": "access-denied"}, {}, Status.ERROR),
    ("patch-pending-updates", {**_PATCHED, "win_updates_pending": "server2022-oct2024"}, {}, Status.FAIL),
    ("patch-pending-updates", _PATCHED, {}, Status.PASS),
    ("patch-sla-overdue", {"win_updates_pending": "server2022-oct2024"}, {}, Status.FAIL),
    ("patch-sla-overdue", {"win_updates_pending": "up-to-date"}, {}, Status.PASS),
    ("patch-reboot-required", {"win_update_status": "wufb-reboot-pending"}, {}, Status.FAIL),
    ("patch-reboot-required", {"win_update_status": "wsus-managed"}, {}, Status.PASS),
    ("patch-os-supported", {}, {}, Status.PASS),
    ("patch-os-supported", {"win_os": WIN10_1909}, {}, Status.FAIL),  # 1909 Pro: ended 2021-05-11
    ("patch-os-eol-soon", {}, {}, Status.PASS),
    # Windows-only patch checks
    ("win-update-search-recent", {"win_update_status": "wsus-managed"}, {}, Status.PASS),
    ("win-update-search-recent", {"win_update_status": "ps51-date-format"}, {}, Status.PASS),
    ("win-update-search-recent", {"win_update_status": "auto-updates-disabled"}, {}, Status.FAIL),
    (
        "win-update-install-recent",
        {"win_update_status": "wsus-managed", "win_hotfixes": "server2022-oct2024"},
        {},
        Status.PASS,
    ),
    (
        "win-update-install-recent",
        {"win_update_status": "auto-updates-disabled", "win_hotfixes": "learn-get-hotfix-example"},
        {},
        Status.FAIL,
    ),
    (
        "win-update-install-recent",
        {"win_update_status": "hostile-policy-type", "win_hotfixes": "none"},
        {},
        Status.ERROR,
    ),
    ("win-update-source-configured", {"win_update_status": "wsus-managed"}, {}, Status.PASS),
    ("win-update-source-configured", {"win_update_status": "wufb-reboot-pending"}, {}, Status.PASS),
    ("win-update-source-configured", {"win_update_status": "defaults-not-configured"}, {}, Status.PASS),
    ("win-update-source-configured", {"win_update_status": "auto-updates-disabled"}, {}, Status.FAIL),
    # backups
    ("win-backup-tool-present", {**_NO_BACKUP, "win_backup_veeam": "last-success"}, {}, Status.PASS),
    ("win-backup-tool-present", {**_NO_BACKUP, "win_backup_wsb": "gist-usb-disk"}, {}, Status.PASS),
    ("win-backup-tool-present", {**_NO_BACKUP, "win_backup_services": "client-file-history"}, {}, Status.PASS),
    ("win-backup-tool-present", _NO_BACKUP, {}, Status.FAIL),
    ("win-backup-tool-present", {**_NO_BACKUP, "win_backup_wsb": "no-versions"}, {}, Status.FAIL),
    ("win-backup-tool-present", {**_NO_BACKUP, "win_backup_wsb": "german-host"}, {}, Status.ERROR),
    ("win-backup-recent", {**_NO_BACKUP, "win_backup_veeam": "last-success"}, {}, Status.PASS),
    ("win-backup-recent", {**_NO_BACKUP, "win_backup_veeam": "last-failed"}, {}, Status.FAIL),
    ("win-backup-recent", {**_NO_BACKUP, "win_backup_wsb": "gist-usb-disk"}, {}, Status.FAIL),
    ("win-backup-recent", {**_NO_BACKUP, "win_backup_wsb": "network-share-last-failed"}, {}, Status.FAIL),
    (
        "win-backup-recent",
        {**_NO_BACKUP, "win_backup_wsb": "network-share-last-failed"},
        {"backup_max_age_hours": "48"},
        Status.PASS,
    ),
    ("win-backup-recent", {**_NO_BACKUP, "win_backup_wsb": "denied"}, {}, Status.ERROR),
    ("win-backup-last-job-succeeded", {**_NO_BACKUP, "win_backup_veeam": "last-success"}, {}, Status.PASS),
    ("win-backup-last-job-succeeded", {**_NO_BACKUP, "win_backup_veeam": "last-failed"}, {}, Status.FAIL),
    ("win-backup-last-job-succeeded", {**_NO_BACKUP, "win_backup_wsb": "gist-usb-disk"}, {}, Status.PASS),
    ("win-backup-last-job-succeeded", {**_NO_BACKUP, "win_backup_wsb": "network-share-last-failed"}, {}, Status.FAIL),
    ("win-backup-last-job-succeeded", _NO_BACKUP, {}, Status.NOT_APPLICABLE),
    ("win-backup-offhost-target", {**_NO_BACKUP, "win_backup_wsb": "network-share-last-failed"}, {}, Status.PASS),
    ("win-backup-offhost-target", {**_NO_BACKUP, "win_backup_wsb": "gist-usb-disk"}, {}, Status.FAIL),
    ("win-backup-offhost-target", {**_NO_BACKUP, "win_backup_veeam": "last-success"}, {}, Status.ERROR),
    ("win-backup-offhost-target", _NO_BACKUP, {}, Status.NOT_APPLICABLE),
    ("win-backup-service-running", {**_NO_BACKUP, "win_backup_services": "server-wsb-veeam"}, {}, Status.PASS),
    (
        "win-backup-service-running",
        {**_NO_BACKUP, "win_backup_services": "veeam-stopped", "win_backup_veeam": "single-event-unwrapped"},
        {},
        Status.FAIL,
    ),
    ("win-backup-service-running", {**_NO_BACKUP, "win_backup_services": "hostile-name"}, {}, Status.ERROR),
    ("win-backup-service-running", _NO_BACKUP, {}, Status.NOT_APPLICABLE),
    ("win-shadow-copies-recent", {"win_shadow_copies": "system-volume"}, {}, Status.PASS),
    ("win-shadow-copies-recent", {"win_shadow_copies": "data-volume-only"}, {}, Status.FAIL),
    ("win-shadow-copies-recent", {"win_shadow_copies": "none"}, {}, Status.FAIL),
    ("win-shadow-copies-recent", {"win_shadow_copies": "denied"}, {}, Status.ERROR),
]
PATCH_BACKUP_CHECKS = {
    "win-update-search-recent",
    "win-update-install-recent",
    "win-update-source-configured",
    "win-backup-tool-present",
    "win-backup-recent",
    "win-backup-last-job-succeeded",
    "win-backup-offhost-target",
    "win-backup-service-running",
    "win-shadow-copies-recent",
}
SHARED_PATCH_CHECKS = {
    "patch-security-updates",
    "patch-pending-updates",
    "patch-sla-overdue",
    "patch-reboot-required",
    "patch-os-supported",
    "patch-os-eol-soon",
}


def _facts(cases: dict[str, str], settings: dict[str, Any]) -> Facts:
    cases = {"win_os": SERVER_2022, **cases}
    raw = {probe: raw_output(GOLDEN / probe / f"{case}.out") for probe, case in cases.items()}
    values, errors = parse_facts(raw, probe_registry())
    return Facts(values=values, errors=errors, now=CASE_NOW, settings=settings)


@pytest.mark.parametrize(
    ("check_id", "cases", "settings", "expected"),
    PATCH_BACKUP_TABLE,
    ids=[f"{c}: {','.join(v.values()) or 'os only'}" for c, v, _, _ in PATCH_BACKUP_TABLE],
)
def test_check_on_recorded_output(
    check_id: str, cases: dict[str, str], settings: dict[str, Any], expected: Status
) -> None:
    checks = {check.id: check for check in load_checks([check_id])}
    verdict = evaluate_check(checks[check_id], _facts(cases, settings))
    assert verdict.status == expected, verdict.message
    assert "failed internally" not in verdict.message


def test_every_w2_check_is_on_recorded_output_with_a_pass_and_a_fail() -> None:
    by_check: dict[str, set[Status]] = {}
    for check_id, _, _, expected in PATCH_BACKUP_TABLE:
        by_check.setdefault(check_id, set()).add(expected)
    assert set(by_check) == PATCH_BACKUP_CHECKS | SHARED_PATCH_CHECKS
    for check_id in PATCH_BACKUP_CHECKS:
        assert {Status.PASS, Status.FAIL} <= by_check[check_id], check_id


def test_windows_security_update_detail_names_kb_severity_cves_and_release() -> None:
    checks = {check.id: check for check in load_checks(["patch-security-updates"])}
    verdict = evaluate_check(
        checks["patch-security-updates"],
        _facts({"win_updates_pending": "server2022-oct2024", "win_update_status": "wsus-managed"}, {}),
    )
    assert verdict.message == "2 security update(s) pending"
    assert verdict.details == (
        "KB5044281 2024-10 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems "
        "(KB5044281) (Critical; CVE-2024-43572, CVE-2024-43573; released 2024-10-08)",
        "KB5044035 2024-10 Cumulative Update for .NET Framework 3.5 and 4.8.1 for Microsoft server operating system "
        "version 21H2 for x64 (KB5044035) (Important; CVE-2024-43483, CVE-2024-43484; released 2024-10-08)",
    )


def test_linux_hosts_never_read_windows_facts() -> None:
    """The shared patch checks keep their Linux verdicts: a Debian host with no Windows facts at all."""
    checks = {check.id: check for check in load_checks(sorted(SHARED_PATCH_CHECKS))}
    raw = {
        probe: raw_output(GOLDEN / probe / "debian12-root.out")
        for probe in ("os_release", "apt_upgradable", "reboot_required")
    }
    values, errors = parse_facts(raw, probe_registry())
    facts = Facts(values=values, errors=errors, now=CASE_NOW)
    verdict = evaluate_check(checks["patch-os-supported"], facts)
    assert verdict.status == Status.PASS and verdict.message.startswith("Debian 12 (bookworm)")
    assert evaluate_check(checks["patch-reboot-required"], facts).status in (Status.PASS, Status.FAIL)


# --- probe bodies ------------------------------------------------------------------------------------------

_ALLOWED_VERBS = {"Get", "Test", "New", "Where", "ForEach", "Select", "Join", "Import", "Group", "Sort", "Read"}


@pytest.mark.parametrize("probe", PATCH_BACKUP_PROBES, ids=lambda p: p.name)
def test_probe_bodies_are_constant_read_only_windows_powershell_5(probe: Any) -> None:
    body = probe.command
    assert probe.shell == "powershell" and probe.name.startswith("win_")
    for ps7_only in ("??", "?.", "&&", "||", " ? ", "-Parallel", "-AsHashtable", "ConvertFrom-Json"):
        assert ps7_only not in body, ps7_only
    verbs = set(re.findall(r"\b([A-Z][a-z]+)-[A-Z][A-Za-z]+", body))
    assert verbs <= _ALLOWED_VERBS, verbs - _ALLOWED_VERBS
    for created in re.findall(r"New-Object\s+(.+)", body):
        assert created.strip() in ("-ComObject Microsoft.Update.Session", "-ComObject Microsoft.Update.AutoUpdate")
    assert "Invoke-Expression" not in body and "iex " not in body.lower() and "Start-Process" not in body
    assert "{0}" not in body and "-f " not in body  # never formatted with anything


def test_only_the_wsb_body_runs_an_executable_with_constant_arguments() -> None:
    calls = [(p.name, m) for p in PATCH_BACKUP_PROBES for m in re.findall(r"&\s*\$\w+[^\n|]*", p.command)]
    assert ("win_backup_wsb", "& $wbadmin get versions 2>&1 ") in calls
    assert {name for name, call in calls if "$wbadmin" in call} == {"win_backup_wsb"}


def test_offline_search_is_documented_and_set() -> None:
    assert "$searcher.Online = $false" in WIN_UPDATES_PENDING.command
    assert "IsInstalled=0 and IsHidden=0 and Type='Software'" in WIN_UPDATES_PENDING.command


def test_elevation_needs_are_declared() -> None:
    assert {p.name for p in PATCH_BACKUP_PROBES if p.needs_root} == {
        "win_backup_wsb",
        "win_backup_veeam",
        "win_shadow_copies",
    }


# --- end-of-support data ------------------------------------------------------------------------------------


def _win(build: str, edition: str, product_type: int = 1) -> WinOs:
    return WinOs(
        caption="Microsoft Windows",
        version=f"10.0.{build}",
        build_number=build,
        current_build=build,
        product_type=product_type,
        edition_id=edition,
        installation_type="Server" if product_type != 1 else "Client",
    )


@pytest.mark.parametrize(
    ("build", "edition", "product_type", "name", "final"),
    [
        ("20348", "ServerDatacenter", 3, "Windows Server 2022", date(2031, 10, 14)),
        ("17763", "ServerStandard", 2, "Windows Server 2019", date(2029, 1, 9)),  # a domain controller
        ("17763", "EnterpriseS", 1, "Windows 10 Enterprise LTSC 2019", date(2029, 1, 9)),
        ("26100", "ServerStandard", 3, "Windows Server 2025", date(2034, 10, 10)),
        ("26100", "Professional", 1, "Windows 11 24H2 (Home/Pro)", date(2026, 10, 13)),
        ("26100", "Enterprise", 1, "Windows 11 24H2 (Enterprise/Education)", date(2027, 10, 12)),
        ("26100", "EnterpriseS", 1, "Windows 11 Enterprise LTSC 2024", date(2029, 10, 9)),
        ("26100", "IoTEnterpriseS", 1, "Windows 11 IoT Enterprise LTSC 2024", date(2034, 10, 10)),
        ("22631", "Education", 1, "Windows 11 23H2 (Enterprise/Education)", date(2026, 11, 10)),
        ("22631", "ProfessionalEducation", 1, "Windows 11 23H2 (Home/Pro)", date(2025, 11, 11)),
        ("19045", "Enterprise", 1, "Windows 10 22H2", date(2025, 10, 14)),
        ("18363", "Professional", 1, "Windows 10 1909 (Home/Pro)", date(2021, 5, 11)),
        ("18363", "Enterprise", 1, "Windows 10 1909 (Enterprise/Education)", date(2022, 5, 10)),
        ("19044", "IoTEnterpriseS", 1, "Windows 10 IoT Enterprise LTSC 2021", date(2032, 1, 13)),
    ],
)
def test_windows_release_lookup(build: str, edition: str, product_type: int, name: str, final: date) -> None:
    support = windows_support_for(_win(build, edition, product_type))
    assert support is not None, windows_keys(_win(build, edition, product_type))
    assert (support.name, support.final) == (name, final)


def test_windows_support_dates_are_patch_tuesdays_with_a_microsoft_source() -> None:
    for key, support in support_data()["windows"].items():
        assert re.fullmatch(r"(server|client|ltsc|iot-ltsc)-\d{4,5}(-enterprise)?", key), key
        for day in (support.standard, support.extended):
            if day is not None:
                assert day.weekday() == 1 and 8 <= day.day <= 14, (key, day)  # the second Tuesday
        assert support.source.startswith("https://learn.microsoft.com/en-us/lifecycle/products/"), key
        assert support.as_of == date(2026, 11, 23)


def test_unknown_windows_build_is_could_not_assess() -> None:
    checks = {check.id: check for check in load_checks(["patch-os-supported"])}
    facts = _facts({}, {})
    facts._values["win_os"] = _win("10586", "Professional")  # Windows 10 1511: not in eol.yaml
    verdict = evaluate_check(checks["patch-os-supported"], facts)
    assert verdict.status == Status.ERROR
    assert "build 10586" in verdict.message and "eol.yaml" in verdict.message


def test_wbadmin_version_identifier_is_utc() -> None:
    wsb = WIN_BACKUP_WSB.parse(raw_output(GOLDEN / "win_backup_wsb" / "gist-usb-disk.out"))
    newest = wsb.versions[-1]
    assert (newest.time, newest.utc) == (datetime(2018, 6, 13, 1, 7), datetime(2018, 6, 13, 7, 7, tzinfo=UTC))


def test_a_recorded_windows_host_through_evaluate_host() -> None:
    """The stored-run path: evidence in, verdicts and pending-update records (KB, severity, age) out."""
    from auditor.core.runmodel import Evidence
    from auditor.evaluate.engine import evaluate_host

    cases = {
        "win_os": SERVER_2022,
        "win_updates_pending": "server2022-oct2024",
        "win_update_status": "auto-updates-disabled",
        "win_hotfixes": "learn-get-hotfix-example",
        **_NO_BACKUP,
        "win_backup_wsb": "network-share-last-failed",
        "win_shadow_copies": "none",
    }
    registry = probe_registry()
    evidence = []
    for probe, case in cases.items():
        raw = raw_output(GOLDEN / probe / f"{case}.out")
        evidence.append(
            Evidence(
                probe=probe,
                command=registry[probe].command,
                stdout=raw.stdout,
                stderr=raw.stderr,
                exit_status=raw.exit_status,
            )
        )
    checks = load_checks(sorted(PATCH_BACKUP_CHECKS | SHARED_PATCH_CHECKS))
    result = evaluate_host(evidence, checks=checks, probes=registry, now=CASE_NOW, settings={})
    verdicts = {r.check_id: r.status for r in result.results}
    assert verdicts == {
        "patch-security-updates": Status.FAIL,
        "patch-pending-updates": Status.FAIL,
        "patch-sla-overdue": Status.FAIL,
        "patch-reboot-required": Status.PASS,
        "patch-os-supported": Status.PASS,
        "patch-os-eol-soon": Status.PASS,
        "win-update-search-recent": Status.FAIL,
        "win-update-install-recent": Status.FAIL,
        "win-update-source-configured": Status.FAIL,
        "win-backup-tool-present": Status.PASS,
        "win-backup-recent": Status.FAIL,
        "win-backup-last-job-succeeded": Status.FAIL,
        "win-backup-offhost-target": Status.PASS,
        "win-backup-service-running": Status.NOT_APPLICABLE,
        "win-shadow-copies-recent": Status.FAIL,
    }
    assert result.os_release is not None and result.os_release.family == "windows"
    records = {u.package: u for u in result.pending_updates}
    assert set(records) == {"KB5044281", "KB5044035", "KB2267602"}
    cu = records["KB5044281"]
    assert (cu.manager, cu.vendor_severity, cu.age_days, cu.age_source, cu.sla_days, cu.overdue_days) == (
        "wua",
        "Critical",
        464,
        "advisory",
        14,
        450,
    )
    assert records["KB2267602"].age_days is None  # a definition update: no SLA
