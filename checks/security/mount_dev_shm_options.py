"""mount-dev-shm-options: /dev/shm is mounted nodev, nosuid and noexec.

/dev/shm is a world-writable tmpfs on every Linux system; without noexec it is a favourite place
for malware to run from memory. The options are read from the kernel's mount table.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.mountkit import mount_options_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.mounts import MOUNTS

META = CheckMeta(
    id="mount-dev-shm-options",
    title="/dev/shm is mounted nodev,nosuid,noexec",  # noqa: S108 - a path/address in data, not a file or socket opened here
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A world-writable shared-memory file system that allows execution is an easy place to stage and run malware."
    ),
    remediation=(
        "Add 'tmpfs /dev/shm tmpfs defaults,nodev,nosuid,noexec 0 0' to /etc/fstab and mount -o remount /dev/shm."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="A shared memory area that every user can write to also allows programs to run from it.",
            why="It is an easy place for an attacker to drop and start malicious programs.",
            fix="Forbid running programs from the shared memory area.",
        ),
        fr=PlainWords(
            meaning=(
                "Une zone de mémoire partagée où tout utilisateur peut écrire permet aussi d'y lancer des programmes."
            ),
            why="C'est un endroit facile pour déposer et lancer des programmes malveillants.",
            fix="Interdire l'exécution de programmes depuis la zone de mémoire partagée.",
        ),
    ),
    facts=(MOUNTS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)


def evaluate(facts: Facts) -> Verdict:
    return mount_options_verdict(facts, "/dev/shm", separate_required=False)  # noqa: S108 - a path/address in data, not a file or socket opened here


def _shm(options: str) -> dict[str, Any]:
    return {
        "mounts": {
            "mounts": [
                {
                    "mount_point": "/dev/shm",  # noqa: S108 - a path/address in data, not a file or socket opened here
                    "source": "tmpfs",
                    "fstype": "tmpfs",
                    "device": "0:23",
                    "options": options.split(","),
                }
            ]
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("hardened", _shm("rw,nosuid,nodev,noexec,relatime"), Status.PASS),
        Case("systemd default", _shm("rw,nosuid,nodev"), Status.FAIL),
        Case(
            "not mounted",
            {
                "mounts": {
                    "mounts": [
                        {
                            "mount_point": "/",
                            "source": "/dev/sda1",
                            "fstype": "ext4",
                            "device": "8:1",
                            "options": ["rw"],
                        }
                    ]
                }
            },
            Status.NOT_APPLICABLE,
        ),
    ),
)
