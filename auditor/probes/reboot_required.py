"""Whether the host waits for a reboot: flag files, the package managers' own verdicts, newer kernels.

RHEL family: `needs-restarting -r` (dnf-utils/yum-utils, or the dnf plugin) exits 1 when core
libraries or the kernel changed since boot, 0 when not; when it is missing on a dnf/yum host the
probe says so, and the check cannot assess rather than pass. SUSE: `zypper needs-rebooting`
exits 102 when a reboot is needed (libzypp also leaves /run/reboot-needed).

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
    'if [ -f "$k" ]; then stat -c \'#auditor image %Z %n\' "$k"; fi; done; '
    "if [ -e /run/reboot-needed ]; then echo '#auditor suse-flag present'; fi; "
    "nr=; if command -v needs-restarting >/dev/null 2>&1; then nr=needs-restarting; "
    "elif command -v dnf >/dev/null 2>&1; then "
    "for p in /usr/lib/python3*/site-packages/dnf-plugins/needs_restarting.py; do "
    'if [ -f "$p" ]; then nr=dnf; fi; done; fi; '
    'if [ "$nr" = needs-restarting ]; then o=$(needs-restarting -r 2>&1 </dev/null); r=$?; '
    "elif [ \"$nr\" = dnf ]; then o=$(dnf -q -C --disablerepo='*' needs-restarting -r 2>&1 </dev/null); r=$?; fi; "
    'if [ -n "$nr" ]; then echo "#auditor needs-restarting $r"; printf \'%s\\n\' "$o" | head -n 40 | sed \'s/^/| /\'; '
    "elif command -v dnf >/dev/null 2>&1 || command -v yum >/dev/null 2>&1; then "
    "echo '#auditor needs-restarting missing'; fi; "
    "if command -v zypper >/dev/null 2>&1; then zypper --non-interactive needs-rebooting >/dev/null 2>&1 </dev/null; "
    'echo "#auditor zypper-needs-rebooting $?"; fi'
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
    suse_flag: bool = False  # /run/reboot-needed (libzypp)
    needs_restarting: int | None = None  # exit status of needs-restarting -r; None: not run
    needs_restarting_missing: bool = False  # a dnf/yum host without needs-restarting
    needs_restarting_output: tuple[str, ...] = ()
    zypper_needs_rebooting: int | None = None  # exit status: 102 reboot needed, 0 not

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
    restarting = (meta_value(raw, "needs-restarting") or "").strip()
    zypper = (meta_value(raw, "zypper-needs-rebooting") or "").strip()
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
        suse_flag=meta_value(raw, "suse-flag") is not None,
        needs_restarting=int(restarting) if restarting.isdigit() else None,
        needs_restarting_missing=restarting == "missing",
        needs_restarting_output=tuple(
            clip(line[2:], 200) for line in raw.stdout.splitlines() if line.startswith("| ") and line[2:].strip()
        )[:40],
        zypper_needs_rebooting=int(zypper) if zypper.isdigit() else None,
    )


REBOOT_REQUIRED = Probe(
    name="reboot_required",
    description="Reboot-required flag, running kernel, uptime and kernel images on disk",
    command=COMMAND,
    model=RebootRequired,
    parse=parse,
)
