"""patch-sla-overdue: no pending security update is older than the patch SLA allows.

Pending is not yet negligent; overdue is. Each pending security update's age runs from its
advisory's issue date where the package manager gives one, otherwise from the first run in which
auditor saw it pending on this host (the store's history, handed to evaluation as facts.first_seen).
The deadline follows the patch SLA policy (auditor.checklib.patchsla, README "Patch SLA"): a fix for a
CVE in CISA's KEV catalog is due by CISA's due date or within 7 days, whichever is sooner; otherwise
critical, high (vendor rating or CVSS >= 7) and unrated security updates within 14 days (as Cyber
Essentials requires), medium 30 and low 90; `patch_sla_days_<band>` overrides them. The CVEs, KEV,
CVSS and tracker urgency come from the vulnerability feeds (facts.intel), matched before evaluation.
On Windows the age runs from the update's release date on its source (WUA LastDeploymentChangeTime)
and the severity is Microsoft's (MSRC: Critical, Important, Moderate, Low).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.patchsla import SLA_SETTINGS, UpdateAge, update_age
from auditor.checklib.updates import CASE_SERVER_2022, UPDATE_FACTS, PendingUpdate, pending_updates
from auditor.core.models import Category, Severity, Status
from auditor.core.vulnmodel import KevListing, UpdateIntel

META = CheckMeta(
    id="patch-sla-overdue",
    title="No security update is overdue under the patch SLA",
    rule=(
        "Fails when a pending security update is past its patch SLA deadline (a fix for a CISA KEV-listed CVE: "
        "CISA's due date or 7 days, whichever is sooner; otherwise by severity; age from the advisory date, else "
        "from the run that first saw it pending); passes while every one is within its deadline."
    ),
    category=Category.PATCH,
    severity=Severity.HIGH,
    rationale=(
        "A security update left pending past its deadline means a published vulnerability has stayed open "
        "longer than the client was promised; the age, not just the presence, is what an auditor asks about."
    ),
    remediation="Install the overdue updates now and find out why the patch cycle missed them.",
    applies_to=Applicability(families=frozenset({"debian", "rhel", "suse", "alpine", "arch", "windows"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=30,
        en=PlainWords(
            meaning="Security fixes have been waiting longer than the patching deadline agreed for this client.",
            why=(
                "A known weakness has stayed open longer than promised, which is exactly what an auditor or "
                "insurer asks about after an incident."
            ),
            fix="Install the overdue security updates now and find out why the patch routine missed them.",
        ),
        fr=PlainWords(
            meaning=(
                "Des correctifs de sécurité attendent depuis plus longtemps que le délai de correction convenu "
                "pour ce client."
            ),
            why=(
                "Une faille connue est restée ouverte plus longtemps que promis, ce qu'un auditeur ou un assureur "
                "vérifie en premier après un incident."
            ),
            fix=(
                "Installer dès maintenant les mises à jour de sécurité en retard et comprendre pourquoi la "
                "routine de correction les a manquées."
            ),
        ),
    ),
    facts=UPDATE_FACTS,
    references={
        "cis-v8": ("7.3", "7.4"),
        "cyber-essentials": ("Security update management",),
        "essential-eight": ("Patch operating systems",),
        "iso27001-2022": ("A.8.8",),
    },
    settings=SLA_SETTINGS,
)


def _describe(update: PendingUpdate, age: UpdateAge, intel: UpdateIntel | None) -> str:
    advisory = f", {update.advisory}" if update.advisory else ""
    exploited = " EXPLOITED IN THE WILD (CISA KEV)" if intel is not None and intel.exploited else ""
    return (
        f"{update.package} {update.candidate} ({age.reason}{advisory}){exploited}: pending {age.age_days} days "
        f"(since {age.since_source} {age.since.date().isoformat()}), SLA {age.sla_days} days, "
        f"overdue by {age.overdue_days} days"
    )


def evaluate(facts: Facts) -> Verdict:
    aged = [
        (update, age)
        for update in pending_updates(facts)
        if (
            age := update_age(
                update,
                now=facts.now,
                first_seen=facts.first_seen,
                settings=facts.settings,
                intel=facts.intel.get(update.key),
            )
        )
    ]
    if not aged:
        return Verdict.passed("no security update pending")
    overdue = sorted(((u, a) for u, a in aged if a.overdue_days > 0), key=lambda pair: -pair[1].overdue_days)
    if overdue:
        return Verdict.failed(
            f"{len(overdue)} of {len(aged)} pending security update(s) past the SLA; worst overdue by "
            f"{overdue[0][1].overdue_days} days",
            tuple(_describe(u, a, facts.intel.get(u.key)) for u, a in overdue),
        )
    next_due = min(a.due for _, a in aged)
    return Verdict.passed(f"{len(aged)} security update(s) pending, none past the SLA; next due {next_due.isoformat()}")


_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
_LIBSSL = {
    "package": "libssl3",
    "current": "3.0.17-1~deb12u2",
    "candidate": "3.0.18-1~deb12u1",
    "origins": ["Debian-Security:12/oldstable-security"],
    "security": True,
}
_BASH = {"package": "bash", "current": "5.2.15-2+b8", "candidate": "5.2.15-2+b9", "origins": ["Debian:12.13/oldstable"]}
_PENDING = {"apt_upgradable": {"installed": True, "upgrades": [_LIBSSL, _BASH]}}
_KEY = "apt:libssl3:3.0.18-1~deb12u1"
# What the feeds say about that libssl3 update: a KEV-listed CVE whose CISA due date is far off, the
# same with CISA's date already passed, and only a medium CVSS score (no KEV listing).
_KEV_LATER = {
    _KEY: UpdateIntel(
        cves=("CVE-2026-84782",),
        kev=KevListing(cve="CVE-2026-84782", date_added=date(2026, 1, 2), due_date=date(2026, 3, 1)),
    )
}
_KEV_PASSED = {
    _KEY: UpdateIntel(
        cves=("CVE-2026-84782",),
        kev=KevListing(cve="CVE-2026-84782", date_added=date(2025, 12, 1), due_date=date(2026, 1, 14)),
    )
}
_MEDIUM = {_KEY: UpdateIntel(cves=("CVE-2026-84782",), cvss=5.3)}
# Windows: the October 2024 cumulative update of tests/probes/golden/win_updates_pending/server2022-oct2024,
# released 2024-10-08, judged on 2024-10-20 (12 days: within 14) and on the case default 2026-01-15 (overdue).
_WIN_PENDING = {
    "win_os": CASE_SERVER_2022,
    "win_updates_pending": {
        "result_code": 2,
        "online": False,
        "updates": [
            {
                "kbs": ["KB5044281"],
                "title": "2024-10 Cumulative Update for Microsoft server operating system version 21H2 for x64-based "
                "Systems (KB5044281)",
                "msrc_severity": "Critical",
                "classification": "Security Updates",
                "classification_id": "0fa1201d-4330-4fa8-8ae9-b877473b6441",
                "released": "2024-10-08",
                "cves": ["CVE-2024-43572", "CVE-2024-43573"],
            }
        ],
    },
}


def _aged(
    name: str,
    days: int,
    expect: Status,
    *,
    intel: dict[str, UpdateIntel] | None = None,
    settings: dict[str, Any] | None = None,
) -> Case:
    """The pending libssl3 update, first seen `days` before the case's clock."""
    first_seen = {_KEY: _NOW - timedelta(days=days)}
    return Case(name, _PENDING, expect, now=_NOW, first_seen=first_seen, intel=intel or {}, settings=settings or {})


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("nothing pending", {"apt_upgradable": {"installed": True, "upgrades": []}}, Status.PASS),
        Case("first seen in this run", _PENDING, Status.PASS, now=_NOW),
        _aged("pending 13 days: within the 14-day SLA", 13, Status.PASS),
        _aged("pending 20 days: overdue", 20, Status.FAIL),
        _aged(
            "a 30-day SLA for unrated updates tolerates 20 days",
            20,
            Status.PASS,
            settings={"patch_sla_days_unknown": 30},
        ),
        Case(
            "a non-security update never goes overdue",
            {"apt_upgradable": {"installed": True, "upgrades": [_BASH]}},
            Status.PASS,
            now=_NOW,
            first_seen={"apt:bash:5.2.15-2+b9": _NOW - timedelta(days=400)},
        ),
        _aged("KEV-listed: 6 days pending, within the 7-day KEV deadline", 6, Status.PASS, intel=_KEV_LATER),
        _aged(
            "KEV-listed: 8 days pending, past the 7-day KEV deadline (14 days would still allow it)",
            8,
            Status.FAIL,
            intel=_KEV_LATER,
        ),
        _aged(
            "KEV-listed: CISA's due date passed yesterday, 2 days after it appeared",
            2,
            Status.FAIL,
            intel=_KEV_PASSED,
        ),
        _aged("CVSS 5.3 (medium): 20 days pending is within 30", 20, Status.PASS, intel=_MEDIUM),
        Case("package manager unreadable", {"apt_upgradable": "apt-get -s failed (exit 100)"}, Status.ERROR),
        Case(
            "Windows: critical KB released 12 days ago",
            _WIN_PENDING,
            Status.PASS,
            now=datetime(2024, 10, 20, tzinfo=UTC),
        ),
        Case("Windows: critical KB released 464 days ago", _WIN_PENDING, Status.FAIL, now=_NOW),
        Case(
            "Windows: WUA search failed",
            {
                "win_os": CASE_SERVER_2022,
                "win_updates_pending": "Windows Update search failed: COMException: 0x8024402C",
            },
            Status.ERROR,
        ),
    ),
)
