"""patch-security-updates: no security update may be waiting to be installed.

Security updates close known, published vulnerabilities; every day one is pending the host is
exposed to exploits that are public. The list comes from the host's own apt metadata, so it is
only trusted when that metadata is fresh: with stale lists an empty list proves nothing (error),
while updates that are listed are certainly pending (fail).
"""

from __future__ import annotations

from auditor.checkdef import Applicability, Case, Check, CheckMeta, Facts, Verdict
from auditor.models import Category, Severity, Status
from auditor.probes.apt_lists import APT_LISTS
from auditor.probes.apt_upgradable import APT_UPGRADABLE, Upgrade

META = CheckMeta(
    id="patch-security-updates",
    title="No pending security updates",
    category=Category.PATCH,
    severity=Severity.HIGH,
    rationale=(
        "Pending security updates are fixes for publicly known vulnerabilities that the host does not "
        "have yet; attackers scan for exactly these."
    ),
    remediation="Install the updates (apt-get update && apt-get upgrade) and enable unattended-upgrades.",
    applies_to=Applicability(families=frozenset({"debian"})),
    facts=(APT_UPGRADABLE.name, APT_LISTS.name),
    references={
        "cis-v8": ("7.3",),
        "nist-csf-2": ("ID.RA-01", "PR.PS-02"),
        "iso27001-2022": ("A.8.8",),
        "cyber-essentials": ("Security update management",),
        "essential-eight": ("Patch operating systems",),
    },
)

DEFAULT_MAX_LIST_AGE_DAYS = 7


def describe(upgrade: Upgrade) -> str:
    origin = next((o for o in upgrade.origins if "security" in o.lower()), ", ".join(upgrade.origins))
    current = upgrade.current or "(new)"
    return f"{upgrade.package} {current} -> {upgrade.candidate} ({origin})"


def evaluate(facts: Facts) -> Verdict:
    upgradable = facts.get(APT_UPGRADABLE)
    if not upgradable.installed:
        return Verdict.cannot_assess("apt-get not found on a Debian-family host")
    stale = facts.get(APT_LISTS).staleness(float(facts.setting("apt_lists_max_age_days", DEFAULT_MAX_LIST_AGE_DAYS)))
    pending = upgradable.security
    if pending:
        note = f"; {stale}, so there may be more" if stale else ""
        more = " (list truncated)" if upgradable.truncated else ""
        return Verdict.failed(
            f"{len(pending)} security update(s) pending{more}{note}", tuple(describe(u) for u in pending)
        )
    if stale:
        return Verdict.cannot_assess(f"{stale}; pending-update data is untrustworthy")
    return Verdict.passed("no security updates pending")


_FRESH = {"now_epoch": 1768478400, "present": True, "release_files": {"/var/lib/apt/lists/x_InRelease": 1768470000}}
_STALE = {"now_epoch": 1768478400, "present": True, "release_files": {"/var/lib/apt/lists/x_InRelease": 1766000000}}
_SECURITY_UPGRADE = {
    "package": "libssl3",
    "current": "3.0.19-1~deb12u2",
    "candidate": "3.0.22-1~deb12u2",
    "origins": ["Debian-Security:12/oldstable-security"],
    "security": True,
}
_OTHER_UPGRADE = {
    "package": "bash",
    "current": "5.2.15-2+b8",
    "candidate": "5.2.15-2+b13",
    "origins": ["Debian:12.15/oldstable"],
    "security": False,
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "nothing pending",
            {"apt_upgradable": {"installed": True, "upgrades": []}, "apt_lists": _FRESH},
            Status.PASS,
        ),
        Case(
            "only non-security updates pending",
            {"apt_upgradable": {"installed": True, "upgrades": [_OTHER_UPGRADE]}, "apt_lists": _FRESH},
            Status.PASS,
        ),
        Case(
            "security update pending",
            {
                "apt_upgradable": {"installed": True, "upgrades": [_OTHER_UPGRADE, _SECURITY_UPGRADE]},
                "apt_lists": _FRESH,
            },
            Status.FAIL,
        ),
        Case(
            "security update pending, lists stale: still certainly pending",
            {"apt_upgradable": {"installed": True, "upgrades": [_SECURITY_UPGRADE]}, "apt_lists": _STALE},
            Status.FAIL,
        ),
        Case(
            "nothing pending but lists 28 days old",
            {"apt_upgradable": {"installed": True, "upgrades": []}, "apt_lists": _STALE},
            Status.ERROR,
        ),
        Case(
            "stale lists tolerated by a per-host setting",
            {"apt_upgradable": {"installed": True, "upgrades": []}, "apt_lists": _STALE},
            Status.PASS,
            settings={"apt_lists_max_age_days": 30},
        ),
        Case(
            "no apt lists at all",
            {
                "apt_upgradable": {"installed": True, "upgrades": []},
                "apt_lists": {"now_epoch": 1768478400, "present": True, "release_files": {}},
            },
            Status.ERROR,
        ),
        Case(
            "simulation failed",
            {
                "apt_upgradable": "apt-get -s dist-upgrade failed (exit 100): E: The package cache file is corrupted",
                "apt_lists": _FRESH,
            },
            Status.ERROR,
        ),
        Case(
            "not a Debian-family host",
            {
                "os_release": {
                    "id": "rocky",
                    "id_like": ["rhel", "centos", "fedora"],
                    "version_id": "9.4",
                    "family": "rhel",
                },
                "apt_upgradable": {"installed": False},
                "apt_lists": {"now_epoch": 1768478400, "present": False},
            },
            Status.NOT_APPLICABLE,
        ),
    ),
)
