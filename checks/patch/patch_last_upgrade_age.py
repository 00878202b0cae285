"""patch-last-upgrade-age: packages were upgraded recently.

A host whose last package upgrade is months old is not being patched, whatever its automatic
update settings claim. Debian/Ubuntu: the newest upgrade in apt's history or dpkg's log (a
version actually changed); when those logs cannot be read, dpkg.log's mtime stands in (any dpkg
activity). RHEL/SUSE: the newest rpm install time. Alpine: the last change of apk's database.
No upgrade recorded in readable logs fails; logs that cannot be read at all are "could not
assess". The limit is `patch_last_upgrade_max_days` (35: a monthly patch cycle plus a few days).
"""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.package_history import PACKAGE_HISTORY, PackageHistory

DEFAULT_MAX_DAYS = 35

META = CheckMeta(
    id="patch-last-upgrade-age",
    title="Packages were upgraded recently",
    rule=(
        "Fails when the last package upgrade recorded by the package manager is older than "
        "patch_last_upgrade_max_days (35 by default); not assessed when no package history can be read."
    ),
    category=Category.PATCH,
    severity=Severity.LOW,
    rationale=(
        "Regular upgrades are the evidence that patching happens at all; a long gap means every fix "
        "published since is missing, whatever the configuration says."
    ),
    remediation="Upgrade the host's packages (and keep doing so at least monthly, or enable automatic updates).",
    applies_to=Applicability(families=frozenset({"debian", "rhel", "suse", "alpine"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=30,
        en=PlainWords(
            meaning="This system has not had its software updated for a long time.",
            why=(
                "Regular updates are the proof that patching happens at all; a long gap means every fix published "
                "since is missing."
            ),
            fix="Update the system's software now and at least once a month from then on.",
        ),
        fr=PlainWords(
            meaning="Les logiciels de ce système n'ont pas été mis à jour depuis longtemps.",
            why=(
                "Des mises à jour régulières prouvent que la correction a bien lieu ; un long intervalle signifie "
                "que tous les correctifs publiés depuis manquent."
            ),
            fix="Mettre à jour les logiciels du système maintenant, puis au moins une fois par mois.",
        ),
    ),
    facts=(PACKAGE_HISTORY.name,),
    references={"cis-v8": ("7.3",), "nist-csf-2": ("PR.PS-02",), "iso27001-2022": ("A.8.8",)},
    settings=(
        Setting(
            name="patch_last_upgrade_max_days",
            type=float,
            default=DEFAULT_MAX_DAYS,
            doc="Days since the last package upgrade before patching counts as stalled.",
        ),
    ),
    fixes=("apt-upgrade",),
)


def _day(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, tz=UTC).date().isoformat()


def _debian(history: PackageHistory) -> tuple[int | None, str] | Verdict:
    last = history.last_upgrade_epoch
    if last is not None:
        return last, "last package upgrade (apt history / dpkg log)"
    if history.read:
        since = f" since {_day(history.dpkg_first_epoch)}" if history.dpkg_first_epoch else ""
        return Verdict.failed(f"no package upgrade recorded in the apt and dpkg logs{since}", history.read)
    if history.dpkg_mtime is not None:
        return history.dpkg_mtime, "last dpkg activity (dpkg.log mtime; the logs are unreadable)"
    if history.unreadable:
        return Verdict.cannot_assess("apt history and dpkg logs are unreadable: " + ", ".join(history.unreadable))
    return Verdict.cannot_assess("no apt history or dpkg log on this host")


def evaluate(facts: Facts) -> Verdict:
    history = facts.get(PACKAGE_HISTORY)
    family = facts.get(OS_RELEASE).family
    if family == "debian":
        found = _debian(history)
        if isinstance(found, Verdict):
            return found
        last, what = found
    elif family == "alpine":
        last, what = history.apk_db_mtime, "last change of apk's installed database"
    else:
        last, what = history.rpm_newest_epoch, "last package installed or upgraded (rpm)"
    if last is None:
        return Verdict.cannot_assess(f"no package history readable on this {family} host")
    limit = float(facts.setting("patch_last_upgrade_max_days", DEFAULT_MAX_DAYS))
    days = max(0, history.now_epoch - last) / 86400
    message = f"{what}: {_day(last)}, {days:.0f} days ago (limit {limit:g})"
    return Verdict.failed(message) if days > limit else Verdict.passed(message)


_NOW = 1768478400  # 2026-01-15 12:00 UTC

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "upgraded 2 days ago",
            {
                "package_history": {
                    "now_epoch": _NOW,
                    "read": ["/var/log/apt/history.log", "/var/log/dpkg.log"],
                    "apt_upgrade_epoch": _NOW - 2 * 86400,
                    "dpkg_upgrade_epoch": _NOW - 2 * 86400,
                }
            },
            Status.PASS,
        ),
        Case(
            "last upgrade 50 days ago",
            {
                "package_history": {
                    "now_epoch": _NOW,
                    "read": ["/var/log/dpkg.log", "/var/log/dpkg.log.1"],
                    "dpkg_upgrade_epoch": _NOW - 50 * 86400,
                }
            },
            Status.FAIL,
        ),
        Case(
            "installs only, never an upgrade (the lab's neglected host)",
            {
                "package_history": {
                    "now_epoch": _NOW,
                    "read": ["/var/log/apt/history.log", "/var/log/dpkg.log"],
                    "dpkg_first_epoch": _NOW - 3600,
                }
            },
            Status.FAIL,
        ),
        Case(
            "logs unreadable, dpkg.log mtime recent",
            {"package_history": {"now_epoch": _NOW, "unreadable": ["/var/log/apt/history.log"], "dpkg_mtime": _NOW}},
            Status.PASS,
        ),
        Case(
            "logs unreadable",
            {"package_history": {"now_epoch": _NOW, "unreadable": ["/var/log/apt/history.log", "/var/log/dpkg.log"]}},
            Status.ERROR,
        ),
        Case(
            "RHEL: newest rpm installed 10 days ago",
            {
                "os_release": {"id": "rocky", "version_id": "9.3", "family": "rhel"},
                "package_history": {"now_epoch": _NOW, "rpm_newest_epoch": _NOW - 10 * 86400},
            },
            Status.PASS,
        ),
        Case(
            "Alpine: apk database unchanged for 90 days",
            {
                "os_release": {"id": "alpine", "version_id": "3.23.2", "family": "alpine"},
                "package_history": {"now_epoch": _NOW, "apk_db_mtime": _NOW - 90 * 86400},
            },
            Status.FAIL,
        ),
        Case(
            "RHEL: rpm gave nothing",
            {
                "os_release": {"id": "rocky", "version_id": "9.3", "family": "rhel"},
                "package_history": {"now_epoch": _NOW},
            },
            Status.ERROR,
        ),
    ),
)
