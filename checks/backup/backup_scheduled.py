"""backup-scheduled: some cron job or systemd timer runs a backup tool.

A backup that depends on someone remembering to run it stops happening. A job counts when one of
its lines runs a known backup command (restic, borg, borgmatic, rsnapshot, duplicity, ...) as a
word of the command line; a wrapper script elsewhere on disk is not followed, so a job that only
calls /usr/local/bin/backup.sh is not recognised. When nothing is found but some crontabs could
not be read (audit without root), the answer is unknown, not "no".
"""

from __future__ import annotations

from auditor.checklib.backupkit import backup_references
from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.backup_evidence import BACKUP_COMMANDS
from auditor.probes.scheduled_jobs import SCHEDULED_JOBS, JobSource, runs_command

META = CheckMeta(
    id="backup-scheduled",
    title="Backups run on a schedule",
    category=Category.BACKUP,
    severity=Severity.MEDIUM,
    rationale=(
        "Only scheduled backups happen reliably; a manual backup routine silently stops when the person "
        "running it is busy or leaves."
    ),
    remediation=(
        "Schedule the backup with a systemd timer or a line in /etc/cron.d that invokes the backup tool "
        "directly (e.g. 15 2 * * * root restic backup /etc /home /var)."
    ),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=30,
        en=PlainWords(
            meaning="Backups on this system only run when someone starts them by hand.",
            why="Manual routines stop quietly when the person is busy, on holiday or leaves the company.",
            fix="Schedule the backup to run automatically every day.",
        ),
        fr=PlainWords(
            meaning="Les sauvegardes de ce système ne se lancent que si quelqu'un les démarre à la main.",
            why=(
                "Les routines manuelles s'arrêtent discrètement quand la personne est occupée, en congé ou quitte "
                "l'entreprise."
            ),
            fix="Programmer la sauvegarde pour qu'elle s'exécute automatiquement chaque jour.",
        ),
    ),
    facts=(SCHEDULED_JOBS.name,),
    references=backup_references("11.2"),
)

_COMMANDS = frozenset(BACKUP_COMMANDS)


def backup_jobs(sources: tuple[JobSource, ...]) -> tuple[str, ...]:
    return tuple(
        f"{source.path}: {line}"
        for source in sources
        for line in source.command_lines
        if runs_command(line, _COMMANDS) is not None
    )


def evaluate(facts: Facts) -> Verdict:
    jobs = facts.get(SCHEDULED_JOBS)
    found = backup_jobs(jobs.sources)
    if found:
        return Verdict.passed(f"{len(found)} scheduled backup job line(s)", found)
    if jobs.unreadable:
        return Verdict.cannot_assess(
            f"no backup job found, but {len(jobs.unreadable)} location(s) could not be read (needs root): "
            + ", ".join(jobs.unreadable)
        )
    return Verdict.failed("no cron job or systemd timer runs a known backup tool")


_CRON_RESTIC = {
    "kind": "crontab",
    "path": "/etc/cron.d/restic",
    "lines": [
        "RESTIC_REPOSITORY=sftp:backup@nas:/srv/restic",
        "15 2 * * * root restic backup /etc /home >> /var/log/restic.log 2>&1",
    ],
}
_BORGMATIC_TIMER = {
    "kind": "timer",
    "path": "/etc/systemd/system/timers.target.wants/borgmatic.timer",
    "service": "/lib/systemd/system/borgmatic.service",
    "lines": [
        "OnCalendar=daily",
        "ExecStart=systemd-inhibit --who=borgmatic /usr/bin/borgmatic --verbosity -1 --syslog-verbosity 1",
    ],
}
_DEBIAN_DEFAULTS = [
    {
        "kind": "crontab",
        "path": "/etc/cron.d/e2scrub_all",
        "lines": [
            "30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 "
            "/usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron"
        ],
    },
    {
        "kind": "timer",
        "path": "/etc/systemd/system/timers.target.wants/dpkg-db-backup.timer",
        "service": "/lib/systemd/system/dpkg-db-backup.service",
        "lines": ["OnCalendar=daily", "ExecStart=/usr/libexec/dpkg/dpkg-db-backup"],
    },
]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("restic in cron.d", {"scheduled_jobs": {"sources": [*_DEBIAN_DEFAULTS, _CRON_RESTIC]}}, Status.PASS),
        Case("borgmatic timer", {"scheduled_jobs": {"sources": [*_DEBIAN_DEFAULTS, _BORGMATIC_TIMER]}}, Status.PASS),
        Case(
            "restic in a cron.daily script",
            {
                "scheduled_jobs": {
                    "sources": [
                        {
                            "kind": "cron-script",
                            "path": "/etc/cron.daily/backup",
                            "lines": ["set -e", "/usr/bin/restic backup --one-file-system /"],
                        }
                    ]
                }
            },
            Status.PASS,
        ),
        Case(
            "only Debian defaults (dpkg-db-backup is not a backup)",
            {"scheduled_jobs": {"sources": _DEBIAN_DEFAULTS}},
            Status.FAIL,
        ),
        Case(
            "tool name only in paths and variables",
            {
                "scheduled_jobs": {
                    "sources": [
                        {
                            "kind": "crontab",
                            "path": "/etc/cron.d/x",
                            "lines": [
                                "RESTIC_REPOSITORY=/srv/restic",
                                "0 1 * * * root gzip /var/log/restic.log",
                                "0 2 * * * root rsync -a /data/ /srv/borg",
                            ],
                        }
                    ]
                }
            },
            Status.FAIL,
        ),
        Case(
            "nothing visible, root crontabs unreadable",
            {"scheduled_jobs": {"sources": _DEBIAN_DEFAULTS, "unreadable": ["/var/spool/cron/crontabs"]}},
            Status.ERROR,
        ),
        Case(
            "found even though some crontabs unreadable",
            {"scheduled_jobs": {"sources": [_CRON_RESTIC], "unreadable": ["/var/spool/cron/crontabs"]}},
            Status.PASS,
        ),
    ),
)
