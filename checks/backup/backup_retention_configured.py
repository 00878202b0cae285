"""backup-retention-configured: scheduled backups also expire old backups by a retention rule.

Without retention a repository grows until the disk fills and backups start failing, or old
copies are deleted by hand in a hurry. Recognised in scheduled job lines: restic forget
--keep-*, borg prune --keep-*, borgmatic without an explicit action list (it prunes by its
keep_* settings) or with prune, rsnapshot <level> (rotation is its retention), duplicity
remove-older-than / remove-all-but-n-full, duply purge, rdiff-backup --remove-older-than.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.backup_evidence import BACKUP_COMMANDS
from auditor.probes.scheduled_jobs import SCHEDULED_JOBS, runs_command

META = CheckMeta(
    id="backup-retention-configured",
    title="Backup retention is configured",
    category=Category.BACKUP,
    severity=Severity.LOW,
    rationale=(
        "A retention rule keeps enough restore points to recover from slowly noticed damage while keeping "
        "the backup store from filling up and failing."
    ),
    remediation=(
        "Add a retention step to the scheduled job, e.g. restic forget --keep-daily 7 --keep-weekly 4 "
        "--keep-monthly 6 --prune, or borg prune --keep-daily 7 --keep-weekly 4."
    ),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=30,
        en=PlainWords(
            meaning="Nothing decides how long old backups are kept.",
            why=(
                "Either old copies are overwritten too soon to undo slowly noticed damage, or they pile up until "
                "the backup storage fills and backups stop."
            ),
            fix="Set how many daily, weekly and monthly copies to keep and let the backup remove older ones.",
        ),
        fr=PlainWords(
            meaning="Rien ne fixe la durée de conservation des anciennes sauvegardes.",
            why=(
                "Soit les anciennes copies sont écrasées trop tôt pour réparer un dégât remarqué tardivement, "
                "soit elles s'accumulent jusqu'à saturer le stockage et bloquer les sauvegardes."
            ),
            fix=(
                "Définir combien de copies quotidiennes, hebdomadaires et mensuelles conserver et laisser la "
                "sauvegarde supprimer les plus anciennes."
            ),
        ),
    ),
    facts=(SCHEDULED_JOBS.name,),
    references={"cis-v8": ("11.1",), "nist-csf-2": ("PR.DS-11",), "iso27001-2022": ("A.8.13",)},
)

_COMMANDS = frozenset(BACKUP_COMMANDS)
_BORGMATIC_ACTIONS = frozenset(
    {
        "create",
        "check",
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
_RETENTION = {
    "restic": re.compile(r"\bforget\b.*--keep-|--keep-.*\bforget\b"),
    "resticprofile": re.compile(r"\bforget\b"),
    "borg": re.compile(r"\bprune\b.*--keep-"),
    "rsnapshot": re.compile(r"\brsnapshot\s+(-\S+\s+)*(?!(configtest|du|diff|sync|help|version)\b)[a-z]+\b"),
    "duplicity": re.compile(r"\b(remove-older-than|remove-all-but-n-full|remove-all-inc-of-but-n-full)\b"),
    "duply": re.compile(r"\bpurge(Full|Incr)?\b"),
    "rdiff-backup": re.compile(r"--remove-older-than|\bremove\s+increments\b"),
}


def keeps_retention(command: str, line: str) -> bool:
    if command == "borgmatic":
        words = set(re.split(r"\s+", line.split("borgmatic", 1)[1]))
        return "prune" in words or not (words & _BORGMATIC_ACTIONS)
    pattern = _RETENTION.get(command)
    return pattern is not None and pattern.search(line) is not None


def evaluate(facts: Facts) -> Verdict:
    jobs = facts.get(SCHEDULED_JOBS)
    backups: list[str] = []
    retention: list[str] = []
    for source in jobs.sources:
        for line in source.command_lines:
            command = runs_command(line, _COMMANDS)
            if command is None:
                continue
            backups.append(f"{source.path}: {line}")
            if keeps_retention(command, line):
                retention.append(f"{source.path}: {line}")
    if retention:
        return Verdict.passed(f"retention in {len(retention)} scheduled job line(s)", tuple(retention))
    if jobs.unreadable:
        return Verdict.cannot_assess(
            f"no retention found, but {len(jobs.unreadable)} location(s) could not be read (needs root): "
            + ", ".join(jobs.unreadable)
        )
    if not backups:
        return Verdict.failed("no scheduled backup job, so no retention (see backup-scheduled)")
    return Verdict.failed("scheduled backups never expire old backups", tuple(backups))


def _cron(*lines: str) -> dict[str, Any]:
    return {"sources": [{"kind": "crontab", "path": "/etc/cron.d/backup", "lines": list(lines)}]}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "restic forget with keep rules",
            {
                "scheduled_jobs": _cron(
                    "15 2 * * * root restic backup /etc /home >> /var/log/restic.log 2>&1",
                    "45 3 * * 0 root restic forget --keep-daily 7 --keep-weekly 4 --prune >> /var/log/restic.log 2>&1",
                )
            },
            Status.PASS,
        ),
        Case("restic backup only", {"scheduled_jobs": _cron("15 2 * * * root restic backup /etc /home")}, Status.FAIL),
        Case("rsnapshot rotation", {"scheduled_jobs": _cron("30 3 * * * root /usr/bin/rsnapshot daily")}, Status.PASS),
        Case(
            "rsnapshot configtest only", {"scheduled_jobs": _cron("0 1 * * * root rsnapshot configtest")}, Status.FAIL
        ),
        Case(
            "borgmatic timer with default actions",
            {
                "scheduled_jobs": {
                    "sources": [
                        {
                            "kind": "timer",
                            "path": "/etc/systemd/system/timers.target.wants/borgmatic.timer",
                            "lines": [
                                "OnCalendar=daily",
                                "ExecStart=/usr/bin/borgmatic --verbosity -1 --syslog-verbosity 1",
                            ],
                        }
                    ]
                }
            },
            Status.PASS,
        ),
        Case(
            "borgmatic create only", {"scheduled_jobs": _cron("0 2 * * * root borgmatic create --stats")}, Status.FAIL
        ),
        Case(
            "no backup jobs",
            {"scheduled_jobs": _cron("0 4 * * * root /usr/sbin/logrotate /etc/logrotate.conf")},
            Status.FAIL,
        ),
        Case(
            "nothing found, root crontabs unreadable",
            {"scheduled_jobs": {"sources": [], "unreadable": ["/var/spool/cron/crontabs"]}},
            Status.ERROR,
        ),
    ),
)
