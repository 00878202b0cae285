"""mount-tmp-options: /tmp is its own file system, mounted nodev, nosuid and noexec.

Every user can write to /tmp; as part of the root file system it can be filled to stop the system,
and without noexec/nosuid it is the usual place to drop and run an exploit. The options are read
from the kernel's mount table.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.mountkit import mount_options_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.mounts import MOUNTS

META = CheckMeta(
    id="mount-tmp-options",
    title="/tmp is a separate file system mounted nodev,nosuid,noexec",  # noqa: S108 - a path/address in data, not a file or socket opened here
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A world-writable /tmp that allows execution and set-uid files is where exploits are staged; on the "
        "root file system it can also be filled to stop services."
    ),
    remediation=(
        "Mount a tmpfs on /tmp: systemctl enable tmp.mount, or an fstab line 'tmpfs /tmp tmpfs "
        "nosuid,nodev,noexec,mode=1777 0 0'."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="The temporary folder that every user can write to also allows programs to run from it.",
            why="Attackers use it to stage their tools, and filling it can stop services.",
            fix="Give the temporary folder its own space where programs cannot be run.",
        ),
        fr=PlainWords(
            meaning="Le dossier temporaire où tout utilisateur peut écrire permet aussi d'y lancer des programmes.",
            why="Les attaquants y déposent leurs outils, et le remplir peut arrêter des services.",
            fix="Donner au dossier temporaire son propre espace, où aucun programme ne peut être lancé.",
        ),
    ),
    facts=(MOUNTS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)


def evaluate(facts: Facts) -> Verdict:
    return mount_options_verdict(facts, "/tmp", separate_required=True)  # noqa: S108 - a path/address in data, not a file or socket opened here


def _mounts(*entries: tuple[str, str]) -> dict[str, Any]:
    return {
        "mounts": {
            "mounts": [
                {
                    "mount_point": "/",
                    "source": "/dev/vda1",
                    "fstype": "ext4",
                    "device": "254:1",
                    "options": ["rw", "relatime"],
                },
                *(
                    {
                        "mount_point": point,
                        "source": "tmpfs",
                        "fstype": "tmpfs",
                        "device": "0:40",
                        "options": options.split(","),
                    }
                    for point, options in entries
                ),
            ]
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("tmpfs hardened", _mounts(("/tmp", "rw,nosuid,nodev,noexec,relatime")), Status.PASS),  # noqa: S108 - a path/address in data, not a file or socket opened here
        Case("tmpfs with exec", _mounts(("/tmp", "rw,nosuid,nodev,relatime")), Status.FAIL),  # noqa: S108 - a path/address in data, not a file or socket opened here
        Case("part of /", _mounts(), Status.FAIL),
    ),
)
