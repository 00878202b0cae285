"""patch-automatic-updates: security updates install themselves.

Small fleets are patched late because patching waits for a person. unattended-upgrades installs
security updates daily; it only runs when APT::Periodic::Unattended-Upgrade is a non-zero
interval (apt's default is 0, off), APT::Periodic::Enable is not "0", and it has origins to take
updates from.
"""

from __future__ import annotations

from auditor.checkdef import Applicability, Case, Check, CheckMeta, Facts, Verdict
from auditor.models import Category, Severity, Status
from auditor.probes.apt_config import APT_CONFIG
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="patch-automatic-updates",
    title="Automatic security updates are enabled",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "Automatic installation of security updates closes the window between a fix being published "
        "and it being applied, without waiting for a maintenance visit."
    ),
    remediation=(
        "apt-get install unattended-upgrades, then dpkg-reconfigure -plow unattended-upgrades "
        '(writes APT::Periodic::Unattended-Upgrade "1" to /etc/apt/apt.conf.d/20auto-upgrades).'
    ),
    applies_to=Applicability(families=frozenset({"debian"})),
    facts=(PACKAGES.name, APT_CONFIG.name),
    references={
        "cis-v8": ("7.3",),
        "nist-csf-2": ("PR.PS-02",),
        "iso27001-2022": ("A.8.8",),
        "essential-eight": ("Patch operating systems",),
    },
)


def _off(value: str | None) -> bool:
    """apt.systemd.daily treats an unset or zero interval as disabled."""
    return value is None or value.strip() in ("", "0")


def evaluate(facts: Facts) -> Verdict:
    packages = facts.get(PACKAGES)
    if packages.manager != "dpkg":
        return Verdict.cannot_assess("no dpkg package database on a Debian-family host")
    if not packages.installed(("unattended-upgrades",)):
        return Verdict.failed("unattended-upgrades is not installed")
    config = facts.get(APT_CONFIG)
    if not config.installed:
        return Verdict.cannot_assess("apt-config not found")
    interval = config.periodic("Unattended-Upgrade")
    details = (
        f"APT::Periodic::Unattended-Upgrade: {interval or 'unset'}",
        f"APT::Periodic::Update-Package-Lists: {config.periodic('Update-Package-Lists') or 'unset'}",
    )
    if config.periodic("Enable") == "0":
        return Verdict.failed('APT::Periodic::Enable is "0": periodic apt jobs are disabled', details)
    if _off(interval):
        return Verdict.failed("unattended-upgrades is installed but not enabled", details)
    if not config.origins:
        return Verdict.failed("unattended-upgrades has no origins to install from", details)
    return Verdict.passed(f"unattended-upgrades runs every {interval} day(s)", config.origins)


_ORIGINS = {
    "Unattended-Upgrade::Origins-Pattern": [
        "origin=Debian,codename=${distro_codename},label=Debian",
        "origin=Debian,codename=${distro_codename},label=Debian-Security",
        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security",
    ]
}
_INSTALLED = {"manager": "dpkg", "packages": {"unattended-upgrades": "2.9.1+nmu3", "apt": "2.6.1"}}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "enabled (Debian defaults after dpkg-reconfigure)",
            {
                "packages": _INSTALLED,
                "apt_config": {
                    "installed": True,
                    "values": {"APT::Periodic::Update-Package-Lists": "1", "APT::Periodic::Unattended-Upgrade": "1"},
                    "lists": _ORIGINS,
                },
            },
            Status.PASS,
        ),
        Case(
            "not installed",
            {"packages": {"manager": "dpkg", "packages": {"apt": "2.6.1"}}, "apt_config": {"installed": True}},
            Status.FAIL,
        ),
        Case(
            "installed, interval 0",
            {
                "packages": _INSTALLED,
                "apt_config": {
                    "installed": True,
                    "values": {"APT::Periodic::Update-Package-Lists": "0", "APT::Periodic::Unattended-Upgrade": "0"},
                    "lists": _ORIGINS,
                },
            },
            Status.FAIL,
        ),
        Case(
            "installed, 20auto-upgrades missing (interval unset)",
            {"packages": _INSTALLED, "apt_config": {"installed": True, "lists": _ORIGINS}},
            Status.FAIL,
        ),
        Case(
            "enabled but periodic jobs switched off",
            {
                "packages": _INSTALLED,
                "apt_config": {
                    "installed": True,
                    "values": {"APT::Periodic::Enable": "0", "APT::Periodic::Unattended-Upgrade": "1"},
                    "lists": _ORIGINS,
                },
            },
            Status.FAIL,
        ),
        Case(
            "enabled but no origins",
            {
                "packages": _INSTALLED,
                "apt_config": {"installed": True, "values": {"APT::Periodic::Unattended-Upgrade": "1"}},
            },
            Status.FAIL,
        ),
        Case(
            "package list unavailable",
            {"packages": "dpkg-query failed (exit 2): ", "apt_config": {"installed": True}},
            Status.ERROR,
        ),
    ),
)
