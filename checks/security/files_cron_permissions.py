"""files-cron-permissions: cron's configuration is readable and writable by root only.

/etc/crontab and the /etc/cron.{d,hourly,daily,weekly,monthly} folders decide what root runs on a
schedule: write access is root access, and read access shows an attacker which scripts to target.
Limits (as CIS benchmarks set them): /etc/crontab 0600, the folders 0700, all owned by root.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_stats import FILE_STATS

META = CheckMeta(
    id="files-cron-permissions",
    title="cron's files and folders are accessible by root only",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Anyone who can change cron's files runs commands as root; anyone who can read them learns which "
        "root-run scripts to attack."
    ),
    remediation=(
        "chown root:root /etc/crontab /etc/cron.*; chmod 0600 /etc/crontab; "
        "chmod 0700 /etc/cron.d /etc/cron.hourly /etc/cron.daily /etc/cron.weekly /etc/cron.monthly"
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The list of scheduled administrator tasks can be read or changed by ordinary users.",
            why="Changing it runs any command with full rights; reading it shows which scripts to attack.",
            fix="Restrict the scheduled task files to the administrator.",
        ),
        fr=PlainWords(
            meaning=(
                "La liste des tâches planifiées de l'administrateur peut être lue ou modifiée par des "
                "utilisateurs ordinaires."
            ),
            why=(
                "La modifier permet d'exécuter n'importe quelle commande avec tous les droits ; la lire montre "
                "quels scripts attaquer."
            ),
            fix="Réserver les fichiers des tâches planifiées à l'administrateur.",
        ),
    ),
    facts=(FILE_STATS.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.AA-05",), "iso27001-2022": ("A.8.3",)},
)

LIMITS = {
    "/etc/crontab": 0o600,
    "/etc/cron.d": 0o700,
    "/etc/cron.hourly": 0o700,
    "/etc/cron.daily": 0o700,
    "/etc/cron.weekly": 0o700,
    "/etc/cron.monthly": 0o700,
}


def evaluate(facts: Facts) -> Verdict:
    stats = facts.get(FILE_STATS)
    seen, bad = [], []
    for path, limit in LIMITS.items():
        stat = stats.get(path)
        if stat is None:
            continue
        shown = f"{path} {stat.mode} {stat.owner}:{stat.group}"
        seen.append(shown)
        if stat.uid != 0 or stat.gid != 0 or stat.looser_than(limit):
            bad.append(f"{shown} (want {limit:04o} root:root)")
    if not seen:
        return Verdict.not_applicable("no cron configuration (cron not installed)")
    if bad:
        return Verdict.failed(f"{len(bad)} cron path(s) too open", tuple(bad))
    return Verdict.passed(f"{len(seen)} cron path(s) root-only", tuple(seen))


def _stat(path: str, mode: str) -> dict[str, Any]:
    kind = "regular file" if path == "/etc/crontab" else "directory"
    return {"path": path, "mode": mode, "uid": 0, "gid": 0, "owner": "root", "group": "root", "kind": kind}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "hardened",
            {"file_stats": {"files": [_stat("/etc/crontab", "600"), _stat("/etc/cron.d", "700")]}},
            Status.PASS,
        ),
        Case(
            "Debian defaults",
            {"file_stats": {"files": [_stat("/etc/crontab", "644"), _stat("/etc/cron.d", "755")]}},
            Status.FAIL,
        ),
        Case("no cron", {"file_stats": {"missing": list(LIMITS)}}, Status.NOT_APPLICABLE),
    ),
)
