"""backup-last-run-succeeded: the most recent backup run did not fail.

backup-recent asks when a backup last succeeded; this asks whether the latest run - by the newest
backup log that tells success or failure - failed, which is the signal to act on today. A run
whose log says neither is skipped; no telling log at all is a failure to evidence anything.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.backup_evidence import BACKUP_EVIDENCE

META = CheckMeta(
    id="backup-last-run-succeeded",
    title="The latest backup run succeeded",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "A failing backup job keeps failing until someone reads its log; each failed night is a night of data at risk."
    ),
    remediation=(
        "Read the failing log (shown), fix the cause (credentials, space, network), and alert on the job's exit status."
    ),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=45,
        en=PlainWords(
            meaning="The most recent backup of this system failed.",
            why=(
                "A failing backup keeps failing until someone reads its log, and each failed night is a night of "
                "work that could be lost."
            ),
            fix="Fix the cause of the failed backup and alert on every failed run.",
        ),
        fr=PlainWords(
            meaning="La dernière sauvegarde de ce système a échoué.",
            why=(
                "Une sauvegarde en échec continue d'échouer tant que personne ne lit son journal, et chaque nuit "
                "ratée est une nuit de travail qui pourrait être perdue."
            ),
            fix="Corriger la cause de l'échec de la sauvegarde et alerter à chaque exécution en échec.",
        ),
    ),
    facts=(BACKUP_EVIDENCE.name,),
    references={
        "cis-v8": ("11.2",),
        "nist-csf-2": ("DE.CM-09",),
        "iso27001-2022": ("A.8.13",),
        "hipaa": ("164.308(a)(7)(ii)(A)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    evidence = facts.get(BACKUP_EVIDENCE)
    now = evidence.now_epoch
    telling = sorted((log for log in evidence.logs if log.outcome != "unknown"), key=lambda log: -log.mtime_epoch)
    if not telling:
        if any(not log.readable for log in evidence.logs):
            return Verdict.cannot_assess("backup logs could not be read (needs root)")
        if evidence.logs:
            return Verdict.failed(
                "backup logs show no success or failure line", tuple(log.path for log in evidence.logs)
            )
        return Verdict.failed("no backup log found to show how the last run went")
    latest = telling[0]
    last = latest.tail[-1] if latest.tail else ""
    shown = f"{latest.path} ({latest.age_hours(now):.0f}h old)"
    if latest.outcome == "failure":
        return Verdict.failed(f"the latest backup run failed: {shown}", (last,) if last else ())
    return Verdict.passed(f"the latest backup run succeeded: {shown}", (last,) if last else ())


_NOW = 1768478400


def _logs(*logs: tuple[str, int, list[str]]) -> dict[str, Any]:
    return {
        "backup_evidence": {
            "now_epoch": _NOW,
            "logs": [{"path": p, "mtime_epoch": _NOW - hours * 3600, "tail": tail} for p, hours, tail in logs],
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("restic saved a snapshot", _logs(("/var/log/restic.log", 3, ["snapshot 8468a64f saved"])), Status.PASS),
        Case(
            "tonight's run failed",
            _logs(
                ("/var/log/backup-offsite.log", 1, ["Fatal: wrong password or no key found"]),
                ("/var/log/restic.log", 25, ["snapshot 8468a64f saved"]),
            ),
            Status.FAIL,
        ),
        Case("no logs", {"backup_evidence": {"now_epoch": _NOW, "logs": []}}, Status.FAIL),
        Case(
            "unreadable",
            {
                "backup_evidence": {
                    "now_epoch": _NOW,
                    "logs": [{"path": "/var/log/restic.log", "mtime_epoch": _NOW, "readable": False}],
                }
            },
            Status.ERROR,
        ),
    ),
)
