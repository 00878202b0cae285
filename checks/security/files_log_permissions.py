"""files-log-permissions: log files are not readable or writable by every user.

Logs record user names, addresses, commands and sometimes secrets typed in the wrong place; a
world-writable log can be forged. Files under /var/log must give others no access, except the
login accounting files (lastlog, wtmp, btmp) whose group-utmp modes are the system's design
(wtmp is world-readable by design for `last`). The probe lists every other file with any
permission for others.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_stats import FILE_STATS

META = CheckMeta(
    id="files-log-permissions",
    title="Log files are not accessible to all users",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "World-readable logs leak user names, source addresses and mistyped passwords; world-writable ones "
        "can be forged to hide an intrusion."
    ),
    remediation="chmod o-rwx on the listed files, and fix the creating program's mode (rsyslog $FileCreateMode 0640).",
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Some log files can be read or changed by every user of the system.",
            why=(
                "Logs reveal user names and mistyped passwords, and changeable logs let an intruder erase the evidence."
            ),
            fix="Restrict the log files to the administrator and the services that write them.",
        ),
        fr=PlainWords(
            meaning="Certains journaux peuvent être lus ou modifiés par tous les utilisateurs du système.",
            why=(
                "Les journaux révèlent des noms d'utilisateurs et des mots de passe mal saisis, et des journaux "
                "modifiables permettent à un intrus d'effacer les preuves."
            ),
            fix="Réserver les journaux à l'administrateur et aux services qui les écrivent.",
        ),
    ),
    facts=(FILE_STATS.name,),
    references={
        "cis-v8": ("8.3",),
        "nist-csf-2": ("PR.PS-04",),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
)

ACCOUNTING = ("lastlog", "wtmp", "btmp", "faillog")
SHOWN = 50


def evaluate(facts: Facts) -> Verdict:
    stats = facts.get(FILE_STATS)
    opened = [
        log
        for log in stats.open_logs
        if not (log.path.rsplit("/", 1)[-1] in ACCOUNTING and not int(log.mode, 8) & 0o002)
    ]
    details = tuple(f"{log.path} {log.mode}" for log in opened[:SHOWN])
    if opened:
        return Verdict.failed(f"{len(opened)} log file(s) accessible to all users", details)
    if stats.logs_incomplete:
        return Verdict.cannot_assess("some /var/log folders could not be searched (needs root)")
    return Verdict.passed("no log file is accessible to all users (login accounting files excepted)")


def _log(path: str, mode: str) -> dict[str, Any]:
    return {"path": path, "mode": mode, "uid": 0, "gid": 4}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "only wtmp and lastlog",
            {"file_stats": {"open_logs": [_log("/var/log/wtmp", "664"), _log("/var/log/lastlog", "664")]}},
            Status.PASS,
        ),
        Case("dpkg.log world-readable", {"file_stats": {"open_logs": [_log("/var/log/dpkg.log", "644")]}}, Status.FAIL),
        Case("world-writable wtmp", {"file_stats": {"open_logs": [_log("/var/log/wtmp", "666")]}}, Status.FAIL),
        Case("not root", {"file_stats": {"logs_incomplete": True}}, Status.ERROR),
    ),
)
