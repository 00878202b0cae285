"""backup-integrity-checked: the backup repository's integrity is verified on a schedule.

Repositories rot: a missing pack file or a corrupted index is only noticed at restore time unless
something reads the repository. Recognised in scheduled jobs: restic check, borg check, borgmatic
with its default actions (they include check) or an explicit check, duplicity verify, kopia
snapshot verify / maintenance, rdiff-backup --verify.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.checklib.backupkit import backup_job_lines
from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.scheduled_jobs import SCHEDULED_JOBS

META = CheckMeta(
    id="backup-integrity-checked",
    title="Backup integrity is verified regularly",
    category=Category.BACKUP,
    severity=Severity.MEDIUM,
    rationale=(
        "Corruption in a backup repository is silent until the restore that fails; a scheduled check finds it early."
    ),
    remediation="Schedule a weekly restic check --read-data-subset=5% (or borg check, duplicity verify).",
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=20,
        en=PlainWords(
            meaning="Nobody checks that the stored backups are still readable.",
            why="Damage inside a backup store stays hidden until the day a restore fails.",
            fix="Schedule a weekly automatic check that the backups can still be read.",
        ),
        fr=PlainWords(
            meaning="Personne ne vérifie que les sauvegardes stockées sont encore lisibles.",
            why="Un dommage dans le stockage des sauvegardes reste invisible jusqu'au jour où une restauration échoue.",
            fix="Programmer une vérification automatique hebdomadaire de la lisibilité des sauvegardes.",
        ),
    ),
    facts=(SCHEDULED_JOBS.name,),
    references={
        "cis-v8": ("11.5",),
        "nist-csf-2": ("PR.DS-11",),
        "iso27001-2022": ("A.8.13",),
        "hipaa": ("164.308(a)(7)(ii)(D)",),
    },
)

_BORGMATIC_ACTIONS = frozenset(
    {
        "create",
        "prune",
        "compact",
        "extract",
        "list",
        "info",
        "init",
        "rcreate",
        "export-tar",
        "mount",
        "borg",
        "config",
    }
)
_CHECKS = {
    "restic": re.compile(r"\bcheck\b"),
    "resticprofile": re.compile(r"\bcheck\b"),
    "autorestic": re.compile(r"\bcheck\b"),
    "borg": re.compile(r"\bcheck\b"),
    "duplicity": re.compile(r"\bverify\b"),
    "duply": re.compile(r"\bverify\b"),
    "kopia": re.compile(r"\b(snapshot\s+verify|maintenance)\b"),
    "rdiff-backup": re.compile(r"--verify\b|\bverify\b"),
}


def verifies(command: str, line: str) -> bool:
    if command == "borgmatic":
        words = set(line.split("borgmatic", 1)[1].split())
        return "check" in words or not words & _BORGMATIC_ACTIONS
    pattern = _CHECKS.get(command)
    return pattern is not None and pattern.search(line.split(command, 1)[-1]) is not None


def evaluate(facts: Facts) -> Verdict:
    jobs = facts.get(SCHEDULED_JOBS)
    lines = backup_job_lines(jobs)
    checks = tuple(job.label for job in lines if verifies(job.command, job.line))
    if checks:
        return Verdict.passed(f"{len(checks)} scheduled integrity check(s)", checks)
    if jobs.unreadable:
        return Verdict.cannot_assess(
            f"no integrity check found; could not read {', '.join(jobs.unreadable)} (needs root)"
        )
    if not lines:
        return Verdict.failed("no scheduled backup job, so nothing verifies backups")
    return Verdict.failed("scheduled backups are never verified", tuple(job.label for job in lines))


def _cron(*lines: str) -> dict[str, Any]:
    return {"scheduled_jobs": {"sources": [{"kind": "crontab", "path": "/etc/cron.d/backup", "lines": list(lines)}]}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "weekly restic check",
            _cron("15 1 * * * root restic backup /etc", "30 4 * * 0 root restic check --read-data-subset=5%"),
            Status.PASS,
        ),
        Case("backup only", _cron("15 1 * * * root restic backup /etc"), Status.FAIL),
        Case("borgmatic defaults", _cron("0 3 * * * root borgmatic --verbosity -1"), Status.PASS),
        Case("borgmatic create only", _cron("0 3 * * * root borgmatic create"), Status.FAIL),
        Case(
            "crontabs unreadable",
            {"scheduled_jobs": {"sources": [], "unreadable": ["/var/spool/cron/crontabs"]}},
            Status.ERROR,
        ),
    ),
)
