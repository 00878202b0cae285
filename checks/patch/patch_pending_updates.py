"""patch-pending-updates: every available package update is installed.

Non-security updates matter too: they carry bug fixes, and a backlog of them makes the next
security update bigger and riskier to install. Same freshness rule as patch-security-updates,
on every family: apt, dnf/yum, zypper (package updates and pending patches) and apk, and on Windows
every update the Windows Update Agent's search found not installed (definition updates included).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.updates import (
    APT_LISTS_MAX_AGE,
    CASE_SERVER_2022,
    PACKAGE_METADATA_MAX_AGE,
    SOURCE_FACTS,
    pending_updates,
    update_source,
)
from auditor.core.models import Category, Severity, Status
from auditor.probes.apt_upgradable import APT_UPGRADABLE

META = CheckMeta(
    id="patch-pending-updates",
    title="No pending package updates",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "Outstanding updates accumulate into large, risky change sets and leave known bugs in place; "
        "a host that is kept current is patched quickly when a security fix arrives."
    ),
    remediation=(
        "Install pending updates regularly in a maintenance window (apt-get update && apt-get dist-upgrade; "
        "dnf upgrade; zypper update / zypper patch; apk update && apk upgrade; Windows: approve and install "
        "through WSUS / Windows Update for Business, or Settings > Windows Update)."
    ),
    applies_to=Applicability(families=frozenset({"debian", "rhel", "suse", "alpine", "arch", "windows"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=20,
        en=PlainWords(
            meaning="Ordinary software updates (bug and stability fixes) have been waiting on this system.",
            why=(
                "The longer updates wait, the bigger and riskier the eventual catch-up becomes, and the slower an "
                "urgent security fix can go out."
            ),
            fix="Install the outstanding updates in a planned maintenance window every month.",
        ),
        fr=PlainWords(
            meaning=(
                "Des mises à jour logicielles ordinaires (corrections de bugs et de stabilité) attendent sur ce "
                "système."
            ),
            why=(
                "Plus les mises à jour attendent, plus le rattrapage sera lourd et risqué, et plus un correctif "
                "urgent mettra de temps à être déployé."
            ),
            fix="Installer les mises à jour en attente lors d'une fenêtre de maintenance planifiée chaque mois.",
        ),
    ),
    facts=SOURCE_FACTS,
    references={
        "cis-v8": ("7.3",),
        "nist-csf-2": ("PR.PS-02",),
        "iso27001-2022": ("A.8.8",),
    },
    settings=(APT_LISTS_MAX_AGE, PACKAGE_METADATA_MAX_AGE),
    fixes=("apt-upgrade",),
)

DEFAULT_MAX_LIST_AGE_DAYS = 7
DETAIL_LIMIT = 200


def evaluate(facts: Facts) -> Verdict:
    limit = float(
        facts.setting(
            "package_metadata_max_age_days", facts.setting("apt_lists_max_age_days", DEFAULT_MAX_LIST_AGE_DAYS)
        )
    )
    source = update_source(facts, max_age_days=limit)
    if not source.present:
        return Verdict.cannot_assess(f"{source.name} not found on this host")
    pending = pending_updates(facts)
    if pending:
        security = sum(1 for u in pending if u.security)
        note = f"; {source.stale}, so there may be more" if source.stale else ""
        details = tuple(
            f"{u.package} {u.candidate}"
            if u.manager == "wua"
            else f"{u.package} {u.current or '(new)'} -> {u.candidate}"
            for u in pending[:DETAIL_LIMIT]
        )
        if len(pending) > DETAIL_LIMIT:
            details += (f"... and {len(pending) - DETAIL_LIMIT} more",)
        return Verdict.failed(f"{len(pending)} update(s) pending, {security} of them security{note}", details)
    if source.stale:
        return Verdict.cannot_assess(f"{source.stale}; pending-update data is untrustworthy")
    phased = facts.get(APT_UPGRADABLE).phased if source.manager == "apt" else ()
    if phased:
        return Verdict.passed(
            f"no updates pending; {len(phased)} deferred by Ubuntu's phased rollout", tuple(phased[:DETAIL_LIMIT])
        )
    return Verdict.passed("no updates pending")


_FRESH = {"now_epoch": 1768478400, "present": True, "release_files": {"/var/lib/apt/lists/x_InRelease": 1768470000}}
_STALE = {"now_epoch": 1768478400, "present": True, "release_files": {"/var/lib/apt/lists/x_InRelease": 1766000000}}
_UPGRADE = {
    "package": "bash",
    "current": "5.2.15-2+b8",
    "candidate": "5.2.15-2+b13",
    "origins": ["Debian:12.15/oldstable"],
}
_ALPINE = {"id": "alpine", "version_id": "3.23.2", "family": "alpine"}
_RHEL = {"id": "rocky", "id_like": ["rhel", "centos", "fedora"], "version_id": "9.3", "family": "rhel"}
_SUSE = {"id": "sles", "id_like": ["suse"], "version_id": "15.6", "family": "suse"}
_INDEX = {"/var/cache/apk/APKINDEX.4a36e8f5.tar.gz": 1768470000}
# From tests/probes/golden/apk_upgradable/alpine-upgrades (recorded `apk version -l '<'`).
_APK = {
    "installed": True,
    "now_epoch": 1768478400,
    "indexes": _INDEX,
    "upgrades": [{"package": "libssl1.0", "current": "1.0.1q-r0", "candidate": "1.0.2m-r0"}],
}
_DNF = {
    "installed": True,
    "manager": "dnf",
    "now_epoch": 1768478400,
    "repomd": {"/var/cache/dnf/baseos-1a2b/repodata/repomd.xml": 1768470000},
    "updates": [{"package": "glibc", "arch": "x86_64", "candidate": "2.28-26.fc29", "current": "2.28-9.fc29"}],
}
_ZYPPER = {
    "installed": True,
    "now_epoch": 1768478400,
    "repomd": {"/var/cache/zypp/raw/repo-oss/repodata/repomd.xml": 1768470000},
}

# Windows: from tests/probes/golden/win_updates_pending/server2022-oct2024 (the .NET update) and
# win_update_status/wsus-managed / auto-updates-disabled.
_WIN_NET = {
    "kbs": ["KB5044035"],
    "title": "2024-10 Cumulative Update for .NET Framework 3.5 and 4.8.1 for Microsoft server operating system version "
    "21H2 for x64 (KB5044035)",
    "msrc_severity": "Important",
    "classification": "Security Updates",
    "classification_id": "0fa1201d-4330-4fa8-8ae9-b877473b6441",
    "released": "2024-10-08",
}
_WIN_SEARCHED = {"service_enabled": True, "last_search_success": "2026-01-15T06:02:11Z"}
_WIN_OLD_SEARCH = {"service_enabled": True, "last_search_success": "2025-11-02T09:14:03Z"}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("up to date", {"apt_upgradable": {"installed": True}, "apt_lists": _FRESH}, Status.PASS),
        Case(
            "one update pending",
            {"apt_upgradable": {"installed": True, "upgrades": [_UPGRADE]}, "apt_lists": _FRESH},
            Status.FAIL,
        ),
        Case(
            "nothing pending, stale lists", {"apt_upgradable": {"installed": True}, "apt_lists": _STALE}, Status.ERROR
        ),
        Case("apt-get missing", {"apt_upgradable": {"installed": False}, "apt_lists": _FRESH}, Status.ERROR),
        Case("Alpine: upgrades pending", {"os_release": _ALPINE, "apk_upgradable": _APK}, Status.FAIL),
        Case(
            "Alpine: nothing pending, fresh indexes",
            {"os_release": _ALPINE, "apk_upgradable": {**_APK, "upgrades": []}},
            Status.PASS,
        ),
        Case(
            "Alpine: nothing pending, no cached index",
            {"os_release": _ALPINE, "apk_upgradable": {**_APK, "upgrades": [], "indexes": {}}},
            Status.ERROR,
        ),
        Case("Rocky 9: glibc update pending", {"os_release": _RHEL, "dnf_updates": _DNF}, Status.FAIL),
        Case("Rocky 9: up to date", {"os_release": _RHEL, "dnf_updates": {**_DNF, "updates": []}}, Status.PASS),
        Case("SLES 15: up to date", {"os_release": _SUSE, "zypper_updates": _ZYPPER}, Status.PASS),
        Case(
            "Windows Server 2022: .NET cumulative update pending",
            {
                "win_os": CASE_SERVER_2022,
                "win_updates_pending": {"result_code": 2, "online": False, "updates": [_WIN_NET]},
                "win_update_status": _WIN_SEARCHED,
            },
            Status.FAIL,
        ),
        Case(
            "Windows Server 2022: nothing pending, searched this morning",
            {
                "win_os": CASE_SERVER_2022,
                "win_updates_pending": {"result_code": 2, "online": False},
                "win_update_status": _WIN_SEARCHED,
            },
            Status.PASS,
        ),
        Case(
            "Windows: nothing pending, last search 74 days ago",
            {
                "win_os": CASE_SERVER_2022,
                "win_updates_pending": {"result_code": 2, "online": False},
                "win_update_status": _WIN_OLD_SEARCH,
            },
            Status.ERROR,
        ),
        Case(
            "SLES 15: zypper missing",
            {"os_release": _SUSE, "zypper_updates": {"installed": False}},
            Status.ERROR,
        ),
    ),
)
