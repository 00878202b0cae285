"""win-backup-last-job-succeeded: the latest backup job of each Windows backup tool did not fail.

win-backup-recent asks when a backup last succeeded; this asks whether the latest run failed, the
signal to act on today. Windows Server Backup: Get-WBSummary's last backup and its result HRESULT
(0 = success). Veeam Agent: the newest job-session event (190) and its level (Error = Failed; a
Warning, e.g. some files skipped, passes with the warning shown). File History and wbadmin's version
list only record successes, so they cannot answer this; with no tool that records results the
check does not apply.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winbackupkit import BACKUP_FACTS, last_results, sources
from auditor.core.models import Category, Severity, Status

META = CheckMeta(
    id="win-backup-last-job-succeeded",
    title="The latest backup job succeeded (Windows)",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "A failing backup job keeps failing until someone reads its log; each failed night is a night of data at risk."
    ),
    remediation=(
        "Read the failed session (Get-WBJob -Previous 1 | Select-Object ErrorDescription; Veeam Agent's session log), "
        "fix the cause (target full or offline, VSS writer errors, credentials) and run the job again."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=45,
        en=PlainWords(
            meaning="The most recent backup job on this Windows system failed.",
            why=(
                "Each failed night is a night of work that could not be restored, and failures repeat until "
                "someone looks."
            ),
            fix="Fix the cause of the failed Windows backup job and run it again.",
        ),
        fr=PlainWords(
            meaning="La dernière tâche de sauvegarde de ce système Windows a échoué.",
            why=(
                "Chaque nuit ratée est une nuit de travail impossible à restaurer, et les échecs se répètent tant "
                "que personne ne regarde."
            ),
            fix="Corriger la cause de l'échec de la sauvegarde Windows et la relancer.",
        ),
    ),
    facts=BACKUP_FACTS,
    references={
        "cis-v8": ("11.2",),
        "nist-csf-2": ("DE.CM-09",),
        "iso27001-2022": ("A.8.13",),
        "hipaa": ("164.308(a)(7)(ii)(A)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    src = sources(facts)
    results = last_results(src)
    details = tuple(f"{r.tool} {r.time.date().isoformat()} {r.time.strftime('%H:%M')} UTC: {r.detail}" for r in results)
    failed = [r for r in results if not r.succeeded]
    if failed:
        return Verdict.failed(f"latest backup job failed: {', '.join(r.tool for r in failed)}", details)
    if results:
        return Verdict.passed(f"latest backup job(s) succeeded: {', '.join(r.tool for r in results)}", details)
    if src.unavailable:
        return Verdict.cannot_assess("no job result readable: " + "; ".join(src.unavailable))
    return Verdict.not_applicable(
        "no backup tool that records job results (Windows Server Backup, Veeam Agent) has run here"
    )


# From tests/probes/golden: win_backup_wsb/network-share-last-failed (HRESULT 0x80070057) and gist-usb-disk
# (result 0); win_backup_veeam/last-success and last-failed.
_WSB_FAILED = {
    "present": True,
    "summary": {
        "last_backup": "2026-01-15T01:00:00Z",
        "last_success": "2026-01-14T01:00:00Z",
        "last_result_hr": -2147024809,
        "versions": 1,
    },
}
_WSB_OK = {
    "present": True,
    "summary": {"last_backup": "2018-06-13T07:07:00Z", "last_success": "2018-06-13T07:07:00Z", "last_result_hr": 0},
}
_NO_WSB = {"present": False}
_VEEAM_FAILED = {
    "service_present": True,
    "log_present": True,
    "events": [
        {
            "time": "2026-01-15T01:02:30Z",
            "level": 2,
            "message": "Veeam Agent 'Backup Job SRV-APP01' finished with Failed.",
        },
        {"time": "2026-01-11T01:14:09Z", "level": 4},
    ],
}
_VEEAM_WARNING = {
    "service_present": True,
    "log_present": True,
    "events": [
        {
            "time": "2026-01-15T01:14:09Z",
            "level": 3,
            "message": "Veeam Agent 'Backup Job SRV-APP01' finished with Warning.",
        }
    ],
}
_NO_VEEAM = {"service_present": False}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "Windows Server Backup: last run succeeded",
            {"win_backup_wsb": _WSB_OK, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.PASS,
        ),
        Case(
            "Windows Server Backup: last run failed with 0x80070057",
            {"win_backup_wsb": _WSB_FAILED, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.FAIL,
        ),
        Case(
            "Veeam: last session failed",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _VEEAM_FAILED, "win_backup_services": {}},
            Status.FAIL,
        ),
        Case(
            "Veeam: last session warned",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _VEEAM_WARNING, "win_backup_services": {}},
            Status.PASS,
        ),
        Case(
            "no tool with job results",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.NOT_APPLICABLE,
        ),
        Case(
            "Veeam log unreadable",
            {
                "win_backup_wsb": _NO_WSB,
                "win_backup_veeam": "Veeam Agent state failed: access denied",
                "win_backup_services": {},
            },
            Status.ERROR,
        ),
    ),
)
