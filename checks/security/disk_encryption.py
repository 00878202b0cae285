"""disk-encryption: the root file system sits on an encrypted (dm-crypt/LUKS) device.

Walks from the device under / down the device-mapper stack (LVM on LUKS counts) looking for a
dm-crypt layer, using /proc/self/mountinfo and /sys/class/block. Hosts whose root is not a local
block device are not applicable: inside a container or chroot the root file system is the host
machine's and not visible at all (it is then that machine's question), and network or overlay
roots are encrypted, or not, elsewhere. Cloud volumes encrypted by the provider are invisible
here: waive this check with the provider's evidence.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.mounts import MOUNTS

META = CheckMeta(
    id="disk-encryption",
    title="The root file system is encrypted at rest",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "A stolen disk, a returned laptop or a decommissioned drive gives away every file on an unencrypted "
        "system, including keys and customer data."
    ),
    remediation=(
        "Install with LUKS full-disk encryption (the Debian installer's 'encrypted LVM'); for an existing "
        "server, migrate data to a LUKS volume or use the provider's encrypted volumes and waive this check."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=240,
        en=PlainWords(
            meaning="The data on this system's disk is not encrypted.",
            why="A stolen or discarded disk gives away every file on it, including customer data and passwords.",
            fix="Move the system onto an encrypted disk, or use the hosting provider's encrypted storage.",
        ),
        fr=PlainWords(
            meaning="Les données du disque de ce système ne sont pas chiffrées.",
            why=(
                "Un disque volé ou mis au rebut livre tous ses fichiers, y compris les données clients et les "
                "mots de passe."
            ),
            fix="Migrer le système vers un disque chiffré, ou utiliser le stockage chiffré de l'hébergeur.",
        ),
    ),
    facts=(MOUNTS.name,),
    references={
        "cis-v8": ("3.6",),
        "nist-csf-2": ("PR.DS-01",),
        "iso27001-2022": ("A.8.24",),
        "hipaa": ("164.312(a)(2)(iv)",),
    },
)

NOT_BLOCK = ("overlay", "tmpfs", "nfs", "nfs4", "cifs", "9p", "virtiofs", "zfs", "fuse.sshfs", "squashfs")


def evaluate(facts: Facts) -> Verdict:
    mounts = facts.get(MOUNTS)
    root = mounts.at("/")
    if root is None:
        return Verdict.not_applicable(
            "the root file system is not visible (container or chroot): its encryption is the host machine's"
        )
    if root.fstype in NOT_BLOCK:
        return Verdict.not_applicable(f"root is {root.fstype} ({root.source}), not a local block device")
    device = mounts.device_for(root)
    if device is None:
        return Verdict.cannot_assess(f"no block device found for / ({root.source}, {root.device})")
    layers = mounts.crypt_layers(device)
    if layers:
        names = ", ".join(f"{d.dm_name or d.name} ({d.dm_type})" for d in layers)
        return Verdict.passed(f"/ ({root.source}) is on dm-crypt: {names}")
    hint = (
        f"; /etc/crypttab has {mounts.crypttab_entries} entr(ies) for other devices" if mounts.crypttab_entries else ""
    )
    return Verdict.failed(f"/ ({root.source}, {root.fstype}) is not on an encrypted device{hint}")


_ROOT = {"mount_point": "/", "source": "/dev/mapper/vg-root", "fstype": "ext4", "device": "254:1", "options": ["rw"]}


def _case(devices: list[dict[str, Any]], root: dict[str, Any] | None = _ROOT) -> dict[str, Any]:
    mounts = (
        [root]
        if root
        else [{"mount_point": "/proc", "source": "proc", "fstype": "proc", "device": "0:22", "options": ["rw"]}]
    )
    return {"mounts": {"mounts": mounts, "devices": devices}}


_LVM_ON_LUKS: list[dict[str, Any]] = [
    {"name": "sda", "device": "8:0"},
    {"name": "sda3", "device": "8:3"},
    {"name": "dm-0", "device": "254:0", "dm_type": "CRYPT-LUKS2", "dm_name": "sda3_crypt", "slaves": ["sda3"]},
    {"name": "dm-1", "device": "254:1", "dm_type": "LVM-abc", "dm_name": "vg-root", "slaves": ["dm-0"]},
]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("LVM on LUKS", _case(_LVM_ON_LUKS), Status.PASS),
        Case(
            "plain partition",
            _case(
                [{"name": "vda", "device": "254:0"}],
                {"mount_point": "/", "source": "/dev/vda", "fstype": "ext4", "device": "254:0", "options": ["rw"]},
            ),
            Status.FAIL,
        ),
        Case("chroot or container", _case([{"name": "vda", "device": "254:0"}], root=None), Status.NOT_APPLICABLE),
    ),
)
