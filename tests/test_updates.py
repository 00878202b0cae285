"""pending_updates/update_source on every family, from the recorded golden outputs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from auditor.checklib.checkdef import Facts, FactUnavailable
from auditor.checklib.patchsla import update_age
from auditor.checklib.updates import (
    UPDATE_FACTS,
    host_family,
    normalise_severity,
    pending_updates,
    update_source,
)
from auditor.core.models import Severity
from auditor.evaluate.engine import parse_facts
from auditor.probes.registry import probe_registry
from tests.probes.test_golden import GOLDEN, raw_output

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def facts(**cases: str) -> Facts:
    raw = {probe: raw_output(GOLDEN / probe / f"{case}.out") for probe, case in cases.items()}
    values, errors = parse_facts(raw, probe_registry())
    return Facts(values=values, errors=errors, now=NOW)


@pytest.mark.parametrize(
    ("vendor", "normalised"),
    [
        ("Critical", Severity.CRITICAL),
        ("Important", Severity.HIGH),
        ("Moderate", Severity.MEDIUM),
        ("Low", Severity.LOW),
        ("critical", Severity.CRITICAL),
        ("important", Severity.HIGH),
        ("moderate", Severity.MEDIUM),
        ("low", Severity.LOW),
        ("unspecified", None),
        ("None", None),
        ("", None),
    ],
)
def test_severity_normalisation(vendor: str, normalised: Severity | None) -> None:
    assert normalise_severity(vendor) == normalised


def test_update_facts_name_every_manager_probe() -> None:
    assert UPDATE_FACTS == (
        "apt_upgradable",
        "dnf_updates",
        "zypper_updates",
        "apk_upgradable",
        "pacman_updates",
        "win_updates_pending",
    )
    assert set(UPDATE_FACTS) <= set(probe_registry())


def test_rhel_advisory_with_cves_severity_and_date() -> None:
    updates = {u.package: u for u in pending_updates(facts(os_release="rhel-9.6", dnf_updates="rhel9-security"))}
    assert set(updates) == {"systemd-udev", "tzdata", "vim-minimal"}
    systemd = updates["systemd-udev"]
    assert (systemd.manager, systemd.current, systemd.candidate) == ("dnf", "252-51.el9_6.2", "252-55.el9_7.7")
    assert systemd.security and systemd.advisory == "RHSA-2025:22660"
    assert (systemd.severity, systemd.vendor_severity) == (Severity.MEDIUM, "Moderate")
    assert systemd.cves == ("CVE-2025-4598",)
    assert systemd.issued == date(2025, 12, 3)
    assert systemd.key == "dnf:systemd-udev:252-55.el9_7.7"
    vim = updates["vim-minimal"]
    assert vim.security and vim.advisory == "RHSA-2025:20945" and vim.issued is None and vim.cves == ()
    assert vim.candidate == "2:8.2.2637-23.el9_7"
    assert not updates["tzdata"].security and updates["tzdata"].severity is None


def test_dnf5_advisory_date_from_the_list() -> None:
    (update,) = pending_updates(facts(os_release="fedora-42", dnf_updates="dnf5-security"))
    assert (update.package, update.current, update.candidate) == ("CQRlib", "1.1.1-4.fc29", "1.1.2-16.fc29")
    assert update.security and update.advisory == "FEDORA-2018-318f184113"
    assert update.severity == Severity.MEDIUM and update.issued == date(2019, 1, 20)


def test_real_fedora_check_update_rows_from_third_party_repositories() -> None:
    """dnf4 pads every column (trailing blanks included); dnf5 separates them by one space."""
    dnf4 = pending_updates(facts(os_release="fedora-42", dnf_updates="fedora40-no-updateinfo"))
    assert [(u.package, u.candidate) for u in dnf4] == [
        ("brave-browser", "1.71.121-1"),
        ("code", "1.95.0-1730153639.el8"),
        ("dkms", "3.1.1-1.fc40"),
    ]
    (dnf5,) = pending_updates(facts(os_release="fedora-42", dnf_updates="dnf5-third-party"))
    assert (dnf5.package, dnf5.candidate, dnf5.current) == ("warp-terminal", "v0.2024.10.29.08.02.stable_02-1", "")
    assert not dnf5.security


def test_yum_check_update_without_installed_versions() -> None:
    updates = pending_updates(facts(os_release="amazon-linux-2", dnf_updates="yum-el-check-update"))
    assert len(updates) == 15 and {u.manager for u in updates} == {"yum"}
    assert not any(u.security for u in updates)
    assert updates[10].package == "kernel" and updates[10].candidate == "2.6.38.6-26.fc15"


def test_zypper_packages_and_security_patch() -> None:
    updates = pending_updates(facts(os_release="sles-15.6", zypper_updates="leap16-security"))
    packages = [u for u in updates if not u.package.startswith("patch:")]
    first = packages[0]
    assert (first.package, first.current, first.candidate) == (
        "kernel-default",
        "6.12.0-160000.7.1",
        "6.12.0-160000.8.1",
    )
    assert len(packages) == 4 and not any(u.security for u in packages)
    (patch,) = [u for u in updates if u.package.startswith("patch:")]
    assert patch.package == "patch:openSUSE-Leap-16.0-112" and patch.advisory == "openSUSE-Leap-16.0-112"
    assert patch.security and patch.severity == Severity.HIGH and patch.vendor_severity == "important"
    assert patch.cves == ("CVE-2025-11234", "CVE-2025-12464") and patch.issued == date(2025, 12, 18)


def test_apk_upgrades_carry_no_security_label() -> None:
    updates = pending_updates(facts(os_release="alpine-3.23", apk_upgradable="alpine-upgrades"))
    assert [(u.package, u.current, u.candidate) for u in updates] == [
        ("libcrypto1.0", "1.0.1q-r0", "1.0.2m-r0"),
        ("libssl1.0", "1.0.1q-r0", "1.0.2m-r0"),
        ("nrpe", "2.14-r2", "2.15-r5"),
    ]
    assert not any(u.security for u in updates)
    source = update_source(facts(os_release="alpine-3.23", apk_upgradable="alpine-upgrades"), max_age_days=7)
    assert (source.manager, source.present, source.labels_security, source.stale) == ("apk", True, False, None)


def test_apt_lab_host_security_pocket() -> None:
    updates = pending_updates(facts(os_release="lab-neglected-bookworm", apt_upgradable="lab-neglected-bookworm"))
    assert updates and {u.manager for u in updates} == {"apt"}
    assert any(u.security and "security" in u.origin for u in updates)


def test_family_picks_the_manager_even_when_another_is_installed() -> None:
    """A Debian host with a dnf binary is judged by apt; its dnf fact is never read."""
    host = facts(os_release="debian12-root", apt_upgradable="debian12-root", dnf_updates="no-cache")
    assert {u.manager for u in pending_updates(host)} == {"apt"}


def test_unreadable_manager_is_could_not_assess() -> None:
    with pytest.raises(FactUnavailable, match="Cache-only enabled"):
        pending_updates(facts(os_release="rhel-8.7", dnf_updates="no-cache"))


def test_stale_metadata_and_missing_updateinfo() -> None:
    stale = update_source(facts(os_release="rocky-9.3", dnf_updates="fedora-up-to-date-stale-cache"), max_age_days=7)
    assert stale.stale == "dnf metadata is 40 days old (limit 7)"
    no_advisories = update_source(facts(os_release="fedora-42", dnf_updates="fedora40-no-updateinfo"), max_age_days=7)
    assert no_advisories.labels_security is False and no_advisories.stale is None


def test_unknown_family_uses_the_manager_that_is_there() -> None:
    host = facts(
        os_release="debian12-root",
        apt_upgradable="no-apt-get",
        dnf_updates="absent",
        zypper_updates="absent",
        apk_upgradable="alpine-upgrades",
    )
    host._values["os_release"] = host._values["os_release"].model_copy(update={"family": "unknown"})
    assert [u.manager for u in pending_updates(host)] == ["apk", "apk", "apk"]


# --- Windows: the WUA search through the same code -----------------------------------------------


def test_windows_updates_map_to_pending_updates() -> None:
    host = facts(
        win_os="server-2022-datacenter", win_updates_pending="server2022-oct2024", win_update_status="wsus-managed"
    )
    assert host_family(host) == "windows"
    updates = {u.package: u for u in pending_updates(host)}
    assert set(updates) == {"KB5044281", "KB5044035", "KB2267602"}
    cu = updates["KB5044281"]
    assert (cu.manager, cu.advisory, cu.vendor_severity, cu.severity) == (
        "wua",
        "KB5044281",
        "Critical",
        Severity.CRITICAL,
    )
    assert cu.security and cu.issued == date(2024, 10, 8) and cu.origin == "Security Updates"
    assert cu.cves == ("CVE-2024-43572", "CVE-2024-43573")
    assert cu.candidate.startswith("2024-10 Cumulative Update for Microsoft server operating system version 21H2")
    assert cu.key == f"wua:KB5044281:{cu.candidate}"
    assert updates["KB5044035"].severity == Severity.HIGH
    definitions = updates["KB2267602"]
    assert (definitions.security, definitions.severity, definitions.origin) == (False, None, "Definition Updates")


def test_windows_update_age_runs_from_the_release_date() -> None:
    host = facts(
        win_os="server-2022-datacenter", win_updates_pending="server2022-oct2024", win_update_status="wsus-managed"
    )
    cu = next(u for u in pending_updates(host) if u.package == "KB5044281")
    age = update_age(cu, now=NOW, first_seen={}, settings={})
    assert age is not None
    assert (age.since_source, age.age_days, age.sla_days, age.overdue_days) == ("advisory", 464, 14, 450)


def test_windows_classification_guid_decides_not_the_localised_name() -> None:
    host = facts(win_os="server-2022-datacenter", win_updates_pending="ms-store-german-classification")
    (update,) = pending_updates(host)
    assert update.security and update.origin == "Security Updates"


def test_windows_source_freshness_from_the_last_search() -> None:
    fresh = facts(win_os="server-2022-datacenter", win_updates_pending="up-to-date", win_update_status="wsus-managed")
    source = update_source(fresh, max_age_days=7)
    assert (source.manager, source.present, source.labels_security, source.stale) == (
        "Windows Update",
        True,
        True,
        None,
    )
    old = facts(
        win_os="server-2022-datacenter", win_updates_pending="up-to-date", win_update_status="auto-updates-disabled"
    )
    assert update_source(old, max_age_days=7).stale == "Windows Update last searched successfully 74 days ago (limit 7)"
    unknown = facts(win_os="server-2022-datacenter", win_updates_pending="up-to-date")
    assert update_source(unknown, max_age_days=7).stale == (
        "the last Windows Update search time is unknown (fact 'win_update_status' was not collected)"
    )


def test_windows_search_failure_is_could_not_assess() -> None:
    with pytest.raises(FactUnavailable, match="E_ACCESSDENIED"):
        pending_updates(facts(win_os="server-2022-datacenter", win_updates_pending="access-denied"))


def test_no_identity_at_all_raises_the_linux_reason() -> None:
    with pytest.raises(FactUnavailable, match="os_release"):
        host_family(facts())
