"""backup-database-dumps-fresh: where a database server runs, a recent dump of it exists.

File-level backups of a running database's data directory are usually inconsistent; a dump (or a
database-aware backup) is what restores. Applies when a database server is installed or listens
on 3306/5432/27017. Dump files are looked for by the globs in backup_db_dump_paths (default:
*sql* and *dump* files in /var/backups and its mysql/postgresql folders, automysqlbackup's and
autopostgresqlbackup's folders), among the files the probe lists in its fixed evidence folders;
the newest must be younger than backup_db_dump_max_age_hours (default: backup_max_age_hours, 26).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.backupkit import DEFAULT_DUMP_PATHS, DEFAULT_MAX_AGE_HOURS, MAX_AGE_HOURS, database_servers
from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_list, setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.backup_state import BACKUP_STATE
from auditor.probes.listening_sockets import LISTENING_SOCKETS
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="backup-database-dumps-fresh",
    title="Database servers have a recent dump",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "Copying a live database's files rarely gives a consistent backup; without a recent dump the "
        "database is effectively not backed up."
    ),
    remediation=(
        "Dump nightly before the file backup runs (mariadb-dump --all-databases --single-transaction, "
        "pg_dumpall, or automysqlbackup/autopostgresqlbackup) into /var/backups/<engine>/."
    ),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=45,
        en=PlainWords(
            meaning="The database on this system has no recent export that a backup could restore.",
            why=(
                "Copying a running database's files rarely gives a usable copy, so a failure could lose the "
                "business data it holds."
            ),
            fix="Export the database every night and include the export in the backup.",
        ),
        fr=PlainWords(
            meaning="La base de données de ce système n'a pas d'export récent qu'une sauvegarde pourrait restaurer.",
            why=(
                "Copier les fichiers d'une base en fonctionnement donne rarement une copie utilisable : une panne "
                "pourrait faire perdre les données métier qu'elle contient."
            ),
            fix="Exporter la base de données chaque nuit et inclure cet export dans la sauvegarde.",
        ),
    ),
    facts=(PACKAGES.name, LISTENING_SOCKETS.name, BACKUP_STATE.name),
    references={
        "cis-v8": ("11.2",),
        "nist-csf-2": ("PR.DS-11",),
        "iso27001-2022": ("A.8.13",),
        "hipaa": ("164.308(a)(7)(ii)(A)",),
    },
    settings=(
        MAX_AGE_HOURS,
        Setting(
            name="backup_db_dump_paths",
            type=list,
            default=DEFAULT_DUMP_PATHS,
            doc="Globs of database dump files the backup probe lists (absolute paths).",
        ),
        Setting(
            name="backup_db_dump_max_age_hours",
            type=float,
            doc="Hours a database dump may age; unset: backup_max_age_hours.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    servers = database_servers(facts)
    if not servers:
        return Verdict.not_applicable("no database server installed or listening")
    state = facts.get(BACKUP_STATE)
    patterns = setting_list(facts, "backup_db_dump_paths", DEFAULT_DUMP_PATHS)
    limit = setting_number(
        facts, "backup_db_dump_max_age_hours", setting_number(facts, "backup_max_age_hours", DEFAULT_MAX_AGE_HOURS)
    )
    dumps = state.evidence_matching(patterns)
    if not dumps:
        return Verdict.failed(f"database server present ({servers[0]}) but no dump file found", servers)
    newest = dumps[0]
    hours = newest.age_hours(state.now_epoch)
    details = (*servers, *(f"{d.path} ({d.size} bytes, {d.age_hours(state.now_epoch):.0f}h old)" for d in dumps[:5]))
    if hours > limit:
        return Verdict.failed(f"newest dump is {hours:.0f}h old (limit {limit:g}h): {newest.path}", details)
    return Verdict.passed(f"newest dump {hours:.0f}h old (limit {limit:g}h): {newest.path}", details)


_NOW = 1768478400


def _case(packages: dict[str, str], dumps: list[tuple[str, float]], port: int | None = None) -> dict[str, Any]:
    sockets = [{"protocol": "tcp", "address": "127.0.0.1", "port": port, "processes": []}] if port else []
    return {
        "packages": {"manager": "dpkg", "packages": packages},
        "listening_sockets": {"sockets": sockets},
        "backup_state": {
            "now_epoch": _NOW,
            "evidence": [{"path": p, "mtime_epoch": int(_NOW - h * 3600), "size": 4096} for p, h in dumps],
        },
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "nightly dump",
            _case({"mariadb-server": "1:10.11.6-0"}, [("/var/backups/mysql/all.sql.gz", 5)]),
            Status.PASS,
        ),
        Case(
            "dump a week old",
            _case({"mariadb-server": "1:10.11.6-0"}, [("/var/backups/mysql/all.sql.gz", 170)]),
            Status.FAIL,
        ),
        Case("no dump at all", _case({"postgresql-15": "15.6-0"}, [("/var/backups/dpkg.status.0", 2)]), Status.FAIL),
        Case("found by its port only", _case({}, [], port=5432), Status.FAIL),
        Case("no database", _case({"nginx": "1.22"}, []), Status.NOT_APPLICABLE),
    ),
)
