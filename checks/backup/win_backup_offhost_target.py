"""win-backup-offhost-target: Windows Server Backup writes to a target off this host.

A backup on a disk inside or attached to the same machine dies with it: ransomware encrypts it,
a fire or theft takes it. wbadmin names each version's target: a network share
("\\\\server\\share", listed as "Network Share labeled ...") is off the host; a local or USB disk
("1394/USB Disk labeled ...", a volume letter) is not, unless the disks are rotated off site, which
auditor cannot see: the remediation says to waive the check then. Veeam Agent's target is in its
own configuration, which is not read, so a Veeam-only host is could-not-assess, never a pass.
"""

from __future__ import annotations

from auditor.checklib.backupkit import backup_references
from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winbackupkit import BACKUP_FACTS, sources
from auditor.core.models import Category, Severity, Status

META = CheckMeta(
    id="win-backup-offhost-target",
    title="Backups are written off the host (Windows Server Backup)",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "A backup kept on the machine it protects, or on a disk attached to it, is lost together with the machine "
        "to ransomware, theft or fire; at least one copy must live elsewhere."
    ),
    remediation=(
        "Send the backup to a network share or backup server (wbadmin enable backup -backupTarget:\\\\server\\share, "
        "or Windows Server Backup > Backup Schedule > Back up to a shared network folder); if USB disks are rotated "
        "off site, record that and waive this check."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=60,
        en=PlainWords(
            meaning="This Windows system backs up onto itself or onto a disk attached to it.",
            why="Ransomware, theft or fire takes the backup together with the machine.",
            fix="Send the backup to a network share or backup server away from this machine.",
        ),
        fr=PlainWords(
            meaning="Ce système Windows se sauvegarde sur lui-même ou sur un disque qui lui est branché.",
            why="Un rançongiciel, un vol ou un incendie emportent la sauvegarde avec la machine.",
            fix="Envoyer la sauvegarde vers un partage réseau ou un serveur de sauvegarde éloigné de cette machine.",
        ),
    ),
    facts=BACKUP_FACTS,
    references=backup_references("11.4"),
)


def _off_host(target: str) -> bool:
    return target.startswith("\\\\") or target.lower().startswith("network share")


def evaluate(facts: Facts) -> Verdict:
    src = sources(facts)
    targets: dict[str, bool] = {}
    if src.wsb is not None and src.wsb.present:
        for version in src.wsb.versions:
            if version.target:
                targets[version.target] = _off_host(version.target)
        last = src.wsb.summary.last_target if src.wsb.summary is not None else None
        if last and not any(last in target for target in targets):
            targets[last] = _off_host(last)
    if targets:
        details = tuple(
            f"{target}: {'off host' if off else 'on this host or an attached disk'}" for target, off in targets.items()
        )
        if any(targets.values()):
            return Verdict.passed("Windows Server Backup writes to a network target", details)
        return Verdict.failed("every Windows Server Backup target is a local or attached disk", details)
    if src.veeam is not None and src.veeam.installed:
        return Verdict.cannot_assess(
            "Veeam Agent's backup target is in its own configuration, which auditor does not read"
        )
    if src.unavailable:
        return Verdict.cannot_assess("no backup target readable: " + "; ".join(src.unavailable))
    return Verdict.not_applicable("no Windows Server Backup version or schedule with a target on this host")


# From tests/probes/golden/win_backup_wsb: gist-usb-disk (recorded wbadmin output, USB disks) and
# network-share-last-failed.
_USB = {
    "present": True,
    "summary": {"last_target": "Seagate Backup Plus Drive(E:)", "versions": 4},
    "versions": [
        {
            "time": "2018-06-11T01:00:00",
            "target": "1394/USB Disk labeled Seagate Backup Plus Drive(E:)",
            "identifier": "06/11/2018-07:00",
        },
        {
            "time": "2018-06-13T01:07:00",
            "target": "1394/USB Disk labeled Seagate Backup Plus Drive(E:)",
            "identifier": "06/13/2018-07:07",
        },
    ],
}
_NAS = {
    "present": True,
    "summary": {"last_target": "\\\\nas01\\backup\\srv-app01", "versions": 1},
    "versions": [
        {
            "time": "2026-01-14T02:00:00",
            "target": "Network Share labeled \\\\nas01\\backup\\srv-app01",
            "identifier": "01/14/2026-01:00",
        }
    ],
}
_NO_VEEAM = {"service_present": False}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "network share",
            {"win_backup_wsb": _NAS, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.PASS,
        ),
        Case(
            "USB disks only (recorded)",
            {"win_backup_wsb": _USB, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.FAIL,
        ),
        Case(
            "Veeam only: target not readable",
            {
                "win_backup_wsb": {"present": False},
                "win_backup_veeam": {"service_present": True},
                "win_backup_services": {},
            },
            Status.ERROR,
        ),
        Case(
            "no backup tool",
            {"win_backup_wsb": {"present": False}, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.NOT_APPLICABLE,
        ),
    ),
)
