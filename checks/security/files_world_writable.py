"""files-world-writable: no world-writable files (or non-sticky directories) in system paths.

A world-writable file under /etc, /usr or /boot lets any local user or compromised service
change configuration or code that root later reads or runs: a direct privilege escalation.
Audited as a plain user, directories that user cannot search are skipped by find; that still
passes, because the risk is writes by unprivileged users, and they cannot reach those files either.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.world_writable import WORLD_WRITABLE

META = CheckMeta(
    id="files-world-writable",
    title="No world-writable files in system directories",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Files that every user may modify inside system paths let an unprivileged process plant code or "
        "configuration that root will use."
    ),
    remediation="Remove the write bit for others (chmod o-w PATH), or set the sticky bit on shared directories.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="Some system files can be changed by any user of the machine.",
            why=(
                "Any user or compromised program could change files the system relies on and turn a small "
                "break-in into full control."
            ),
            fix="Remove the permission for everyone to change these system files.",
        ),
        fr=PlainWords(
            meaning="Certains fichiers système peuvent être modifiés par n'importe quel utilisateur de la machine.",
            why=(
                "N'importe quel utilisateur ou programme compromis pourrait modifier des fichiers dont dépend le "
                "système et transformer une petite intrusion en contrôle total."
            ),
            fix="Retirer à tous les utilisateurs le droit de modifier ces fichiers système.",
        ),
    ),
    facts=(WORLD_WRITABLE.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.AA-05",), "iso27001-2022": ("A.8.3",)},
    fixes=("world-writable",),
)

DETAIL_LIMIT = 50


def evaluate(facts: Facts) -> Verdict:
    found = facts.get(WORLD_WRITABLE)
    if found.paths:
        details = found.paths[:DETAIL_LIMIT]
        if len(found.paths) > DETAIL_LIMIT:
            details += (f"... and {len(found.paths) - DETAIL_LIMIT} more",)
        if found.truncated:
            details += ("(the probe lists at most 500 paths per directory: there are more)",)
        return Verdict.failed(f"{len(found.paths)} world-writable path(s) in system directories", details)
    if found.errors:
        # what the audit user cannot reach, other unprivileged users cannot reach either
        return Verdict.passed(
            f"none found; {len(found.errors)} location(s) were not searchable by the audit user, "
            "so not reachable by unprivileged users",
            found.errors,
        )
    return Verdict.passed("no world-writable files or non-sticky directories in system paths")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("clean", {"world_writable": {"paths": [], "skipped": ["/bin", "/sbin", "/lib"]}}, Status.PASS),
        Case(
            "findings",
            {"world_writable": {"paths": ["/etc/auditor-ww-test", "/usr/local/share/auditor-ww"], "skipped": ["/bin"]}},
            Status.FAIL,
        ),
        Case(
            "findings as a plain user",
            {"world_writable": {"paths": ["/etc/app.conf"], "errors": ["'/etc/ssl/private': Permission denied"]}},
            Status.FAIL,
        ),
        Case(
            "nothing found, some directories not searchable by the audit user",
            {"world_writable": {"paths": [], "errors": ["'/etc/ssl/private': Permission denied"]}},
            Status.PASS,
        ),
        Case("probe failed", {"world_writable": "output incomplete"}, Status.ERROR),
    ),
)
