"""files-shadow-permissions: /etc/shadow and /etc/gshadow are owned by root, mode 0640 or tighter.

The shadow files hold password hashes; anyone who can read them can crack passwords offline.
Debian ships 0640 root:shadow. A missing /etc/gshadow is accepted; a missing /etc/shadow is not.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import root_file_modes
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_modes import FILE_MODES

META = CheckMeta(
    id="files-shadow-permissions",
    title="Shadow password files are protected",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale="Readable password hashes can be cracked offline; writable shadow files let anyone set root's password.",
    remediation="chown root:shadow /etc/shadow /etc/gshadow && chmod 0640 /etc/shadow /etc/gshadow",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning=(
                "The file holding the scrambled passwords can be read or changed by people who should not have access."
            ),
            why=(
                "Readable password scrambles can be cracked at leisure; a changeable file lets someone set the "
                "administrator's password."
            ),
            fix="Restrict the password file to the administrator.",
        ),
        fr=PlainWords(
            meaning=(
                "Le fichier qui contient les mots de passe chiffrés peut être lu ou modifié par des personnes non "
                "autorisées."
            ),
            why=(
                "Des mots de passe chiffrés lisibles peuvent être cassés tranquillement ; un fichier modifiable "
                "permet de choisir le mot de passe de l'administrateur."
            ),
            fix="Réserver le fichier des mots de passe à l'administrateur.",
        ),
    ),
    facts=(FILE_MODES.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.AA-05",), "iso27001-2022": ("A.8.3", "A.5.17")},
)

_ALLOWED_BITS = 0o640


def evaluate(facts: Facts) -> Verdict:
    return root_file_modes(facts, required=("/etc/shadow",), optional=("/etc/gshadow",), allowed_bits=_ALLOWED_BITS)


def _file(path: str, mode: str, owner: str = "root", uid: int = 0) -> dict[str, Any]:
    return {"path": path, "mode": mode, "uid": uid, "gid": 42, "owner": owner, "group": "shadow"}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "Debian default",
            {"file_modes": {"files": [_file("/etc/shadow", "640"), _file("/etc/gshadow", "640")]}},
            Status.PASS,
        ),
        Case(
            "mode 000 (RHEL style)",
            {"file_modes": {"files": [_file("/etc/shadow", "0"), _file("/etc/gshadow", "0")]}},
            Status.PASS,
        ),
        Case(
            "world-readable",
            {"file_modes": {"files": [_file("/etc/shadow", "644"), _file("/etc/gshadow", "640")]}},
            Status.FAIL,
        ),
        Case("group-writable", {"file_modes": {"files": [_file("/etc/shadow", "660")]}}, Status.FAIL),
        Case(
            "wrong owner", {"file_modes": {"files": [_file("/etc/shadow", "640", owner="backup", uid=34)]}}, Status.FAIL
        ),
        Case("shadow missing", {"file_modes": {"files": [], "missing": ["/etc/shadow", "/etc/gshadow"]}}, Status.FAIL),
        Case(
            "stat failed",
            {"file_modes": "stat failed (exit 1): stat: cannot statx '/etc/shadow': Permission denied"},
            Status.ERROR,
        ),
    ),
)
