"""files-group-permissions: /etc/group is owned by root and writable by root only.

Whoever can write /etc/group can add themselves to sudo, adm or shadow. Mode 0644 (readable by
all, as programs need) is the limit.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_modes import FILE_MODES

META = CheckMeta(
    id="files-group-permissions",
    title="/etc/group is writable by root only",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale="Write access to /etc/group is the power to join any group, including sudo and shadow.",
    remediation="chown root:root /etc/group && chmod 0644 /etc/group",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The list of groups can be changed by someone other than the administrator.",
            why="Changing it lets anyone join the administrators or the group that can read passwords.",
            fix="Restrict changes to the group list to the administrator.",
        ),
        fr=PlainWords(
            meaning="La liste des groupes peut être modifiée par quelqu'un d'autre que l'administrateur.",
            why=(
                "La modifier permet à n'importe qui de rejoindre les administrateurs ou le groupe qui peut lire "
                "les mots de passe."
            ),
            fix="Réserver la modification de la liste des groupes à l'administrateur.",
        ),
    ),
    facts=(FILE_MODES.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.AA-05",), "iso27001-2022": ("A.8.3",)},
)

PATH = "/etc/group"


def evaluate(facts: Facts) -> Verdict:
    modes = facts.get(FILE_MODES)
    entry = modes.get(PATH)
    if entry is None:
        return Verdict.cannot_assess(f"{PATH} is missing" if PATH in modes.missing else f"{PATH} was not examined")
    shown = f"{PATH} {entry.mode} {entry.owner}:{entry.group}"
    if entry.uid != 0 or entry.gid != 0:
        return Verdict.failed(f"{shown}: not owned by root:root")
    if entry.bits & 0o7133:  # write/execute for group or others, or set-id/sticky bits
        return Verdict.failed(f"{shown}: wider than 0644")
    return Verdict.passed(shown)


def _mode(mode: str, gid: int = 0, group: str = "root") -> dict[str, Any]:
    return {
        "file_modes": {"files": [{"path": PATH, "mode": mode, "uid": 0, "gid": gid, "owner": "root", "group": group}]}
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("0644 root:root", _mode("644"), Status.PASS),
        Case("group writable", _mode("664"), Status.FAIL),
        Case("owned by group adm", _mode("644", gid=4, group="adm"), Status.FAIL),
        Case("missing", {"file_modes": {"missing": [PATH]}}, Status.ERROR),
    ),
)
