"""win-shadow-copies-recent: the system volume has a shadow copy younger than N days.

Volume Shadow Copies ("Previous Versions", System Restore points, the snapshots backup tools take)
are the fastest way back from a deleted or encrypted file, and ransomware deletes them first
(vssadmin delete shadows), so a system volume whose newest copy is old or missing has lost that
layer. They live on the host, so they never replace a backup (win-backup-offhost-target). The
limit is `shadow_copy_max_age_days` (default 7: the default Windows Server schedule takes two a
day on volumes where it is enabled). The system volume is the host's SystemDrive.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winbackupkit import age_hours
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_shadow_copies import WIN_SHADOW_COPIES

DEFAULT_MAX_AGE_DAYS = 7

META = CheckMeta(
    id="win-shadow-copies-recent",
    title="The system volume has a recent shadow copy",
    category=Category.BACKUP,
    severity=Severity.LOW,
    rationale=(
        "Shadow copies let a user or engineer restore a file in minutes; ransomware deletes them first, so a missing "
        "or stale copy on the system volume is both a lost recovery layer and a possible sign of tampering."
    ),
    remediation=(
        "Enable shadow copies on the system volume (Computer Management > Shared Folders > Configure Shadow Copies, "
        "or a scheduled task running 'vssadmin create shadow /for=C:' on Server) and make sure the backup tool does "
        "not delete them; investigate if they disappeared."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=20,
        en=PlainWords(
            meaning="The system drive has no recent snapshot that would let someone restore a file in minutes.",
            why=(
                "Ransomware deletes these snapshots first, so their absence is both a lost safety net and a "
                "possible sign of tampering."
            ),
            fix="Turn on regular snapshots of the system drive and investigate why they are missing.",
        ),
        fr=PlainWords(
            meaning=(
                "Le disque système n'a pas d'instantané récent qui permettrait de restaurer un fichier en "
                "quelques minutes."
            ),
            why=(
                "Les rançongiciels suppriment d'abord ces instantanés : leur absence est à la fois un filet de "
                "sécurité perdu et un signe possible de manipulation."
            ),
            fix="Activer des instantanés réguliers du disque système et chercher pourquoi ils manquent.",
        ),
    ),
    facts=(WIN_SHADOW_COPIES.name,),
    references={
        "cis-v8": ("11.2",),
        "nist-csf-2": ("PR.DS-11",),
        "iso27001-2022": ("A.8.13",),
    },
    settings=(
        Setting(
            name="shadow_copy_max_age_days",
            type=float,
            default=DEFAULT_MAX_AGE_DAYS,
            doc="Days since the newest shadow copy before it is stale.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    shadows = facts.get(WIN_SHADOW_COPIES)
    limit = setting_number(facts, "shadow_copy_max_age_days", DEFAULT_MAX_AGE_DAYS)
    details = tuple(
        f"{v.drive_letter or v.volume}: {v.count} cop{'y' if v.count == 1 else 'ies'}, newest "
        f"{v.newest.date().isoformat()}"
        for v in shadows.volumes
    )
    system = shadows.for_drive(shadows.system_drive)
    if system is None:
        return Verdict.failed(f"no shadow copy of the system volume {shadows.system_drive}", details)
    days = age_hours(facts.now, system.newest) / 24
    if days > limit:
        return Verdict.failed(
            f"newest shadow copy of {shadows.system_drive} is {days:.0f} days old (limit {limit:g} days)", details
        )
    return Verdict.passed(f"newest shadow copy of {shadows.system_drive} is {days:.1f} days old", details)


# From tests/probes/golden/win_shadow_copies: system-volume (C: newest 2026-01-15 07:00 UTC), data-volume-only, none.
_C = {
    "volume": "\\\\?\\Volume{4c1b02c1-d990-11dc-99ae-806e6f6e6963}\\",
    "drive_letter": "C:",
    "count": 12,
    "newest": "2026-01-15T07:00:12Z",
    "oldest": "2026-01-09T07:00:09Z",
}
_D = {
    "volume": "\\\\?\\Volume{7a3d5e21-1f0b-4c8e-9d2a-5b6c7d8e9f01}\\",
    "drive_letter": "D:",
    "count": 3,
    "newest": "2026-01-15T11:00:12Z",
    "oldest": "2026-01-06T11:46:40Z",
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "system volume copied this morning",
            {"win_shadow_copies": {"system_drive": "C:", "volumes": [_C, _D]}},
            Status.PASS,
        ),
        Case(
            "only the data volume has copies",
            {"win_shadow_copies": {"system_drive": "C:", "volumes": [_D]}},
            Status.FAIL,
        ),
        Case("no shadow copies at all", {"win_shadow_copies": {"system_drive": "C:"}}, Status.FAIL),
        Case(
            "system volume copy 14 days old",
            {"win_shadow_copies": {"system_drive": "C:", "volumes": [{**_C, "newest": "2026-01-01T07:00:12Z"}]}},
            Status.FAIL,
        ),
        Case(
            "a 30-day policy accepts 14 days",
            {"win_shadow_copies": {"system_drive": "C:", "volumes": [{**_C, "newest": "2026-01-01T07:00:12Z"}]}},
            Status.PASS,
            settings={"shadow_copy_max_age_days": 30},
        ),
        Case(
            "not elevated",
            {"win_shadow_copies": "shadow copy listing failed: CimException: Access denied"},
            Status.ERROR,
        ),
    ),
)
