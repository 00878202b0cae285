"""patch-apt-metadata-fresh: the host refreshed its package metadata recently.

A host that never runs `apt-get update` (or `dnf makecache`, `zypper refresh`, `apk update`)
never learns about security fixes, and every pending-update report computed from its metadata is
out of date. Despite the id (kept so stored runs and waivers stay valid), the check covers every
family: apt lists on Debian/Ubuntu, the dnf/yum and zypper repomd.xml caches, apk's APKINDEX.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.updates import APT_LISTS_MAX_AGE, PACKAGE_METADATA_MAX_AGE
from auditor.core.models import Category, Severity, Status
from auditor.probes.apk_upgradable import APK_UPGRADABLE, ApkUpgradable
from auditor.probes.apt_lists import APT_LISTS
from auditor.probes.dnf_updates import DNF_UPDATES, DnfUpdates
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.zypper_updates import ZYPPER_UPDATES, ZypperUpdates

META = CheckMeta(
    id="patch-apt-metadata-fresh",
    title="Package lists are refreshed regularly",
    rule=(
        "Fails when the package lists were last refreshed longer ago than apt_lists_max_age_days (7 by "
        "default) or are missing, so pending updates would go unseen."
    ),
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "Update availability is only known from fresh package lists; stale lists hide security updates "
        "from the host, from unattended-upgrades and from this audit."
    ),
    remediation=(
        'Refresh package metadata daily: APT::Periodic::Update-Package-Lists "1" with apt-daily.timer; '
        "dnf-automatic or dnf makecache.timer; zypper refresh from a timer; apk update from cron."
    ),
    applies_to=Applicability(families=frozenset({"debian", "rhel", "suse", "alpine"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=10,
        en=PlainWords(
            meaning="This system has not checked for new updates in a long time.",
            why="A system that does not look for updates cannot install them or even report that it is behind.",
            fix="Make the system check for available updates every day.",
        ),
        fr=PlainWords(
            meaning="Ce système n'a pas cherché de nouvelles mises à jour depuis longtemps.",
            why="Un système qui ne cherche pas les mises à jour ne peut ni les installer ni même signaler son retard.",
            fix="Faire vérifier chaque jour par le système les mises à jour disponibles.",
        ),
    ),
    facts=(APT_LISTS.name, DNF_UPDATES.name, ZYPPER_UPDATES.name, APK_UPGRADABLE.name),
    references={"cis-v8": ("7.3",), "nist-csf-2": ("ID.RA-01",), "iso27001-2022": ("A.8.8",)},
    settings=(APT_LISTS_MAX_AGE, PACKAGE_METADATA_MAX_AGE),
)

DEFAULT_MAX_LIST_AGE_DAYS = 7


def evaluate(facts: Facts) -> Verdict:
    family = facts.get(OS_RELEASE).family
    if family != "debian":
        return _other_manager(facts, family)
    lists = facts.get(APT_LISTS)
    if not lists.present:
        return Verdict.failed("no /var/lib/apt/lists on a Debian-family host")
    limit = float(facts.setting("apt_lists_max_age_days", DEFAULT_MAX_LIST_AGE_DAYS))
    stale = lists.staleness(limit)
    if stale:
        return Verdict.failed(stale)
    age_days = lists.age_days or 0.0
    return Verdict.passed(f"package lists refreshed {age_days:.1f} days ago (limit {limit:g})")


def _other_manager(facts: Facts, family: str) -> Verdict:
    limit = float(facts.setting("package_metadata_max_age_days", DEFAULT_MAX_LIST_AGE_DAYS))
    if family == "rhel":
        manager, found, stale = _judge(facts.get(DNF_UPDATES), limit, "dnf")
    elif family == "suse":
        manager, found, stale = _judge(facts.get(ZYPPER_UPDATES), limit, "zypper")
    else:
        manager, found, stale = _judge(facts.get(APK_UPGRADABLE), limit, "apk")
    if not found:
        return Verdict.cannot_assess(f"{manager} not found on a {family}-family host")
    if stale:
        return Verdict.failed(stale)
    return Verdict.passed(f"{manager} metadata refreshed within {limit:g} days")


def _judge(fact: DnfUpdates | ZypperUpdates | ApkUpgradable, limit: float, name: str) -> tuple[str, bool, str | None]:
    return name, fact.installed, fact.staleness(limit) if fact.installed else None


_RHEL = {"id": "almalinux", "id_like": ["rhel", "centos", "fedora"], "version_id": "9.1", "family": "rhel"}
_ALPINE = {"id": "alpine", "version_id": "3.23.2", "family": "alpine"}
_REPOMD = "/var/cache/dnf/baseos-1a2b/repodata/repomd.xml"

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "refreshed 2 hours ago",
            {
                "apt_lists": {
                    "now_epoch": 1768478400,
                    "present": True,
                    "release_files": {"/var/lib/apt/lists/a_InRelease": 1768471200},
                }
            },
            Status.PASS,
        ),
        Case(
            "refreshed 28 days ago",
            {
                "apt_lists": {
                    "now_epoch": 1768478400,
                    "present": True,
                    "release_files": {"/var/lib/apt/lists/a_InRelease": 1766000000},
                }
            },
            Status.FAIL,
        ),
        Case(
            "never refreshed",
            {"apt_lists": {"now_epoch": 1768478400, "present": True, "release_files": {}}},
            Status.FAIL,
        ),
        Case("lists unreadable", {"apt_lists": "bad host time: ''"}, Status.ERROR),
        Case(
            "AlmaLinux: dnf cache refreshed 2 hours ago",
            {
                "os_release": _RHEL,
                "dnf_updates": {"installed": True, "now_epoch": 1768478400, "repomd": {_REPOMD: 1768470000}},
            },
            Status.PASS,
        ),
        Case(
            "AlmaLinux: dnf cache 40 days old",
            {
                "os_release": _RHEL,
                "dnf_updates": {"installed": True, "now_epoch": 1768478400, "repomd": {_REPOMD: 1765000000}},
            },
            Status.FAIL,
        ),
        Case(
            "Alpine: no APKINDEX cached (apk update never ran)",
            {"os_release": _ALPINE, "apk_upgradable": {"installed": True, "now_epoch": 1768478400}},
            Status.FAIL,
        ),
        Case(
            "SUSE: zypper missing",
            {
                "os_release": {"id": "sles", "version_id": "15.6", "family": "suse"},
                "zypper_updates": {"installed": False},
            },
            Status.ERROR,
        ),
    ),
)
