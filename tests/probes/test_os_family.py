"""Family detection on the real /etc/os-release of 20 distributions (sources in golden/os_release/SOURCE.md)."""

from __future__ import annotations

import pytest

from auditor.probes.base import RawOutput
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
    # no ID_LIKE: known by their ID
    "deepin-20.4": ("deepin", "20.4", "debian"),
    "devuan-ascii": ("devuan", "", "debian"),
    "manjaro-17.1": ("manjaro", "", "arch"),
    "openeuler-20.03": ("openeuler", "20.03", "rhel"),
    "euleros-2.0-sp9": ("euleros", "2.0", "rhel"),
    # "kylin" is an RPM server and an apt desktop: the package manager decides
    "kylin-server-v10": ("kylin", "V10", "rhel"),
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_family_of_real_os_release(case: str) -> None:
    fact = OS_RELEASE.parse(raw_output(GOLDEN / "os_release" / f"{case}.out"))
    assert (fact.id, fact.version_id, fact.family) == EXPECTED[case]


def _with_managers(text: str, managers: str) -> RawOutput:
    return RawOutput(stdout=f"{text}\n#auditor managers {managers}\n", stderr="", exit_status=0)


@pytest.mark.parametrize(
    ("managers", "family", "source"),
    [
        ("apt-get", "debian", "package manager"),
        ("dnf yum", "rhel", "package manager"),
        ("zypper", "suse", "package manager"),
        ("pacman", "arch", "package manager"),
        ("apk", "alpine", "package manager"),
        ("apt-get dnf", "unknown", ""),  # a mix: no guess
        ("", "unknown", ""),
    ],
)
def test_unknown_id_falls_back_on_the_package_manager(managers: str, family: str, source: str) -> None:
    fact = OS_RELEASE.parse(_with_managers('ID=someos\nNAME="Some OS"', managers))
    assert (fact.family, fact.family_source) == (family, source)


def test_os_release_family_wins_over_the_managers_present() -> None:
    """A Debian host with dnf installed (for building RPMs, say) is still Debian."""
    fact = OS_RELEASE.parse(_with_managers("ID=debian", "apt-get dnf"))
    assert (fact.family, fact.family_source, fact.managers) == ("debian", "os-release", ("apt-get", "dnf"))


def test_a_managers_line_inside_the_file_cannot_pose_as_the_probes_own() -> None:
    """The probe prints its line after the file; the last one counts, and unknown names are dropped."""
    text = "ID=kylin\n#auditor managers zypper\n"
    fact = OS_RELEASE.parse(_with_managers(text, "apt-get rm-rf"))
    assert (fact.family, fact.managers) == ("debian", ("apt-get",))


def test_the_probe_lists_this_machines_manager() -> None:
    import subprocess

    done = subprocess.run(["sh", "-c", OS_RELEASE.command], capture_output=True, text=True, check=True)
    fact = OS_RELEASE.parse(RawOutput(stdout=done.stdout, stderr=done.stderr, exit_status=done.returncode))
    assert "apt-get" in fact.managers  # the development and CI machines are Debian
