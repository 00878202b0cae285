"""backup-schedule-frequency: the backup job runs at least as often as the backup policy requires.

A weekly job can never meet a 26-hour recovery point. The longest gap between runs is worked out
from the schedule: the cron time fields (or @daily-style nicknames), the cron.{hourly,daily,weekly,
monthly} folder a script is in, or a timer's OnCalendar/OnUnitActiveSec. The most frequent backup
job must run at least every backup_max_age_hours (default 26).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.backupkit import (
    DEFAULT_MAX_AGE_HOURS,
    MAX_AGE_HOURS,
    backup_job_lines,
    backup_references,
    job_period_hours,
)
from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.scheduled_jobs import SCHEDULED_JOBS

META = CheckMeta(
    id="backup-schedule-frequency",
    title="Backups are scheduled often enough for the policy",
    category=Category.BACKUP,
    severity=Severity.MEDIUM,
    rationale=(
        "The schedule bounds the data lost in a failure; a job that runs less often than the policy can never meet it."
    ),
    remediation="Run the backup at least daily (e.g. 15 1 * * * in /etc/cron.d, or OnCalendar=daily in a timer).",
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=15,
        en=PlainWords(
            meaning="Backups run less often than the client's backup policy requires.",
            why=(
                "The time between backups is the amount of work that a failure would lose; a job that runs too "
                "rarely can never meet the promise."
            ),
            fix="Run the backup at least as often as the policy asks, normally every night.",
        ),
        fr=PlainWords(
            meaning="Les sauvegardes s'exécutent moins souvent que ne l'exige la politique de sauvegarde du client.",
            why=(
                "L'intervalle entre deux sauvegardes correspond au travail perdu en cas de panne ; une tâche trop "
                "espacée ne peut jamais tenir l'engagement."
            ),
            fix="Lancer la sauvegarde au moins aussi souvent que l'exige la politique, normalement chaque nuit.",
        ),
    ),
    facts=(SCHEDULED_JOBS.name,),
    references=backup_references("11.2", hipaa=None),
    settings=(MAX_AGE_HOURS,),
)


def evaluate(facts: Facts) -> Verdict:
    jobs = facts.get(SCHEDULED_JOBS)
    limit = setting_number(facts, "backup_max_age_hours", DEFAULT_MAX_AGE_HOURS)
    lines = backup_job_lines(jobs)
    periods = [(job_period_hours(job), job) for job in lines]
    known = [(period, job) for period, job in periods if period is not None]
    details = tuple(
        f"every {p:g}h: {job.label}" if p is not None else f"schedule unknown: {job.label}" for p, job in periods
    )
    if known:
        best = min(period for period, _ in known)
        if best <= limit:
            return Verdict.passed(f"the most frequent backup job runs every {best:g}h (limit {limit:g}h)", details)
        return Verdict.failed(f"the most frequent backup job runs only every {best:g}h (limit {limit:g}h)", details)
    if lines:
        return Verdict.cannot_assess(f"backup jobs found, but their schedule could not be read: {details[0]}")
    if jobs.unreadable:
        return Verdict.cannot_assess(f"no backup job found; could not read {', '.join(jobs.unreadable)} (needs root)")
    return Verdict.failed("no scheduled backup job")


def _source(kind: str, path: str, *lines: str) -> dict[str, Any]:
    return {"scheduled_jobs": {"sources": [{"kind": kind, "path": path, "lines": list(lines)}]}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "nightly cron.d",
            _source("crontab", "/etc/cron.d/restic", "30 0 * * * root restic backup /etc"),
            Status.PASS,
        ),
        Case("weekly", _source("crontab", "/etc/cron.d/restic", "30 0 * * 0 root restic backup /etc"), Status.FAIL),
        Case("weekdays", _source("crontab", "/etc/crontab", "0 22 * * 1-5 root borgmatic"), Status.FAIL),
        Case(
            "weekdays with a 72h policy",
            _source("crontab", "/etc/crontab", "0 22 * * 1-5 root borgmatic"),
            Status.PASS,
            settings={"backup_max_age_hours": "72"},
        ),
        Case("cron.daily script", _source("cron-script", "/etc/cron.daily/backup", "restic backup /srv"), Status.PASS),
        Case(
            "daily timer",
            _source("timer", "/etc/systemd/system/borgmatic.timer", "OnCalendar=daily", "ExecStart=/usr/bin/borgmatic"),
            Status.PASS,
        ),
        Case("no job", {"scheduled_jobs": {"sources": []}}, Status.FAIL),
    ),
)
