"""Whether the host waits for a reboot: the Debian/Ubuntu flag file, and newer kernels on disk.

/run/reboot-required is written by Ubuntu's update-notifier and by some Debian hooks, but
plain Debian often installs a kernel without it; so the probe also lists /boot/vmlinuz-*
with their change times. A kernel image installed after boot that is not the running one is
a pending reboot too. That second signal is only used when the running kernel itself is in
/boot (containers and externally booted VMs are skipped).
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip, epoch, meta_lines, meta_value

COMMAND = (
    'echo "#auditor now $(date +%s)"; '
    'echo "#auditor kernel $(uname -r)"; '
    "echo \"#auditor uptime $(cut -d' ' -f1 /proc/uptime)\"; "
    "if [ -e /run/reboot-required ]; then echo '#auditor flag present'; fi; "
    "if [ -r /run/reboot-required.pkgs ]; then "
    "head -n 200 /run/reboot-required.pkgs | sed 's/^/#auditor pkg /'; fi; "
    "for k in /boot/vmlinuz-*; do "
    'if [ -f "$k" ]; then stat -c \'#auditor image %Z %n\' "$k"; fi; done'
)

_UPTIME = re.compile(r"\d{1,12}(\.\d+)?")
# Kernel images installed this close after boot count as part of the boot itself.
_BOOT_SLACK_SECONDS = 120


class RebootRequired(FactModel):
    flag: bool  # /run/reboot-required exists
    packages: tuple[str, ...] = ()  # from /run/reboot-required.pkgs
    running_kernel: str
    uptime_seconds: float
    now_epoch: int
    kernel_images: dict[str, int] = {}  # kernel release -> ctime of /boot/vmlinuz-<release>

    @property
    def newer_kernels(self) -> tuple[str, ...]:
        """Kernel images installed since boot other than the running one (see module doc)."""
        if self.running_kernel not in self.kernel_images:
            return ()
        booted = self.now_epoch - self.uptime_seconds + _BOOT_SLACK_SECONDS
        return tuple(
            sorted(
                release
                for release, changed in self.kernel_images.items()
                if release != self.running_kernel and changed > booted
            )
        )


def parse(raw: RawOutput) -> RebootRequired:
    now = epoch(meta_value(raw, "now"), "host time")
    kernel = (meta_value(raw, "kernel") or "").strip()
    if not kernel:
        raise ProbeError("no running kernel release in the output")
    uptime = (meta_value(raw, "uptime") or "").strip()
    if not _UPTIME.fullmatch(uptime):
        raise ProbeError(f"bad uptime: {clip(uptime, 40)!r}")
    packages: list[str] = []
    images: dict[str, int] = {}
    for word, rest in meta_lines(raw):
        if word == "pkg" and rest.strip():
            packages.append(rest.strip())
        elif word == "image":
            stamp, _, path = rest.partition(" ")
            if path.startswith("/boot/vmlinuz-"):
                images[path.removeprefix("/boot/vmlinuz-")] = epoch(stamp, "kernel image time")
    return RebootRequired(
        flag=meta_value(raw, "flag") is not None,
        packages=tuple(packages),
        running_kernel=kernel,
        uptime_seconds=float(uptime),
        now_epoch=now,
        kernel_images=images,
    )


REBOOT_REQUIRED = Probe(
    name="reboot_required",
    description="Reboot-required flag, running kernel, uptime and kernel images on disk",
    command=COMMAND,
    model=RebootRequired,
    parse=parse,
)
