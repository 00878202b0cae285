"""The mount-option check shared by mount-tmp-options and mount-dev-shm-options.

Options are read from the kernel's mount table (mountinfo), so they are what is in force, not
what /etc/fstab asks for.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Facts, Verdict
from auditor.probes.mounts import MOUNTS

REQUIRED = ("nodev", "nosuid", "noexec")


def mount_options_verdict(facts: Facts, mount_point: str, *, separate_required: bool) -> Verdict:
    mounts = facts.get(MOUNTS)
    mount = mounts.at(mount_point)
    if mount is None:
        if separate_required:
            return Verdict.failed(f"{mount_point} is not a separate file system, so its options cannot be restricted")
        return Verdict.not_applicable(f"{mount_point} is not mounted")
    missing = [option for option in REQUIRED if not mount.has(option)]
    shown = f"{mount_point} ({mount.fstype}) {','.join(mount.options)}"
    if missing:
        return Verdict.failed(f"{shown}: missing {', '.join(missing)}")
    return Verdict.passed(shown)
