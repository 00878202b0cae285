"""backup-destination-offhost: at least one backup goes to another machine.

A backup on the disk it protects dies with that disk, and ransomware with root encrypts it too.
Destinations are read from the scheduled backup jobs (RESTIC_REPOSITORY=/BORG_REPO= lines, -r and
--repo arguments, borg REPO::ARCHIVE, duplicity URLs) and from backup configuration files. Remote:
a URL or scheme (sftp:, s3:, b2:, rest:, rclone:, ssh://, ...), user@host:path, or a local path on
a network file system (NFS, CIFS, sshfs mount). Local: a plain path on a local file system, or a
name for localhost. Passes when any destination is off the host.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.backupkit import backup_job_lines, backup_references, repositories
from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.backup_state import BACKUP_STATE
from auditor.probes.mounts import MOUNTS
from auditor.probes.scheduled_jobs import SCHEDULED_JOBS

META = CheckMeta(
    id="backup-destination-offhost",
    title="Backups are stored off the host",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "A backup kept on the machine it protects is lost with its disk, its data centre or a ransomware "
        "infection; only a copy elsewhere allows recovery."
    ),
    remediation=(
        "Point the repository at another system: e.g. RESTIC_REPOSITORY=sftp:backup@backup-host:/srv/restic/HOST "
        "or an S3/B2 bucket, or borg on user@backup-host:repo; keep a local copy in addition if wanted."
    ),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=60,
        en=PlainWords(
            meaning="The backups are kept on the same machine they are meant to protect.",
            why="A dead disk, a fire, a theft or ransomware takes the backups with the data.",
            fix="Send the backups to another system or to cloud storage, away from this machine.",
        ),
        fr=PlainWords(
            meaning="Les sauvegardes sont conservées sur la machine même qu'elles doivent protéger.",
            why=(
                "Une panne de disque, un incendie, un vol ou un rançongiciel emportent les sauvegardes avec les "
                "données."
            ),
            fix="Envoyer les sauvegardes vers un autre système ou un stockage en ligne, loin de cette machine.",
        ),
    ),
    facts=(SCHEDULED_JOBS.name, BACKUP_STATE.name, MOUNTS.name),
    references=backup_references("11.4"),
)


def evaluate(facts: Facts) -> Verdict:
    jobs = backup_job_lines(facts.get(SCHEDULED_JOBS))
    state = facts.get(BACKUP_STATE)
    repos = repositories(jobs, state, facts.get(MOUNTS))
    details = tuple(f"{r.location} ({r.reason}) in {r.where}" for r in repos)
    remote = [r for r in repos if r.off_host]
    if remote:
        return Verdict.passed(f"backups go to {', '.join(sorted({r.location for r in remote}))}", details)
    if repos:
        return Verdict.failed(
            f"every backup destination is on this host: {', '.join(sorted({r.location for r in repos}))}", details
        )
    unseen = facts.get(SCHEDULED_JOBS).unreadable + state.unsearchable
    if unseen:
        return Verdict.cannot_assess(f"no backup destination found; could not read {', '.join(unseen)} (needs root)")
    if jobs:
        return Verdict.cannot_assess("backup jobs found, but none names its destination where auditor can read it")
    return Verdict.failed("no backup destination configured (no backup job or repository found)")


def _cron(*lines: str) -> dict[str, Any]:
    return {
        "scheduled_jobs": {"sources": [{"kind": "crontab", "path": "/etc/cron.d/backup", "lines": list(lines)}]},
        "backup_state": {"now_epoch": 1768478400},
        "mounts": {
            "mounts": [
                {
                    "mount_point": "/mnt/nas",
                    "source": "nas:/export/backup",
                    "fstype": "nfs4",
                    "device": "0:50",
                    "options": ["rw"],
                }
            ]
        },
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "restic over sftp",
            _cron(
                "RESTIC_REPOSITORY=sftp:restic@backup.example:/srv/restic/web1", "15 1 * * * root restic backup /etc"
            ),
            Status.PASS,
        ),
        Case(
            "restic to a local folder",
            _cron("RESTIC_REPOSITORY=/var/backups/restic", "30 0 * * * root restic backup /etc /root /srv"),
            Status.FAIL,
        ),
        Case("borg to a backup host", _cron("0 2 * * * root borg create backup@nas:web1::{now} /etc"), Status.PASS),
        Case("restic to an NFS mount", _cron("0 2 * * * root restic -r /mnt/nas/restic backup /etc"), Status.PASS),
        Case(
            "restic to localhost over sftp",
            _cron("0 2 * * * root restic -r sftp:backup@localhost:/srv/r backup /"),
            Status.FAIL,
        ),
        Case("no backups", _cron("0 4 * * * root /usr/sbin/logrotate /etc/logrotate.conf"), Status.FAIL),
    ),
)
