"""files-gshadow-permissions: /etc/gshadow is not readable by ordinary users.

/etc/gshadow holds group password hashes and group administrators. Owner root, group root or
shadow, mode 0640 at most.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_modes import FILE_MODES

META = CheckMeta(
    id="files-gshadow-permissions",
    title="/etc/gshadow is readable by root and group shadow only",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale="Group password hashes in a readable /etc/gshadow can be cracked offline by any local user.",
    remediation="chown root:shadow /etc/gshadow && chmod 0640 /etc/gshadow",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The file holding group passwords can be read by users who should not see it.",
            why="Any local user could copy the scrambled group passwords and crack them at leisure.",
            fix="Restrict the group password file to the administrator.",
        ),
        fr=PlainWords(
            meaning=(
                "Le fichier des mots de passe de groupe est lisible par des utilisateurs qui ne devraient pas le voir."
            ),
            why=(
                "Tout utilisateur local pourrait copier les mots de passe de groupe chiffrés et les casser "
                "tranquillement."
            ),
            fix="Réserver le fichier des mots de passe de groupe à l'administrateur.",
        ),
    ),
    facts=(FILE_MODES.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.DS-01",), "iso27001-2022": ("A.8.3",)},
)

PATH = "/etc/gshadow"


def evaluate(facts: Facts) -> Verdict:
    modes = facts.get(FILE_MODES)
    entry = modes.get(PATH)
    if entry is None:
        if PATH in modes.missing:
            return Verdict.not_applicable(f"no {PATH} (group shadowing not used)")
        return Verdict.cannot_assess(f"{PATH} was not examined")
    shown = f"{PATH} {entry.mode} {entry.owner}:{entry.group}"
    if entry.uid != 0 or entry.group not in ("root", "shadow"):
        return Verdict.failed(f"{shown}: must be owned by root:root or root:shadow")
    if entry.bits & 0o7137:
        return Verdict.failed(f"{shown}: wider than 0640")
    return Verdict.passed(shown)


def _mode(mode: str, group: str = "shadow") -> dict[str, Any]:
    return {
        "file_modes": {"files": [{"path": PATH, "mode": mode, "uid": 0, "gid": 42, "owner": "root", "group": group}]}
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian 0640 root:shadow", _mode("640"), Status.PASS),
        Case("world-readable", _mode("644"), Status.FAIL),
        Case("wrong group", _mode("640", group="users"), Status.FAIL),
        Case("absent", {"file_modes": {"missing": [PATH]}}, Status.NOT_APPLICABLE),
    ),
)
