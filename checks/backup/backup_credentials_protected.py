"""backup-credentials-protected: backup passwords and configuration are not readable by every user.

A repository password in a world-readable file lets any local user (or a compromised web app)
read every backup - often more data than the live host holds - and delete it. Checked: the files
at the usual places of restic, borg/borgmatic, duplicity/duply, Bacula/Bareos, Proxmox Backup,
Kopia, Veeam and backupninja. None of them may be readable or writable by others.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.backup_state import BACKUP_STATE

META = CheckMeta(
    id="backup-credentials-protected",
    title="Backup credentials are not readable by other users",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "Whoever reads the repository password can read and delete every backup, including data long "
        "removed from the live system."
    ),
    remediation=(
        "chmod 0600 (owner root) every file listed, e.g. chmod 0600 /etc/restic/password; rotate the password if it "
        "was exposed."
    ),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=15,
        en=PlainWords(
            meaning="The password that opens the backups can be read by ordinary users of this system.",
            why=(
                "Whoever has it can read every backed-up file, including data long deleted from the system, or "
                "erase the backups before an attack."
            ),
            fix="Restrict the backup password to the administrator and change it if it was exposed.",
        ),
        fr=PlainWords(
            meaning=(
                "Le mot de passe qui ouvre les sauvegardes peut être lu par les utilisateurs ordinaires de ce système."
            ),
            why=(
                "Qui le détient peut lire tous les fichiers sauvegardés, y compris des données supprimées depuis "
                "longtemps, ou effacer les sauvegardes avant une attaque."
            ),
            fix="Réserver le mot de passe des sauvegardes à l'administrateur et le changer s'il a été exposé.",
        ),
    ),
    facts=(BACKUP_STATE.name,),
    references={
        "cis-v8": ("3.3",),
        "nist-csf-2": ("PR.DS-11",),
        "iso27001-2022": ("A.8.13",),
        "hipaa": ("164.312(a)(1)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    state = facts.get(BACKUP_STATE)
    configs = state.configs
    exposed = tuple(f"{c.path} {c.mode}" for c in configs if c.world_readable or int(c.mode, 8) & 0o002)
    if exposed:
        return Verdict.failed(f"{len(exposed)} backup configuration/credential file(s) open to all users", exposed)
    if not configs:
        if state.unsearchable:
            return Verdict.cannot_assess(f"could not look into {', '.join(state.unsearchable)} (needs root)")
        return Verdict.not_applicable("no backup configuration or credential files at the usual places")
    return Verdict.passed(
        f"{len(configs)} backup configuration/credential file(s), none open to all users",
        tuple(f"{c.path} {c.mode}" for c in configs),
    )


def _state(*files: tuple[str, str], unsearchable: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "backup_state": {
            "now_epoch": 1768478400,
            "unsearchable": list(unsearchable),
            "configs": [{"path": p, "mode": m, "uid": 0, "gid": 0} for p, m in files],
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("password 0600", _state(("/etc/restic/password", "600")), Status.PASS),
        Case("password 0644", _state(("/etc/restic/password", "644")), Status.FAIL),
        Case(
            "borgmatic config readable",
            _state(("/etc/borgmatic/config.yaml", "644"), ("/root/.borg-passphrase", "600")),
            Status.FAIL,
        ),
        Case("none", _state(), Status.NOT_APPLICABLE),
        Case("not root", _state(unsearchable=("/root", "/etc/restic")), Status.ERROR),
    ),
)
