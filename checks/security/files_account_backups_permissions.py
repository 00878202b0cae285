"""files-account-backups-permissions: the backup copies of the account databases are as protected as the originals.

shadow-utils keeps the previous version of each file as /etc/passwd-, /etc/shadow-, /etc/group-
and /etc/gshadow-. A readable /etc/shadow- leaks the same hashes as a readable /etc/shadow.
Limits: passwd- and group- 0644 root; shadow- and gshadow- 0640 root with group root or shadow.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_stats import FILE_STATS

META = CheckMeta(
    id="files-account-backups-permissions",
    title="Backup copies of the account files are protected",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale="The '-' backup copies hold the same accounts and hashes as the live files and are just as sensitive.",
    remediation="chmod 0644 /etc/passwd- /etc/group-; chown root:shadow /etc/shadow- /etc/gshadow-; chmod 0640 them.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning=(
                "The automatic spare copies of the account and password files are less protected than the originals."
            ),
            why="They hold the same accounts and scrambled passwords, so they are just as valuable to an intruder.",
            fix="Give the spare copies of the account files the same protection as the originals.",
        ),
        fr=PlainWords(
            meaning=(
                "Les copies de secours automatiques des fichiers de comptes et de mots de passe sont moins "
                "protégées que les originaux."
            ),
            why=(
                "Elles contiennent les mêmes comptes et mots de passe chiffrés : elles ont autant de valeur pour "
                "un intrus."
            ),
            fix="Donner aux copies de secours des fichiers de comptes la même protection que les originaux.",
        ),
    ),
    facts=(FILE_STATS.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.DS-01",), "iso27001-2022": ("A.8.3",)},
)

LIMITS = {"/etc/passwd-": 0o644, "/etc/group-": 0o644, "/etc/shadow-": 0o640, "/etc/gshadow-": 0o640}
SECRET = ("/etc/shadow-", "/etc/gshadow-")


def evaluate(facts: Facts) -> Verdict:
    stats = facts.get(FILE_STATS)
    seen, bad = [], []
    for path, limit in LIMITS.items():
        stat = stats.get(path)
        if stat is None:
            continue
        shown = f"{path} {stat.mode} {stat.owner}:{stat.group}"
        seen.append(shown)
        groups = ("root", "shadow") if path in SECRET else ("root",)
        if stat.uid != 0 or stat.group not in groups or stat.looser_than(limit) or stat.bits & 0o7000:
            bad.append(f"{shown} (want at most {limit:04o}, root:{'/'.join(groups)})")
    if not seen:
        return Verdict.not_applicable("no backup copies of the account files")
    if bad:
        return Verdict.failed(f"{len(bad)} backup cop(ies) too open", tuple(bad))
    return Verdict.passed(f"{len(seen)} backup cop(ies) protected", tuple(seen))


def _stat(path: str, mode: str, group: str) -> dict[str, Any]:
    return {"path": path, "mode": mode, "uid": 0, "gid": 0, "owner": "root", "group": group, "kind": "regular file"}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "Debian defaults",
            {"file_stats": {"files": [_stat("/etc/passwd-", "644", "root"), _stat("/etc/shadow-", "640", "shadow")]}},
            Status.PASS,
        ),
        Case("readable shadow-", {"file_stats": {"files": [_stat("/etc/shadow-", "644", "shadow")]}}, Status.FAIL),
        Case("none", {"file_stats": {"missing": list(LIMITS)}}, Status.NOT_APPLICABLE),
    ),
)
