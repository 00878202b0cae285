"""Mounted file systems with their options (/proc/self/mountinfo), block device stacking and crypttab.

mountinfo is the kernel's effective view for the auditor's own mount namespace, so mount options
are what applies, not what /etc/fstab asks for. Block devices come from /sys/class/block: name,
major:minor, the device-mapper target type (the dm UUID prefix: CRYPT-LUKS2, LVM, ...) and the
devices each one sits on, so a check can walk from the root file system down to a dm-crypt layer.
Inside a chroot or container the root file system is usually not in mountinfo at all (it is
outside the visible tree); the fact says so rather than guessing. Readable by any user.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import CONTENT, META, clip

LIMIT = 1000

COMMAND = (
    "echo '#auditor mountinfo'; "
    f"head -n {LIMIT} /proc/self/mountinfo | sed 's/^/| /'; "
    "for d in /sys/class/block/*; do "
    'if [ -r "$d/dev" ]; then '
    't=-; m=-; if [ -r "$d/dm/uuid" ]; then t=$(cut -d- -f1,2 "$d/dm/uuid"); m=$(cat "$d/dm/name"); fi; '
    "s=$(ls \"$d/slaves\" 2>/dev/null | tr '\\n' ' '); "
    'echo "#auditor blk ${d##*/} $(cat "$d/dev") ${t:--} ${m:--} $s"; fi; done; '
    "if [ -r /etc/crypttab ]; then "
    "echo \"#auditor crypttab $(grep -c -v -E '^[[:space:]]*(#|$)' /etc/crypttab)\"; fi"
)

_ESCAPE = re.compile(r"\\([0-7]{3})")
_DEV = re.compile(r"\d{1,10}:\d{1,10}")
_NAME = re.compile(r"[A-Za-z0-9._:+@-]{1,128}")


def unescape(text: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as \\ooo."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), text)


class Mount(FactModel):
    mount_point: str
    source: str
    fstype: str
    device: str  # major:minor
    options: tuple[str, ...]  # per-mount options: rw, nosuid, nodev, noexec, relatime, ...
    super_options: tuple[str, ...] = ()

    def has(self, option: str) -> bool:
        return option in self.options


class BlockDevice(FactModel):
    name: str
    device: str  # major:minor
    dm_type: str = ""  # device-mapper UUID prefix: "CRYPT-LUKS2", "CRYPT-PLAIN", "LVM-xyz", ...
    dm_name: str = ""
    slaves: tuple[str, ...] = ()

    @property
    def is_crypt(self) -> bool:
        return self.dm_type.startswith("CRYPT-")


class Mounts(FactModel):
    mounts: tuple[Mount, ...] = ()
    devices: tuple[BlockDevice, ...] = ()
    crypttab_entries: int | None = None  # None: no /etc/crypttab

    def at(self, mount_point: str) -> Mount | None:
        """The mount visible at a path (the last one mounted there wins)."""
        found = None
        for mount in self.mounts:
            if mount.mount_point == mount_point:
                found = mount
        return found

    def device_for(self, mount: Mount) -> BlockDevice | None:
        by_dev = next((d for d in self.devices if d.device == mount.device), None)
        if by_dev is not None:
            return by_dev
        name = mount.source.rsplit("/", 1)[-1]
        return next((d for d in self.devices if name in (d.name, d.dm_name)), None)

    def crypt_layers(self, device: BlockDevice) -> tuple[BlockDevice, ...]:
        """The dm-crypt devices at or below `device` in the stack (LVM on LUKS and the like)."""
        by_name = {d.name: d for d in self.devices}
        found: list[BlockDevice] = []
        pending, seen = [device], set()
        while pending:
            current = pending.pop()
            if current.name in seen:
                continue
            seen.add(current.name)
            if current.is_crypt:
                found.append(current)
            pending.extend(by_name[s] for s in current.slaves if s in by_name)
        return tuple(found)


def _mount(line: str) -> Mount:
    fields = line.split(" ")
    try:
        separator = fields.index("-", 6)
        fstype, source, super_options = fields[separator + 1], fields[separator + 2], fields[separator + 3]
    except (ValueError, IndexError):
        raise ProbeError(f"unrecognised mountinfo line: {clip(line, 100)!r}") from None
    if not _DEV.fullmatch(fields[2]) or not fields[4].startswith("/"):
        raise ProbeError(f"unrecognised mountinfo line: {clip(line, 100)!r}")
    return Mount(
        mount_point=clip(unescape(fields[4]), 300),
        source=clip(unescape(source), 200),
        fstype=clip(fstype, 40),
        device=fields[2],
        options=tuple(fields[5].split(",")),
        super_options=tuple(super_options.split(",")),
    )


def _device(rest: str) -> BlockDevice:
    words = rest.split()
    if len(words) < 4 or not _DEV.fullmatch(words[1]) or not all(_NAME.fullmatch(w) for w in words):
        raise ProbeError(f"unrecognised block device line: {clip(rest, 100)!r}")
    name, dev, dm_type, dm_name, *slaves = words
    return BlockDevice(
        name=name,
        device=dev,
        dm_type="" if dm_type == "-" else dm_type,
        dm_name="" if dm_name == "-" else dm_name,
        slaves=tuple(slaves),
    )


def parse(raw: RawOutput) -> Mounts:
    mounts: list[Mount] = []
    devices: list[BlockDevice] = []
    crypttab: int | None = None
    in_mountinfo = False
    for line in raw.stdout.splitlines():
        if line.startswith(CONTENT):
            if not in_mountinfo:
                raise ProbeError("mountinfo lines outside the mountinfo section")
            mounts.append(_mount(line[len(CONTENT) :]))
            continue
        if not line.startswith(META):
            continue
        word, _, rest = line[len(META) :].partition(" ")
        in_mountinfo = word == "mountinfo"
        if word == "blk":
            devices.append(_device(rest))
        elif word == "crypttab":
            if not rest.strip().isdigit():
                raise ProbeError(f"bad crypttab count: {clip(rest, 20)!r}")
            crypttab = int(rest.strip())
    if not mounts:
        raise ProbeError(f"no mounts in the output (exit {raw.exit_status})")
    return Mounts(mounts=tuple(mounts), devices=tuple(devices), crypttab_entries=crypttab)


MOUNTS = Probe(
    name="mounts",
    description="Mounted file systems and options (mountinfo), block device stacking, crypttab entries",
    command=COMMAND,
    model=Mounts,
    parse=parse,
)
