"""Matching pending updates to CVEs: dpkg version ordering, the neglected host's real pending updates
against a tracker excerpt of their own changelogs, KEV, EPSS and CVSS, and RPM/Windows CVE lists."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from auditor.checklib.checkdef import Facts
from auditor.checklib.updates import PendingUpdate
from auditor.evaluate.engine import parse_facts
from auditor.feeds.importer import import_file
from auditor.feeds.match import FeedLookup, fixes_between
from auditor.probes.registry import probe_registry
from tests.feeds.conftest import IMPORTED_AT
from tests.probes.test_golden import GOLDEN, raw_output

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("installed", "candidate", "fixed", "fixes"),
    [
        # epochs outrank everything after them
        ("1:1.2.13.dfsg-1", "1:1.2.13.dfsg-1+deb12u1", "1:1.2.13.dfsg-1+deb12u1", True),
        ("1:1.2.13.dfsg-1", "1:1.2.13.dfsg-1+deb12u1", "1.2.14-1", False),  # no epoch: older than 1:anything
        ("1.5", "2:1.0", "1:9.9", True),
        # a tilde sorts before everything, even the end of the string
        ("3.0.20-1~deb12u2", "3.0.22-1~deb12u2", "3.0.22-1~deb12u1", True),
        ("3.0.20-1~deb12u2", "3.0.22-1~deb12u1", "3.0.22-1", False),  # 3.0.22-1 > 3.0.22-1~deb12u1
        ("2.0~rc1-1", "2.0-1", "2.0~rc2-1", True),
        # +debNuM security and point releases
        ("5.36.0-7+deb12u3", "5.36.0-7+deb12u4", "5.36.0-7+deb12u4", True),
        ("5.36.0-7+deb12u3", "5.36.0-7+deb12u4", "5.36.0-7+deb12u3", False),  # already installed
        ("5.36.0-7+deb12u3", "5.36.0-7+deb12u4", "5.36.0-7+deb12u5", False),  # not in this candidate
        ("1.643-4+deb12u1", "1.643-4+deb12u4", "1.643-4+deb12u10", False),  # numeric, not lexical: u10 > u4
        # backports: ~bpo sorts below the release it backports
        ("1.2-1~bpo11+1", "1.2-1", "1.2-1~bpo11+2", True),
        ("1.2-1", "1.3-1", "1.2-1~bpo11+1", False),
        # +really: an upload that goes back to an older upstream behind a higher version
        ("2.5-1", "2.5+really2.4-1", "2.5+really2.4-1", True),
        ("2.5+really2.4-1", "2.6-1", "2.5+really2.4-2", True),
        ("2.5+really2.4-1", "2.6-1", "2.5-2", False),  # 2.5 < 2.5+really2.4: already installed
        ("2.5-1", "2.5+really2.4-1", "2.6-1", False),
        # a version string dpkg would refuse is never a match
        ("1.0-1", "1.1-1", "not a version!", False),
    ],
)
def test_dpkg_version_ordering(installed: str, candidate: str, fixed: str, fixes: bool) -> None:
    assert fixes_between(installed, candidate, fixed) is fixes


def _neglected() -> Facts:
    raw = {
        "apt_upgradable": raw_output(GOLDEN / "apt_upgradable" / "lab-neglected-bookworm.out"),
        "os_release": raw_output(GOLDEN / "os_release" / "lab-neglected-bookworm.out"),
    }
    values, errors = parse_facts(raw, probe_registry())
    return Facts(values=values, errors=errors, now=NOW)


def test_neglected_host_updates_carry_the_cves_their_changelogs_name(index: Path) -> None:
    lookup = FeedLookup(index)
    intel = lookup.host_intel(_neglected())
    perl = intel["apt:perl-base:5.36.0-7+deb12u4"]
    assert {"CVE-2026-7017", "CVE-2026-8376", "CVE-2025-15649"} <= set(perl.cves)
    assert perl.urgency == "high" and perl.kev is None
    ssl = intel["apt:libssl3:3.0.22-1~deb12u2"]
    # both uploads since the installed 3.0.20-1~deb12u2 count: deb12u1's six and deb12u2's six
    assert len(ssl.cves) == 12 and "CVE-2026-84782" in ssl.cves and "CVE-2026-63072" in ssl.cves
    assert intel["apt:zlib1g:1:1.2.13.dfsg-1+deb12u1"].cves == ("CVE-2026-27171", "CVE-2026-85091")
    assert "apt:tzdata:2026f-0+deb12u1" not in intel  # no CVE: a data update
    # binaries of one source share its CVEs (libperl5.36, perl, perl-base ... all from perl)
    assert intel["apt:libperl5.36:5.36.0-7+deb12u4"].cves == perl.cves
    lookup.close()


def test_kev_listing_epss_and_cvss_attach_to_the_update(index: Path, tmp_path: Path) -> None:
    kev = tmp_path / "kev.json"
    kev.write_text(
        json.dumps(
            {
                "catalogVersion": "2026.12.05",
                "dateReleased": "2026-12-05T15:00:00Z",
                "vulnerabilities": [
                    {
                        "cveID": "CVE-2026-84782",
                        "dateAdded": "2026-12-01",
                        "dueDate": "2026-12-22",
                        "knownRansomwareCampaignUse": "Known",
                    },
                    {
                        "cveID": "CVE-2026-35189",
                        "dateAdded": "2026-12-02",
                        "dueDate": "2026-12-16",
                        "knownRansomwareCampaignUse": "Unknown",
                    },
                ],
            }
        )
    )
    epss = tmp_path / "epss.csv"
    epss.write_text(
        "#model_version:v2025.03.14,score_date:2026-12-05T00:00:00Z\ncve,epss,percentile\nCVE-2026-84782,0.2,0.95\nCVE-2026-54872,0.4,0.97\n"
    )
    import_file(kev, index, now=IMPORTED_AT)
    import_file(epss, index, now=IMPORTED_AT)
    ssl = FeedLookup(index).host_intel(_neglected())["apt:libssl3:3.0.22-1~deb12u2"]
    assert ssl.kev is not None and ssl.kev.cve == "CVE-2026-35189"  # the sooner CISA due date of the two
    assert ssl.kev.due_date == date(2026, 12, 16) and not ssl.kev.known_ransomware
    assert ssl.epss is not None and (ssl.epss.cve, ssl.epss.score, ssl.epss.percentile) == ("CVE-2026-54872", 0.4, 0.97)


def test_ubuntu_uses_version_id_and_osv_cvss(index: Path) -> None:
    update = PendingUpdate(
        manager="apt", package="libssl3", source="openssl", current="3.0.2-0ubuntu1.4", candidate="3.0.2-0ubuntu1.6"
    )
    intel = FeedLookup(index).update_intel(update, distro="ubuntu", release="22.04")
    assert intel is not None and (intel.cves, intel.cvss, intel.urgency) == (("CVE-2022-1292",), 9.8, "medium")
    assert FeedLookup(index).update_intel(update, distro="ubuntu", release="24.04") is None
    assert FeedLookup(index).update_intel(update, distro="debian", release="bookworm") is None


def test_rpm_and_windows_cves_come_from_the_package_manager_and_gain_kev_and_epss(index: Path) -> None:
    dnf = PendingUpdate(
        manager="dnf", package="log4j", current="2.14.1-1", candidate="2.17.1-1", cves=("CVE-2021-44228",)
    )
    intel = FeedLookup(index).update_intel(dnf, distro="", release="")
    assert intel is not None and intel.kev is not None and intel.kev.known_ransomware
    assert intel.epss is not None and intel.epss.score == 0.94358
    kb = PendingUpdate(
        manager="wua", package="KB5044281", candidate="2024-10 Cumulative Update", cves=("CVE-2024-43572",)
    )
    found = FeedLookup(index).update_intel(kb, distro="", release="")
    assert found is not None and found.cves == ("CVE-2024-43572",) and found.kev is None and found.epss is None


def test_a_new_package_pulled_in_has_no_installed_version_to_compare(index: Path) -> None:
    new = PendingUpdate(manager="apt", package="libssl3", source="openssl", current="", candidate="3.0.22-1~deb12u2")
    assert FeedLookup(index).update_intel(new, distro="debian", release="bookworm") is None
