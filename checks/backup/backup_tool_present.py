"""backup-tool-present: a backup client is installed.

Without backup software there is no backup: the first thing to establish before asking whether
backups are scheduled, recent or kept. Only dpkg-installed clients are seen; a tool installed
by hand (e.g. a restic binary in /usr/local/bin) is reported as missing, which the remediation
text says. When the client's backup policy names a required tool (setting backup_required_tool, a
package name or a list of acceptable ones), that tool must be among those installed.
"""

from __future__ import annotations

from auditor.checklib.backupkit import REQUIRED_TOOL, backup_references
from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import setting_list
from auditor.core.models import Category, Severity, Status
from auditor.probes.backup_evidence import BACKUP_PACKAGES
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="backup-tool-present",
    title="A backup client is installed",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "Data that is not backed up is lost to ransomware, disk failure or a mistaken delete; a backup "
        "client on the host is the precondition for any backup."
    ),
    remediation=(
        f"Install and configure a backup client (one of: {', '.join(BACKUP_PACKAGES[:8])}, ...). If a client "
        "was installed outside the package manager, install it as a package or waive this check."
    ),
    applies_to=Applicability(families=frozenset({"debian"})),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=120,
        en=PlainWords(
            meaning="No backup software is installed on this system.",
            why="A failed disk, a mistaken deletion or ransomware would mean its data is gone for good.",
            fix="Install backup software and enrol the system in a managed, off-site backup.",
        ),
        fr=PlainWords(
            meaning="Aucun logiciel de sauvegarde n'est installé sur ce système.",
            why=(
                "Une panne de disque, une suppression par erreur ou un rançongiciel rendraient ses données "
                "définitivement perdues."
            ),
            fix="Installer un logiciel de sauvegarde et inscrire le système dans une sauvegarde gérée et externalisée.",
        ),
    ),
    facts=(PACKAGES.name,),
    references=backup_references("11.2"),
    settings=(REQUIRED_TOOL,),
)


def evaluate(facts: Facts) -> Verdict:
    packages = facts.get(PACKAGES)
    if packages.manager != "dpkg":
        return Verdict.cannot_assess("no dpkg package database on a Debian-family host")
    found = packages.installed(BACKUP_PACKAGES)
    required = setting_list(facts, "backup_required_tool")
    if required and not packages.installed(required):
        have = f" (installed: {', '.join(found)})" if found else ""
        return Verdict.failed(f"the backup policy requires {' or '.join(required)}, which is not installed{have}")
    if found:
        return Verdict.passed(
            f"backup client installed: {', '.join(found)}", tuple(f"{n} {packages.packages[n]}" for n in found)
        )
    return Verdict.failed("no known backup client package is installed")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("restic installed", {"packages": {"manager": "dpkg", "packages": {"restic": "0.14.0-1+b5"}}}, Status.PASS),
        Case(
            "borgmatic installed",
            {"packages": {"manager": "dpkg", "packages": {"borgmatic": "1.7.7-1", "borgbackup": "1.2.4-1"}}},
            Status.PASS,
        ),
        Case(
            "none installed",
            {"packages": {"manager": "dpkg", "packages": {"bash": "5.2.15-2+b8", "rsync": "3.2.7-1"}}},
            Status.FAIL,
        ),
        Case("dpkg missing", {"packages": {"manager": "none"}}, Status.ERROR),
        Case(
            "policy requires borg, restic installed",
            {"packages": {"manager": "dpkg", "packages": {"restic": "0.14.0-1+b5"}}},
            Status.FAIL,
            settings={"backup_required_tool": "borgbackup"},
        ),
        Case(
            "policy requires restic",
            {"packages": {"manager": "dpkg", "packages": {"restic": "0.14.0-1+b5"}}},
            Status.PASS,
            settings={"backup_required_tool": ["restic"]},
        ),
        Case(
            "not Debian",
            {"os_release": {"id": "rocky", "version_id": "9.4", "family": "rhel"}, "packages": {"manager": "none"}},
            Status.NOT_APPLICABLE,
        ),
    ),
)
