"""win-backup-recent: the newest successful Windows backup is younger than backup_max_age_hours (26).

The same per-client policy setting as backup-recent on Linux. Successful runs come from Windows
Server Backup (Get-WBSummary's last successful backup, and each wbadmin version, whose identifier
is its UTC time) and Veeam Agent (job sessions that finished with Success or Warning). With no
recent success and a source that could not be read, the verdict is could-not-assess.
"""

from __future__ import annotations

from auditor.checklib.backupkit import MAX_AGE_HOURS, backup_references
from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winbackupkit import BACKUP_FACTS, age_hours, sources, successful_runs, tools_found
from auditor.core.models import Category, Severity, Status

META = CheckMeta(
    id="win-backup-recent",
    title="A backup succeeded recently (Windows)",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "Backups that stopped succeeding are discovered at restore time, when it is too late; the age of the last "
        "successful run bounds how much data a failure would lose."
    ),
    remediation=(
        "Check the backup tool's last sessions (Get-WBJob -Previous 5 / wbadmin get versions; Veeam Agent control "
        "panel or its 'Veeam Agent' event log), fix the failure and run a backup now."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=60,
        en=PlainWords(
            meaning="We found no recent successful backup of this Windows system.",
            why="A restore today would lose all work since the last good copy, or fail outright.",
            fix="Repair the Windows backup, run it now and alert on any future failure.",
        ),
        fr=PlainWords(
            meaning="Nous n'avons trouvé aucune sauvegarde réussie récente de ce système Windows.",
            why=(
                "Une restauration aujourd'hui perdrait tout le travail depuis la dernière bonne copie, ou "
                "échouerait complètement."
            ),
            fix="Réparer la sauvegarde Windows, la lancer maintenant et alerter en cas d'échec futur.",
        ),
    ),
    facts=BACKUP_FACTS,
    references=backup_references("11.2"),
    settings=(MAX_AGE_HOURS,),
)

DEFAULT_MAX_AGE_HOURS = 26


def evaluate(facts: Facts) -> Verdict:
    src = sources(facts)
    limit = setting_number(facts, "backup_max_age_hours", DEFAULT_MAX_AGE_HOURS)
    runs = successful_runs(src)
    if runs:
        newest = runs[0]
        hours = age_hours(facts.now, newest.time)
        detail = tuple(f"{r.tool}: {r.detail}, {age_hours(facts.now, r.time):.0f}h ago" for r in runs[:5])
        if hours <= limit:
            return Verdict.passed(f"last successful backup {hours:.0f}h ago ({newest.tool})", detail)
        if src.unavailable:
            return Verdict.cannot_assess(
                f"last successful backup seen {hours:.0f}h ago, but not every source could be read: "
                + "; ".join(src.unavailable)
            )
        return Verdict.failed(f"last successful backup was {hours:.0f}h ago (limit {limit:g}h, {newest.tool})", detail)
    if src.unavailable:
        return Verdict.cannot_assess(
            "no successful backup seen, and not every source could be read: " + "; ".join(src.unavailable)
        )
    found = tools_found(src)
    tools = f" ({', '.join(found)} configured)" if found else " (no backup tool configured)"
    return Verdict.failed(f"no successful backup on record{tools}")


# From tests/probes/golden: win_backup_wsb/network-share-last-failed (last success 2026-01-14 01:00 UTC) and
# not-installed; win_backup_veeam/last-success (2026-01-15 01:14 UTC), last-failed and not-installed.
_WSB = {
    "present": True,
    "summary": {
        "last_backup": "2026-01-15T01:00:00Z",
        "last_success": "2026-01-14T01:00:00Z",
        "last_result_hr": -2147024809,
        "versions": 1,
        "last_target": "\\\\nas01\\backup\\srv-app01",
        "next_backup": "2026-01-16T01:00:00Z",
    },
    "versions": [
        {
            "time": "2026-01-14T02:00:00",
            "target": "Network Share labeled \\\\nas01\\backup\\srv-app01",
            "identifier": "01/14/2026-01:00",
        }
    ],
}
_NO_WSB = {"present": False}


def _veeam(*events: tuple[str, int]) -> dict[str, object]:
    return {
        "service_present": True,
        "service_status": "Running",
        "log_present": True,
        "events": [{"time": time, "level": level} for time, level in events],
    }


_VEEAM_OK = _veeam(("2026-01-15T01:14:09Z", 4), ("2026-01-14T01:13:52Z", 3))
_VEEAM_FAILING = _veeam(("2026-01-15T01:02:30Z", 2), ("2026-01-14T01:02:11Z", 2), ("2026-01-11T01:14:09Z", 4))
_NO_VEEAM = {"service_present": False}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "Veeam succeeded last night",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _VEEAM_OK, "win_backup_services": {}},
            Status.PASS,
        ),
        Case(
            "Veeam failing for two nights, last success 4 days ago",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _VEEAM_FAILING, "win_backup_services": {}},
            Status.FAIL,
        ),
        Case(
            "Windows Server Backup: last success 35h ago",
            {"win_backup_wsb": _WSB, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.FAIL,
        ),
        Case(
            "a weekly policy (200h) accepts 35h",
            {"win_backup_wsb": _WSB, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.PASS,
            settings={"backup_max_age_hours": 200},
        ),
        Case(
            "no tool, no backup",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.FAIL,
        ),
        Case(
            "Veeam log unreadable and nothing else",
            {
                "win_backup_wsb": _NO_WSB,
                "win_backup_veeam": "Veeam Agent state failed: UnauthorizedAccessException: Attempted to perform an "
                "unauthorized operation.",
                "win_backup_services": {},
            },
            Status.ERROR,
        ),
    ),
)
