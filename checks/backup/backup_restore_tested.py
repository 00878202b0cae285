"""backup-restore-tested: a restore test was recorded within the policy period.

A backup is only proven by a restore. The MSP records each restore test as a file on the host;
its modification time is the test's date. Where to look is the client's policy: the setting
backup_restore_evidence_paths (globs; default /var/lib/auditor/evidence/restore-test*), matched
against the files the probe lists in its fixed evidence folders (/var/lib/auditor/evidence,
/var/backups, /srv/backup(s), /backup(s)); a configured path outside those is never found. The
period is backup_restore_test_max_age_days (default 92, a quarter).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.backupkit import backup_references
from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_list, setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.backup_state import BACKUP_STATE, EVIDENCE_DIRS

DEFAULT_PATHS = ("/var/lib/auditor/evidence/restore-test*",)
DEFAULT_DAYS = 92

META = CheckMeta(
    id="backup-restore-tested",
    title="A restore test was recorded within the policy period",
    rule=(
        "Fails when no restore test is recorded in the evidence files within backup_restore_test_max_age_days"
        " (92 by default)."
    ),
    category=Category.BACKUP,
    severity=Severity.MEDIUM,
    rationale=(
        "Untested backups fail at the worst moment: a wrong path, a lost key, a broken repository is only "
        "found by restoring."
    ),
    remediation=(
        "Restore a sample from the latest backup, compare it with the live data, and record the result in "
        "/var/lib/auditor/evidence/restore-test.log (or the path set in the client's backup policy)."
    ),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=60,
        en=PlainWords(
            meaning="Nobody has recorded a test of restoring this system's data from its backups.",
            why=(
                "Backups that were never restored tend to fail when they are needed most: a wrong folder, a lost "
                "key or a broken copy only shows up during a restore."
            ),
            fix="Restore a sample of data from the latest backup, compare it with the original and record the result.",
        ),
        fr=PlainWords(
            meaning="Aucun test de restauration des données de ce système n'a été consigné.",
            why=(
                "Une sauvegarde jamais restaurée échoue souvent au pire moment : un mauvais dossier, une clé "
                "perdue ou une copie abîmée ne se voient qu'à la restauration."
            ),
            fix=(
                "Restaurer un échantillon de données depuis la dernière sauvegarde, le comparer à l'original et "
                "consigner le résultat."
            ),
        ),
    ),
    facts=(BACKUP_STATE.name,),
    references=backup_references("11.5", hipaa="164.308(a)(7)(ii)(D)"),
    settings=(
        Setting(
            name="backup_restore_evidence_paths",
            type=list,
            default=DEFAULT_PATHS,
            doc="Globs of files written after each restore test (absolute paths).",
        ),
        Setting(
            name="backup_restore_test_max_age_days",
            type=float,
            default=DEFAULT_DAYS,
            doc="Days since the last restore test before it is overdue.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    state = facts.get(BACKUP_STATE)
    patterns = setting_list(facts, "backup_restore_evidence_paths", DEFAULT_PATHS)
    limit = setting_number(facts, "backup_restore_test_max_age_days", DEFAULT_DAYS)
    found = state.evidence_matching(patterns)
    if not found:
        return Verdict.failed(
            f"no restore test recorded (looked for {', '.join(patterns)} in {', '.join(EVIDENCE_DIRS)})"
        )
    newest = found[0]
    days = newest.age_hours(state.now_epoch) / 24
    if days > limit:
        return Verdict.failed(f"the last recorded restore test is {days:.0f} days old (limit {limit:g}): {newest.path}")
    return Verdict.passed(f"restore test recorded {days:.0f} days ago (limit {limit:g}): {newest.path}")


_NOW = 1768478400


def _evidence(*files: tuple[str, int]) -> dict[str, Any]:
    return {
        "backup_state": {
            "now_epoch": _NOW,
            "evidence": [{"path": p, "mtime_epoch": _NOW - days * 86400, "size": 120} for p, days in files],
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("tested a month ago", _evidence(("/var/lib/auditor/evidence/restore-test.log", 30)), Status.PASS),
        Case("tested last year", _evidence(("/var/lib/auditor/evidence/restore-test.log", 200)), Status.FAIL),
        Case("never", _evidence(("/var/backups/dpkg.status.0", 1)), Status.FAIL),
        Case(
            "client's own evidence path",
            _evidence(("/var/backups/restore-drill-2026-01.txt", 10)),
            Status.PASS,
            settings={"backup_restore_evidence_paths": ["/var/backups/restore-drill-*"]},
        ),
    ),
)
