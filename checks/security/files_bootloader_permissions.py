"""files-bootloader-permissions: the boot loader configuration is readable by root only.

grub.cfg holds the kernel command line (security modules, init) and the boot password hash if one
is set. Owner root, mode 0600 at most (CIS benchmarks; Debian installs it 0444). Hosts without
GRUB (containers, other boot loaders) are not applicable.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_stats import FILE_STATS

META = CheckMeta(
    id="files-bootloader-permissions",
    title="The boot loader configuration is readable by root only",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A readable grub.cfg discloses the boot password hash and kernel options; a writable one lets a user "
        "boot the next kernel without its security modules."
    ),
    remediation="chown root:root /boot/grub/grub.cfg && chmod 0600 /boot/grub/grub.cfg",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The start-up settings of this system can be read or changed by ordinary users.",
            why=(
                "They can reveal the start-up password or let someone weaken the system's protections at the next "
                "restart."
            ),
            fix="Restrict the start-up settings to the administrator.",
        ),
        fr=PlainWords(
            meaning=(
                "Les réglages de démarrage de ce système peuvent être lus ou modifiés par des utilisateurs ordinaires."
            ),
            why=(
                "Ils peuvent révéler le mot de passe de démarrage ou permettre d'affaiblir les protections du "
                "système au prochain redémarrage."
            ),
            fix="Réserver les réglages de démarrage à l'administrateur.",
        ),
    ),
    facts=(FILE_STATS.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.3",)},
)

PATHS = ("/boot/grub/grub.cfg", "/boot/grub2/grub.cfg")


def evaluate(facts: Facts) -> Verdict:
    stats = facts.get(FILE_STATS)
    found = [s for s in (stats.get(p) for p in PATHS) if s is not None]
    if not found:
        return Verdict.not_applicable("no GRUB configuration on this system")
    bad = [f"{s.path} {s.mode} {s.owner}:{s.group}" for s in found if s.uid != 0 or s.looser_than(0o600)]
    if bad:
        return Verdict.failed("boot loader configuration readable or writable by others", tuple(bad))
    return Verdict.passed(", ".join(f"{s.path} {s.mode} {s.owner}:{s.group}" for s in found))


def _grub(mode: str) -> dict[str, Any]:
    return {
        "file_stats": {
            "files": [
                {
                    "path": PATHS[0],
                    "mode": mode,
                    "uid": 0,
                    "gid": 0,
                    "owner": "root",
                    "group": "root",
                    "kind": "regular file",
                }
            ]
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("0600", _grub("600"), Status.PASS),
        Case("Debian default 0444", _grub("444"), Status.FAIL),
        Case("no grub", {"file_stats": {"missing": list(PATHS)}}, Status.NOT_APPLICABLE),
    ),
)
