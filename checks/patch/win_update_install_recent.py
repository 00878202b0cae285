"""win-update-install-recent: Windows installed updates successfully within N days.

Microsoft ships security updates monthly (Patch Tuesday); a host that has installed nothing for
longer than a cycle and a bit is not being patched, whatever its pending list says (updates can be
declined in WSUS, or the client may be unable to download). The newest of Windows Update's own
LastInstallationSuccessDate (UTC) and the newest Get-HotFix InstalledOn date counts; the limit is
`windows_update_install_max_age_days` (default 35, as patch-last-upgrade-age on Linux).
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from auditor.checklib.checkdef import (
    Applicability,
    Case,
    Check,
    CheckMeta,
    Facts,
    FactUnavailable,
    Plain,
    PlainWords,
    Setting,
    Verdict,
)
from auditor.checklib.checkkit import setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_hotfixes import WIN_HOTFIXES
from auditor.probes.win_update_status import WIN_UPDATE_STATUS

DEFAULT_MAX_DAYS = 35

META = CheckMeta(
    id="win-update-install-recent",
    title="Windows installed updates within the last patch cycle",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "Monthly security updates only protect a host that installs them; a long gap since the last successful "
        "installation means the patch process has stopped for this machine."
    ),
    remediation=(
        "Find out why updates are not installing (WSUS approvals, deferral policy, disk space, failed installs in "
        "Get-WindowsUpdateLog / Settings > Windows Update > Update history) and install the current cumulative update."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=45,
        en=PlainWords(
            meaning="This Windows system has not installed any updates within the last monthly cycle.",
            why=(
                "Microsoft publishes security fixes every month; a machine that stopped installing them falls "
                "further behind each month."
            ),
            fix="Find out why updates stopped installing and install the current monthly update.",
        ),
        fr=PlainWords(
            meaning="Ce système Windows n'a installé aucune mise à jour au cours du dernier cycle mensuel.",
            why=(
                "Microsoft publie des correctifs de sécurité chaque mois ; une machine qui a cessé de les "
                "installer prend du retard chaque mois davantage."
            ),
            fix=(
                "Trouver pourquoi les mises à jour ne s'installent plus et installer la mise à jour mensuelle en cours."
            ),
        ),
    ),
    facts=(WIN_UPDATE_STATUS.name, WIN_HOTFIXES.name),
    references={
        "cis-v8": ("7.3",),
        "nist-csf-2": ("PR.PS-02",),
        "iso27001-2022": ("A.8.8",),
        "cyber-essentials": ("Security update management",),
        "essential-eight": ("Patch operating systems",),
    },
    settings=(
        Setting(
            name="windows_update_install_max_age_days",
            type=float,
            default=DEFAULT_MAX_DAYS,
            doc="Days since Windows Update last installed updates before it counts as stalled.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    status = facts.get(WIN_UPDATE_STATUS)
    limit = setting_number(facts, "windows_update_install_max_age_days", DEFAULT_MAX_DAYS)
    candidates: list[tuple[datetime, str]] = []
    if status.last_install_success is not None:
        candidates.append((status.last_install_success, "Windows Update's last successful installation"))
    try:
        latest = facts.get(WIN_HOTFIXES).latest
    except FactUnavailable:
        latest = None
    if latest is not None and latest.installed_on is not None:
        candidates.append((datetime.combine(latest.installed_on, time(), tzinfo=UTC), f"{latest.id} installed"))
    if not candidates:
        return Verdict.failed("no successful update installation is recorded on this host")
    when, what = max(candidates, key=lambda pair: pair[0])
    now = facts.now if facts.now.tzinfo else facts.now.replace(tzinfo=UTC)
    days = (now - when).total_seconds() / 86400
    detail = (f"{what}: {when.astimezone(UTC).date().isoformat()}",)
    if days > limit:
        return Verdict.failed(f"last successful update installation {days:.0f} days ago (limit {limit:g} days)", detail)
    return Verdict.passed(f"last successful update installation {days:.0f} days ago", detail)


_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
# From tests/probes/golden/win_update_status/wsus-managed (installed yesterday) and auto-updates-disabled (never),
# and tests/probes/golden/win_hotfixes/server2022-oct2024 (KB5044281 installed 2024-10-14).
_INSTALLED = {"last_search_success": "2026-01-15T06:02:11Z", "last_install_success": "2026-01-14T03:10:45Z"}
_NEVER = {"last_search_success": "2025-11-02T09:14:03Z", "last_install_success": None}
_HOTFIXES = {
    "hotfixes": [
        {"id": "KB5044035", "description": "Update", "installed_on": "2024-10-14"},
        {"id": "KB5044281", "description": "Security Update", "installed_on": "2024-10-14"},
        {"id": "KB5043126", "description": "Update", "installed_on": None},
    ]
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "installed yesterday",
            {"win_update_status": _INSTALLED, "win_hotfixes": _HOTFIXES},
            Status.PASS,
            now=_NOW,
        ),
        Case(
            "last hotfix October 2024, Windows Update never installed",
            {"win_update_status": _NEVER, "win_hotfixes": _HOTFIXES},
            Status.FAIL,
            now=_NOW,
        ),
        Case(
            "a hotfix installed last week counts when Windows Update's date is missing",
            {
                "win_update_status": _NEVER,
                "win_hotfixes": {**_HOTFIXES, "hotfixes": [{"id": "KB5050000", "installed_on": "2026-01-08"}]},
            },
            Status.PASS,
            now=_NOW,
        ),
        Case("nothing ever installed", {"win_update_status": _NEVER, "win_hotfixes": {}}, Status.FAIL, now=_NOW),
        Case(
            "Get-HotFix failed, Windows Update's date is enough",
            {"win_update_status": _INSTALLED, "win_hotfixes": "Get-HotFix failed: RPC server unavailable"},
            Status.PASS,
            now=_NOW,
        ),
        Case(
            "status unreadable",
            {"win_update_status": "Windows Update status failed: access denied", "win_hotfixes": _HOTFIXES},
            Status.ERROR,
        ),
    ),
)
