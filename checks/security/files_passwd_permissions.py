"""files-passwd-permissions: /etc/passwd and /etc/group are owned by root and not writable by others.

Whoever can write /etc/passwd or /etc/group can create a uid-0 account or join the sudo group.
They must be readable by all (0644), never writable by group or others.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import root_file_modes
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_modes import FILE_MODES

META = CheckMeta(
    id="files-passwd-permissions",
    title="Account databases are only writable by root",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Write access to /etc/passwd or /etc/group is equivalent to root: it can add a uid-0 account or an "
        "admin group member."
    ),
    remediation="chown root:root /etc/passwd /etc/group && chmod 0644 /etc/passwd /etc/group",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The list of accounts and groups can be changed by someone other than the administrator.",
            why=(
                "Changing it is as good as being administrator: it can create an all-powerful account or grant "
                "admin rights."
            ),
            fix="Restrict changes to the account list to the administrator.",
        ),
        fr=PlainWords(
            meaning=(
                "La liste des comptes et des groupes peut être modifiée par quelqu'un d'autre que l'administrateur."
            ),
            why=(
                "La modifier revient à être administrateur : on peut créer un compte tout-puissant ou s'accorder "
                "des droits d'administration."
            ),
            fix="Réserver la modification de la liste des comptes à l'administrateur.",
        ),
    ),
    facts=(FILE_MODES.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.AA-05",), "iso27001-2022": ("A.8.3",)},
)

_ALLOWED_BITS = 0o644


def evaluate(facts: Facts) -> Verdict:
    return root_file_modes(facts, required=("/etc/passwd", "/etc/group"), allowed_bits=_ALLOWED_BITS)


def _file(path: str, mode: str, owner: str = "root", uid: int = 0) -> dict[str, Any]:
    return {"path": path, "mode": mode, "uid": uid, "gid": 0, "owner": owner, "group": "root"}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "default", {"file_modes": {"files": [_file("/etc/passwd", "644"), _file("/etc/group", "644")]}}, Status.PASS
        ),
        Case(
            "world-writable passwd",
            {"file_modes": {"files": [_file("/etc/passwd", "666"), _file("/etc/group", "644")]}},
            Status.FAIL,
        ),
        Case(
            "group owned by a user",
            {"file_modes": {"files": [_file("/etc/passwd", "644"), _file("/etc/group", "644", "alice", 1000)]}},
            Status.FAIL,
        ),
        Case("fact unavailable", {"file_modes": "unrecognised stat line: 'x'"}, Status.ERROR),
    ),
)
