"""backup-recent: the newest successful backup is younger than backup_max_age_hours (26).

A backup job can exist and still fail every night. This reads the newest backup tool logs in
/var/log and asks when a run last ended in success (by the tools' own success lines), using the
host's clock for the age. 26 hours leaves a daily job two hours of slack. A client's backup policy
can also name evidence files (setting backup_evidence_paths, globs; default
/var/lib/auditor/evidence/backup-success*) that its backup job touches on success, e.g. for tools
whose logs auditor does not read; their modification time counts as a successful backup. They are
matched against the files the backup_state probe lists in its fixed evidence folders.
"""

from __future__ import annotations

from auditor.checklib.backupkit import MAX_AGE_HOURS, backup_references
from auditor.checklib.checkdef import (
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
from auditor.checklib.checkkit import setting_list, setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.backup_evidence import BACKUP_EVIDENCE
from auditor.probes.backup_state import BACKUP_STATE, EvidenceFile

DEFAULT_EVIDENCE = ("/var/lib/auditor/evidence/backup-success*",)

META = CheckMeta(
    id="backup-recent",
    title="A backup succeeded recently",
    rule=(
        "Fails when no backup success is recorded within backup_max_age_hours (26 by default) in the backup "
        "tools' logs or the evidence files."
    ),
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "Backups that stopped succeeding are discovered at restore time, when it is too late; the age of "
        "the last successful run bounds how much data a failure would lose."
    ),
    remediation=(
        "Check the backup job's log and repository, fix the failure, and have the job log to "
        "/var/log/<tool>.log (or alert on failure) so its success can be verified."
    ),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=60,
        en=PlainWords(
            meaning="We found no recent successful backup of this system.",
            why="A restore today would lose all work since the last good copy, or fail outright.",
            fix="Repair the backup job, run it, and alert on any future failure.",
        ),
        fr=PlainWords(
            meaning="Nous n'avons trouvé aucune sauvegarde réussie récente de ce système.",
            why=(
                "Une restauration aujourd'hui perdrait tout le travail depuis la dernière bonne copie, ou "
                "échouerait complètement."
            ),
            fix="Réparer la tâche de sauvegarde, la relancer et alerter en cas d'échec futur.",
        ),
    ),
    facts=(BACKUP_EVIDENCE.name, BACKUP_STATE.name),
    references=backup_references("11.2"),
    settings=(
        MAX_AGE_HOURS,
        Setting(
            name="backup_evidence_paths",
            type=list,
            default=DEFAULT_EVIDENCE,
            doc="Globs of files a successful backup writes (absolute paths, never run as commands).",
        ),
    ),
)

DEFAULT_MAX_AGE_HOURS = 26


def _evidence_files(facts: Facts) -> tuple[EvidenceFile, ...]:
    """Success markers named by the client's policy (none when the probe was not collected)."""
    try:
        state = facts.get(BACKUP_STATE)
    except FactUnavailable:
        return ()
    return state.evidence_matching(setting_list(facts, "backup_evidence_paths", DEFAULT_EVIDENCE))


def evaluate(facts: Facts) -> Verdict:
    evidence = facts.get(BACKUP_EVIDENCE)
    limit = setting_number(facts, "backup_max_age_hours", DEFAULT_MAX_AGE_HOURS)
    now = evidence.now_epoch
    markers = _evidence_files(facts)
    if markers and markers[0].age_hours(now) <= limit:
        marker = markers[0]
        return Verdict.passed(
            f"last successful backup {marker.age_hours(now):.0f}h ago (evidence file {marker.path})",
            tuple(f"{m.path}: {m.age_hours(now):.0f}h old" for m in markers[:5]),
        )
    if not evidence.logs:
        if markers:
            return Verdict.failed(
                f"last successful backup was {markers[0].age_hours(now):.0f}h ago "
                f"(limit {limit:g}h, evidence file {markers[0].path})"
            )
        return Verdict.failed("no backup log found in /var/log (restic, borg, rsnapshot, duplicity, backup*)")
    details = tuple(
        f"{log.path}: {log.outcome}, {log.age_hours(now):.0f}h old"
        + (f", last line: {log.tail[-1]}" if log.tail else "")
        for log in evidence.logs
    )
    successful = [log for log in evidence.logs if log.outcome == "success"]
    unreadable_recent = [log for log in evidence.logs if not log.readable and log.age_hours(now) <= limit]
    newest = max(successful, key=lambda log: log.mtime_epoch, default=None)
    if newest is not None and newest.age_hours(now) <= limit:
        return Verdict.passed(f"last successful backup {newest.age_hours(now):.0f}h ago ({newest.path})", details)
    if unreadable_recent:
        return Verdict.cannot_assess(
            f"backup log(s) could not be read (needs root): {', '.join(log.path for log in unreadable_recent)}"
        )
    if newest is not None:
        return Verdict.failed(
            f"last successful backup was {newest.age_hours(now):.0f}h ago (limit {limit:g}h, {newest.path})", details
        )
    return Verdict.failed("no backup log shows a successful run", details)


_NOW = 1768478400
_RESTIC_OK = [
    "Added to the repository: 573.814 KiB (21.107 KiB stored)",
    "",
    "processed 9 files, 569.435 KiB in 0:00",
    "snapshot 8468a64f saved",
]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "restic succeeded 3h ago",
            {
                "backup_evidence": {
                    "now_epoch": _NOW,
                    "logs": [{"path": "/var/log/restic.log", "mtime_epoch": _NOW - 3 * 3600, "tail": _RESTIC_OK}],
                }
            },
            Status.PASS,
        ),
        Case(
            "borg succeeded 20h ago",
            {
                "backup_evidence": {
                    "now_epoch": _NOW,
                    "logs": [
                        {
                            "path": "/var/log/borg/backup.log",
                            "mtime_epoch": _NOW - 20 * 3600,
                            "tail": ["Archive name: host-2026-01-14", "terminating with success status, rc 0"],
                        }
                    ],
                }
            },
            Status.PASS,
        ),
        Case(
            "last success 3 days ago",
            {
                "backup_evidence": {
                    "now_epoch": _NOW,
                    "logs": [{"path": "/var/log/restic.log", "mtime_epoch": _NOW - 72 * 3600, "tail": _RESTIC_OK}],
                }
            },
            Status.FAIL,
        ),
        Case(
            "3 days old passes with a weekly policy",
            {
                "backup_evidence": {
                    "now_epoch": _NOW,
                    "logs": [{"path": "/var/log/restic.log", "mtime_epoch": _NOW - 72 * 3600, "tail": _RESTIC_OK}],
                }
            },
            Status.PASS,
            settings={"backup_max_age_hours": 170},
        ),
        Case(
            "newest run failed, older success too old",
            {
                "backup_evidence": {
                    "now_epoch": _NOW,
                    "logs": [
                        {
                            "path": "/var/log/backup-offsite.log",
                            "mtime_epoch": _NOW - 3600,
                            "tail": ["Fatal: wrong password or no key found"],
                        },
                        {"path": "/var/log/restic.log", "mtime_epoch": _NOW - 50 * 3600, "tail": _RESTIC_OK},
                    ],
                }
            },
            Status.FAIL,
        ),
        Case(
            "duplicity statistics with zero errors",
            {
                "backup_evidence": {
                    "now_epoch": _NOW,
                    "logs": [
                        {
                            "path": "/var/log/duplicity.log",
                            "mtime_epoch": _NOW - 7200,
                            "tail": [
                                "SourceFileSize 1048576 (1.00 MB)",
                                "NewFileSize 4096 (4.00 KB)",
                                "DeltaEntries 3",
                                "Errors 0",
                                "-------------------------------------------------",
                            ],
                        }
                    ],
                }
            },
            Status.PASS,
        ),
        Case("no logs at all", {"backup_evidence": {"now_epoch": _NOW, "logs": []}}, Status.FAIL),
        Case(
            "recent log unreadable without root",
            {
                "backup_evidence": {
                    "now_epoch": _NOW,
                    "logs": [{"path": "/var/log/restic.log", "mtime_epoch": _NOW - 3600, "readable": False}],
                }
            },
            Status.ERROR,
        ),
        Case("probe failed", {"backup_evidence": "bad host time: 'x'"}, Status.ERROR),
        Case(
            "a policy evidence file touched 5h ago",
            {
                "backup_evidence": {"now_epoch": _NOW, "logs": []},
                "backup_state": {
                    "now_epoch": _NOW,
                    "evidence": [{"path": "/var/backups/veeam-last-ok", "mtime_epoch": _NOW - 5 * 3600, "size": 0}],
                },
            },
            Status.PASS,
            settings={"backup_evidence_paths": "/var/backups/veeam-last-ok"},
        ),
        Case(
            "the default evidence file, 3 days old",
            {
                "backup_evidence": {"now_epoch": _NOW, "logs": []},
                "backup_state": {
                    "now_epoch": _NOW,
                    "evidence": [
                        {"path": "/var/lib/auditor/evidence/backup-success", "mtime_epoch": _NOW - 72 * 3600, "size": 0}
                    ],
                },
            },
            Status.FAIL,
        ),
    ),
)
