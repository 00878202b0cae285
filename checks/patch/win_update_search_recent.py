"""win-update-search-recent: Windows Update searched for updates successfully within N days.

Everything auditor knows about a Windows host's pending updates comes from the metadata its Windows
Update client last downloaded (the offline search of win_updates_pending). A client that has not
searched successfully for weeks, because WSUS is gone, a proxy blocks it or the service is broken,
reports "nothing pending" while the host falls behind. The limit is
`windows_update_search_max_age_days`, else `package_metadata_max_age_days` (the Linux metadata
limit), default 7 days. The time is IAutomaticUpdatesResults.LastSearchSuccessDate (UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.updates import PACKAGE_METADATA_MAX_AGE
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_update_status import WIN_UPDATE_STATUS

META = CheckMeta(
    id="win-update-search-recent",
    title="Windows Update searched for updates recently",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "A Windows Update client that cannot reach its update source silently stops learning about new "
        "security updates; the host then looks up to date while it falls behind."
    ),
    remediation=(
        "Check the client's update source and connectivity (Get-WindowsUpdateLog, "
        "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate WUServer, proxy), restart the wuauserv "
        "service and run a scan (UsoClient StartScan, or Settings > Windows Update > Check for updates)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=30,
        en=PlainWords(
            meaning="This Windows system has not managed to check for new updates recently.",
            why="It looks up to date while it falls behind, because it no longer learns that new security fixes exist.",
            fix="Repair the connection to the update service and run a fresh check for updates.",
        ),
        fr=PlainWords(
            meaning="Ce système Windows n'a pas réussi à rechercher de nouvelles mises à jour récemment.",
            why=(
                "Il paraît à jour alors qu'il prend du retard, car il n'apprend plus l'existence des nouveaux "
                "correctifs de sécurité."
            ),
            fix="Réparer la connexion au service de mise à jour et relancer une recherche de mises à jour.",
        ),
    ),
    facts=(WIN_UPDATE_STATUS.name,),
    references={
        "cis-v8": ("7.3",),
        "nist-csf-2": ("ID.RA-01",),
        "iso27001-2022": ("A.8.8",),
        "essential-eight": ("Patch operating systems",),
    },
    settings=(
        PACKAGE_METADATA_MAX_AGE,
        Setting(
            name="windows_update_search_max_age_days",
            type=float,
            doc="Days since Windows Update last searched; unset: package_metadata_max_age_days.",
        ),
    ),
)

DEFAULT_MAX_DAYS = 7


def evaluate(facts: Facts) -> Verdict:
    status = facts.get(WIN_UPDATE_STATUS)
    limit = setting_number(
        facts,
        "windows_update_search_max_age_days",
        setting_number(facts, "package_metadata_max_age_days", DEFAULT_MAX_DAYS),
    )
    last = status.last_search_success
    if last is None:
        return Verdict.failed("Windows Update has never searched for updates successfully")
    now = facts.now if facts.now.tzinfo else facts.now.replace(tzinfo=UTC)
    days = (now - last).total_seconds() / 86400
    when = last.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if days > limit:
        return Verdict.failed(
            f"last successful Windows Update search {days:.0f} days ago ({when}; limit {limit:g} days)"
        )
    return Verdict.passed(f"last successful Windows Update search {days:.1f} days ago ({when})")


_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
# From tests/probes/golden/win_update_status/wsus-managed and auto-updates-disabled.
_SEARCHED = {"service_enabled": True, "last_search_success": "2026-01-15T06:02:11Z"}
_STALE = {"service_enabled": True, "last_search_success": "2025-11-02T09:14:03Z"}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("searched this morning", {"win_update_status": _SEARCHED}, Status.PASS, now=_NOW),
        Case("last search 74 days ago", {"win_update_status": _STALE}, Status.FAIL, now=_NOW),
        Case(
            "a 90-day limit tolerates it",
            {"win_update_status": _STALE},
            Status.PASS,
            now=_NOW,
            settings={"windows_update_search_max_age_days": 90},
        ),
        Case(
            "8 days against the default 7",
            {"win_update_status": {"last_search_success": (_NOW - timedelta(days=8)).isoformat()}},
            Status.FAIL,
            now=_NOW,
        ),
        Case("never searched", {"win_update_status": {"last_search_success": None}}, Status.FAIL, now=_NOW),
        Case(
            "status unreadable",
            {"win_update_status": "Windows Update status failed: COMException: class not registered"},
            Status.ERROR,
        ),
    ),
)
