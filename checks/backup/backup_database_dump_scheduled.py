"""backup-database-dump-scheduled: where a database server runs, a dump of it is scheduled.

Complements backup-database-dumps-fresh (the result) with the cause: a cron job or timer that runs
mysqldump/mariadb-dump/mariadb-backup/xtrabackup/mydumper, pg_dump/pg_dumpall/pg_basebackup,
pgBackRest, Barman or mongodump, or an installed automysqlbackup/autopostgresqlbackup (which
schedule themselves in cron.daily). Not applicable without a database server.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.backupkit import DUMP_COMMANDS, DUMP_PACKAGES, backup_job_lines, database_servers
from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.listening_sockets import LISTENING_SOCKETS
from auditor.probes.packages import PACKAGES
from auditor.probes.scheduled_jobs import SCHEDULED_JOBS

META = CheckMeta(
    id="backup-database-dump-scheduled",
    title="Database dumps are scheduled",
    category=Category.BACKUP,
    severity=Severity.MEDIUM,
    rationale="A database dump that depends on someone running it by hand stops happening.",
    remediation="Install automysqlbackup / autopostgresqlbackup, or add a nightly dump job to /etc/cron.d.",
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=30,
        en=PlainWords(
            meaning="The database on this system is not exported for backup on a schedule.",
            why=(
                "A database export that depends on someone running it by hand stops happening, and the database "
                "is then not really backed up."
            ),
            fix="Schedule a nightly export of the database before the file backup runs.",
        ),
        fr=PlainWords(
            meaning="La base de données de ce système n'est pas exportée pour la sauvegarde selon un calendrier.",
            why=(
                "Un export qui dépend d'une personne finit par ne plus être fait, et la base n'est alors plus "
                "vraiment sauvegardée."
            ),
            fix="Programmer un export nocturne de la base de données avant la sauvegarde des fichiers.",
        ),
    ),
    facts=(PACKAGES.name, LISTENING_SOCKETS.name, SCHEDULED_JOBS.name),
    references={"cis-v8": ("11.2",), "nist-csf-2": ("PR.DS-11",), "iso27001-2022": ("A.8.13",)},
)


def evaluate(facts: Facts) -> Verdict:
    servers = database_servers(facts)
    if not servers:
        return Verdict.not_applicable("no database server installed or listening")
    packages = facts.get(PACKAGES)
    tools = packages.installed(DUMP_PACKAGES)
    if tools:
        return Verdict.passed(f"dump tool installed and self-scheduling: {', '.join(tools)}", servers)
    jobs = facts.get(SCHEDULED_JOBS)
    dumps = tuple(job.label for job in backup_job_lines(jobs, DUMP_COMMANDS))
    if dumps:
        return Verdict.passed(f"{len(dumps)} scheduled dump job line(s)", dumps)
    if jobs.unreadable:
        return Verdict.cannot_assess(f"no dump job found; could not read {', '.join(jobs.unreadable)} (needs root)")
    return Verdict.failed(f"database server present ({servers[0]}) but no dump is scheduled", servers)


def _case(packages: dict[str, str], *lines: str) -> dict[str, Any]:
    return {
        "packages": {"manager": "dpkg", "packages": packages},
        "listening_sockets": {"sockets": []},
        "scheduled_jobs": {"sources": [{"kind": "crontab", "path": "/etc/cron.d/db", "lines": list(lines)}]},
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "nightly mariadb-dump",
            _case(
                {"mariadb-server": "1:10.11.6"},
                "0 1 * * * root mariadb-dump --all-databases | gzip > /var/backups/mysql/all.sql.gz",
            ),
            Status.PASS,
        ),
        Case(
            "automysqlbackup", _case({"mariadb-server": "1:10.11.6", "automysqlbackup": "2.6+debian.4-3"}), Status.PASS
        ),
        Case("nothing scheduled", _case({"postgresql-15": "15.6"}, "15 1 * * * root restic backup /etc"), Status.FAIL),
        Case("no database", _case({"nginx": "1.22"}), Status.NOT_APPLICABLE),
    ),
)
