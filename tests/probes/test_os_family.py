"""Family detection on the real /etc/os-release of 20 distributions (sources in golden/os_release/SOURCE.md)."""

from __future__ import annotations

import pytest

from auditor.probes.os_release import OS_RELEASE
from tests.probes.test_golden import GOLDEN, raw_output

EXPECTED = {
    "debian-11": ("debian", "11", "debian"),
    "debian12-root": ("debian", "12", "debian"),
    "lab-hardened-trixie": ("debian", "13", "debian"),
    "ubuntu-20.04": ("ubuntu", "20.04", "debian"),
    "ubuntu-22.04": ("ubuntu", "22.04", "debian"),
    "ubuntu-24.04": ("ubuntu", "24.04", "debian"),
    "rhel-8.7": ("rhel", "8.7", "rhel"),
    "rhel-9.6": ("rhel", "9.6", "rhel"),
    "rocky-9.3": ("rocky", "9.3", "rhel"),
    "almalinux-9.1": ("almalinux", "9.1", "rhel"),
    "centos-stream-9": ("centos", "9", "rhel"),
    "oracle-linux-9.3": ("ol", "9.3", "rhel"),
    "fedora-42": ("fedora", "42", "rhel"),
    "amazon-linux-2": ("amzn", "2", "rhel"),
    "amazon-linux-2023": ("amzn", "2023", "rhel"),
    "sles-15.6": ("sles", "15.6", "suse"),
    "opensuse-leap-15.4": ("opensuse-leap", "15.4", "suse"),
    "opensuse-tumbleweed": ("opensuse-tumbleweed", "20230304", "suse"),
    "alpine-3.23": ("alpine", "3.23.2", "alpine"),
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_family_of_real_os_release(case: str) -> None:
    fact = OS_RELEASE.parse(raw_output(GOLDEN / "os_release" / f"{case}.out"))
    assert (fact.id, fact.version_id, fact.family) == EXPECTED[case]
