"""files-unowned: every file on local disks belongs to a known user and group.

Files whose uid or gid has no account are left over from removed users or unpacked archives;
the next account created with that number silently owns them. Found by one find walk over the
local disk file systems (special_files).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.special_files import SPECIAL_FILES

META = CheckMeta(
    id="files-unowned",
    title="No files without a known owner or group",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "An unowned file is given to whichever account next receives its uid, which may then read or change "
        "data it was never meant to have."
    ),
    remediation="chown the listed files to a proper owner (or remove them); find / -xdev -nouser -o -nogroup.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="Some files belong to no existing user.",
            why=(
                "They will silently belong to whichever account is created next with the same number, which may "
                "then read data never meant for it."
            ),
            fix="Give these files a proper owner or delete them.",
        ),
        fr=PlainWords(
            meaning="Certains fichiers n'appartiennent à aucun utilisateur existant.",
            why=(
                "Ils appartiendront en silence au prochain compte créé avec le même numéro, qui pourra lire des "
                "données qui ne lui étaient pas destinées."
            ),
            fix="Attribuer ces fichiers à un propriétaire légitime ou les supprimer.",
        ),
    ),
    facts=(SPECIAL_FILES.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.DS-01",), "iso27001-2022": ("A.8.3",)},
)

SHOWN = 50


def evaluate(facts: Facts) -> Verdict:
    found = facts.get(SPECIAL_FILES)
    details = tuple(f"{f.path} ({f.owner}:{f.group})" for f in found.unowned[:SHOWN])
    if found.unowned:
        more = f" (showing {SHOWN})" if len(found.unowned) > SHOWN else ""
        return Verdict.failed(f"{len(found.unowned)} file(s) without a known owner or group{more}", details)
    if found.truncated:
        return Verdict.cannot_assess("the file system walk was cut short (time or output limit)")
    if found.errors:
        return Verdict.cannot_assess(f"{len(found.errors)} folder(s) could not be read: {found.errors[0]}")
    return Verdict.passed("no file without a known owner or group on local disks")


def _unowned(path: str) -> dict[str, Any]:
    return {"path": path, "mode": "644", "uid": 1500, "gid": 1500, "owner": "1500", "group": "1500"}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("clean", {"special_files": {}}, Status.PASS),
        Case("left-over app", {"special_files": {"unowned": [_unowned("/opt/legacy-app/run.sh")]}}, Status.FAIL),
        Case("not root", {"special_files": {"errors": ["'/root': Permission denied"]}}, Status.ERROR),
        Case("timed out", {"special_files": {"truncated": True}}, Status.ERROR),
    ),
)
