"""patch-security-updates: no security update may be waiting to be installed.

Security updates close known, published vulnerabilities; every day one is pending the host is
exposed to exploits that are public. The list comes from the host's own package manager
(auditor.checklib.updates: apt pockets, dnf/yum updateinfo advisories, zypper security patches), so it is
only trusted when that metadata is fresh: with stale metadata an empty list proves nothing
(error), while updates that are listed are certainly pending (fail). A dnf/yum host whose
repositories carry no advisories at all (CentOS Stream, CentOS 7) cannot tell security updates
apart: pending updates there are "could not assess", not pass. Alpine's apk has no security
metadata, so the check does not apply there (patch-pending-updates covers Alpine). On Windows the
list is the Windows Update Agent's offline search (MSRC-rated, Security Updates or Critical Updates),
trusted while the client's last successful search is within the same metadata age limit.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.updates import (
    APT_LISTS_MAX_AGE,
    CASE_SERVER_2022,
    PACKAGE_METADATA_MAX_AGE,
    SOURCE_FACTS,
    WAITS_FOR_STACK,
    PendingUpdate,
    pending_updates,
    update_source,
)
from auditor.core.models import Category, Severity, Status

META = CheckMeta(
    id="patch-security-updates",
    title="No pending security updates",
    rule=(
        "Fails when the package manager lists any pending update from a security source or advisory; not "
        "assessed when its metadata is missing or stale, or its repositories carry no security advisories "
        "while updates are pending."
    ),
    category=Category.PATCH,
    severity=Severity.HIGH,
    rationale=(
        "Pending security updates are fixes for publicly known vulnerabilities that the host does not "
        "have yet; attackers scan for exactly these."
    ),
    remediation=(
        "Install the updates (Debian/Ubuntu: apt-get update && apt-get upgrade; RHEL family: dnf upgrade --security; "
        "SUSE: zypper patch --category security; Windows: approve and install them through WSUS / Windows Update "
        "for Business, or Settings > Windows Update) and enable automatic security updates."
    ),
    applies_to=Applicability(families=frozenset({"debian", "rhel", "suse", "windows"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=20,
        en=PlainWords(
            meaning="Security fixes that are already published are missing on this system.",
            why=(
                "Attackers scan the internet for systems missing exactly these fixes, because the weaknesses they "
                "close are public knowledge."
            ),
            fix="Install the pending security updates and have them install automatically from now on.",
        ),
        fr=PlainWords(
            meaning="Des correctifs de sécurité déjà publiés manquent sur ce système.",
            why=(
                "Les attaquants recherchent sur Internet les systèmes auxquels il manque précisément ces "
                "correctifs, car les failles qu'ils corrigent sont connues de tous."
            ),
            fix="Installer les mises à jour de sécurité en attente et les faire installer automatiquement à l'avenir.",
        ),
    ),
    facts=SOURCE_FACTS,
    references={
        "cis-v8": ("7.3",),
        "nist-csf-2": ("ID.RA-01", "PR.PS-02"),
        "iso27001-2022": ("A.8.8",),
        "cyber-essentials": ("Security update management",),
        "essential-eight": ("Patch operating systems",),
    },
    settings=(APT_LISTS_MAX_AGE, PACKAGE_METADATA_MAX_AGE),
    fixes=("apt-upgrade",),
)

DEFAULT_MAX_LIST_AGE_DAYS = 7


def max_metadata_age(facts: Facts) -> float:
    """package_metadata_max_age_days, else the older apt_lists_max_age_days, else 7 days."""
    return float(
        facts.setting(
            "package_metadata_max_age_days", facts.setting("apt_lists_max_age_days", DEFAULT_MAX_LIST_AGE_DAYS)
        )
    )


def describe(update: PendingUpdate) -> str:
    """`package current -> candidate (where from / which advisory)`; the package name comes first.

    A Windows update has no versions: `KB title (severity; CVEs; released date)`.
    """
    if update.manager == "wua":
        notes = [n for n in (update.vendor_severity or update.origin, ", ".join(update.cves[:5])) if n]
        released = f"released {update.issued.isoformat()}" if update.issued else ""
        return f"{update.package} {update.candidate} ({'; '.join([*notes, released] if released else notes)})"
    current = update.current or "(new)"
    waits = WAITS_FOR_STACK if WAITS_FOR_STACK in update.origin else ""
    notes = [n for n in (update.advisory, update.vendor_severity, ", ".join(update.cves[:5]), waits) if n]
    where = "; ".join(notes) if notes else update.origin
    return f"{update.package} {current} -> {update.candidate} ({where})"


def evaluate(facts: Facts) -> Verdict:
    source = update_source(facts, max_age_days=max_metadata_age(facts))
    if not source.present:
        return Verdict.cannot_assess(f"{source.name} not found on this host")
    updates = pending_updates(facts)
    pending = [u for u in updates if u.security]
    if pending:
        note = f"; {source.stale}, so there may be more" if source.stale else ""
        more = " (list truncated)" if source.truncated else ""
        return Verdict.failed(
            f"{len(pending)} security update(s) pending{more}{note}", tuple(describe(u) for u in pending)
        )
    if not source.labels_security and updates:
        return Verdict.cannot_assess(
            f"{len(updates)} update(s) pending, but the {source.name} repositories carry no security advisories, "
            "so none of them can be ruled out"
        )
    if source.stale:
        return Verdict.cannot_assess(f"{source.stale}; pending-update data is untrustworthy")
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

_RHEL = {"id": "rhel", "id_like": ["fedora"], "version_id": "9.6", "family": "rhel"}
_SUSE = {"id": "opensuse-leap", "id_like": ["suse", "opensuse"], "version_id": "16.0", "family": "suse"}
_ALPINE = {"id": "alpine", "version_id": "3.23.2", "family": "alpine"}
_REPOMD = {"/var/cache/dnf/rhel-9-baseos-rpms-1a2b3c4d5e6f7a8b/repodata/repomd.xml": 1768470000}
_OLD_REPOMD = {"/var/cache/dnf/rhel-9-baseos-rpms-1a2b3c4d5e6f7a8b/repodata/repomd.xml": 1765000000}
# From tests/probes/golden/dnf_updates/rhel9-security (recorded RHEL 9 updateinfo output).
_DNF_RHSA = {
    "installed": True,
    "manager": "dnf",
    "now_epoch": 1768478400,
    "repomd": _REPOMD,
    "updateinfo_cached": True,
    "updates": [
        {"package": "systemd-udev", "arch": "x86_64", "candidate": "252-55.el9_7.7", "current": "252-51.el9_6.2"},
        {"package": "tzdata", "arch": "noarch", "candidate": "2025c-1.el9", "current": "2025b-1.el9"},
    ],
    "advisories": [
        {
            "id": "RHSA-2025:22660",
            "severity": "Moderate",
            "issued": "2025-12-03",
            "cves": ["CVE-2025-4598"],
            "packages": ["systemd-udev-252-55.el9_7.7.x86_64"],
        }
    ],
}
# From tests/probes/golden/zypper_updates/leap16-security (recorded zypper XML).
_QEMU_PATCH = {
    "name": "openSUSE-Leap-16.0-112",
    "edition": "1",
    "category": "security",
    "severity": "important",
    "status": "needed",
    "issued": "2025-12-18",
    "cves": ["CVE-2025-11234", "CVE-2025-12464"],
}
_ZYPPER_QEMU = {
    "installed": True,
    "now_epoch": 1768478400,
    "repomd": {"/var/cache/zypp/raw/repo-oss/repodata/repomd.xml": 1768470000},
    "packages": [{"package": "qemu-guest-agent", "candidate": "10.0.7-160000.1.1", "current": "10.0.4-160000.1.1"}],
    "patches": [_QEMU_PATCH],
}

# Windows: from tests/probes/golden/win_updates_pending/server2022-oct2024 and win_update_status/wsus-managed,
# on the registry's default Server 2022 (win_os server-2022-datacenter).
_WIN_CU = {
    "kbs": ["KB5044281"],
    "title": "2024-10 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems "
    "(KB5044281)",
    "msrc_severity": "Critical",
    "classification": "Security Updates",
    "classification_id": "0fa1201d-4330-4fa8-8ae9-b877473b6441",
    "released": "2024-10-08",
    "downloaded": True,
    "cves": ["CVE-2024-43572", "CVE-2024-43573"],
}
_WIN_DEFINITIONS = {
    "kbs": ["KB2267602"],
    "title": "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.419.510.0)",
    "classification": "Definition Updates",
    "classification_id": "e0789628-ce08-4437-be74-2495b842f43b",
    "released": "2024-10-21",
}
_WIN_SEARCHED = {"service_enabled": True, "last_search_success": "2026-01-15T06:02:11Z"}
_WIN_NEVER_SEARCHED = {"service_enabled": True, "last_search_success": None}

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
            "Alpine: apk has no security metadata",
            {"os_release": _ALPINE, "apk_upgradable": {"installed": True, "now_epoch": 1768478400}},
            Status.NOT_APPLICABLE,
        ),
        Case(
            "RHEL 9: RHSA-2025:22660 pending (recorded updateinfo)",
            {"os_release": _RHEL, "dnf_updates": _DNF_RHSA},
            Status.FAIL,
        ),
        Case(
            "RHEL 9: only bugfix updates, advisories cached",
            {"os_release": _RHEL, "dnf_updates": {**_DNF_RHSA, "advisories": []}},
            Status.PASS,
        ),
        Case(
            "CentOS Stream: updates pending, repositories without updateinfo",
            {"os_release": _RHEL, "dnf_updates": {**_DNF_RHSA, "advisories": [], "updateinfo_cached": False}},
            Status.ERROR,
        ),
        Case(
            "RHEL 9: nothing pending but dnf cache 40 days old",
            {"os_release": _RHEL, "dnf_updates": {**_DNF_RHSA, "updates": [], "advisories": [], "repomd": _OLD_REPOMD}},
            Status.ERROR,
        ),
        Case(
            "RHEL 9: dnf cache missing (probe error)",
            {"os_release": _RHEL, "dnf_updates": "dnf check-update failed (exit 1): Error: Cache-only enabled"},
            Status.ERROR,
        ),
        Case(
            "openSUSE Leap 16: security patch needed (recorded XML)",
            {"os_release": _SUSE, "zypper_updates": _ZYPPER_QEMU},
            Status.FAIL,
        ),
        Case(
            "Windows Server 2022: October 2024 cumulative update pending (recorded WUA search)",
            {
                "win_os": CASE_SERVER_2022,
                "win_updates_pending": {"result_code": 2, "online": False, "updates": [_WIN_CU, _WIN_DEFINITIONS]},
                "win_update_status": _WIN_SEARCHED,
            },
            Status.FAIL,
        ),
        Case(
            "Windows: only a Defender definition update pending",
            {
                "win_os": CASE_SERVER_2022,
                "win_updates_pending": {"result_code": 2, "online": False, "updates": [_WIN_DEFINITIONS]},
                "win_update_status": _WIN_SEARCHED,
            },
            Status.PASS,
        ),
        Case(
            "Windows: nothing found, but the client never searched",
            {
                "win_os": CASE_SERVER_2022,
                "win_updates_pending": {"result_code": 2, "online": False},
                "win_update_status": _WIN_NEVER_SEARCHED,
            },
            Status.ERROR,
        ),
        Case(
            "Windows: WUA search denied",
            {
                "win_os": CASE_SERVER_2022,
                "win_updates_pending": "Windows Update search failed: UnauthorizedAccessException: Access is denied.",
                "win_update_status": _WIN_SEARCHED,
            },
            Status.ERROR,
        ),
        Case(
            "openSUSE Leap 16: patch already applied",
            {
                "os_release": _SUSE,
                "zypper_updates": {
                    **_ZYPPER_QEMU,
                    "patches": [{**_QEMU_PATCH, "status": "applied"}],
                },
            },
            Status.PASS,
        ),
    ),
)
