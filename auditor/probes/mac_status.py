"""Mandatory access control: whether AppArmor or SELinux is active in the kernel and enforcing.

Read from the kernel's own interfaces: /sys/module/apparmor/parameters/enabled, the loaded
AppArmor profiles by mode (/sys/kernel/security/apparmor/profiles, counted on the host), and
/sys/fs/selinux/enforce, plus SELINUX= from /etc/selinux/config (what the next boot will do).
The profile list needs root and a mounted securityfs; without them the counts are absent.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip, meta_value

_PROFILES = "/sys/kernel/security/apparmor/profiles"

COMMAND = (
    "f=/sys/module/apparmor/parameters/enabled; "
    'if [ -r "$f" ]; then echo "#auditor apparmor-enabled $(cat "$f")"; '
    'else echo "#auditor apparmor-enabled absent"; fi; '
    "f=/sys/kernel/security/lsm; "
    'if [ -r "$f" ]; then echo "#auditor lsm $(cat "$f")"; fi; '
    f"f={_PROFILES}; "
    'if [ -r "$f" ]; then '
    "echo \"#auditor apparmor-profiles $(awk '/\\(enforce\\)$/ {e++} /\\(complain\\)$/ {c++} "
    'END {printf "%d %d %d", e, c, NR}\' "$f")"; '
    'elif [ -e "$f" ]; then echo "#auditor apparmor-profiles unreadable"; fi; '
    "f=/sys/fs/selinux/enforce; "
    'if [ -r "$f" ]; then echo "#auditor selinux-enforce $(cat "$f")"; fi; '
    "f=/etc/selinux/config; "
    'if [ -r "$f" ]; then echo "#auditor selinux-config $(sed -n \'s/^[[:space:]]*SELINUX=//p\' "$f" | tail -n 1)"; fi'
)

_COUNTS = re.compile(r"(\d{1,6}) (\d{1,6}) (\d{1,6})")
_WORD = re.compile(r"[A-Za-z0-9_,.-]{0,200}")


class MacStatus(FactModel):
    apparmor_enabled: bool | None = None  # None: the kernel has no AppArmor module at all
    lsm: tuple[str, ...] = ()  # active LSMs in order, when /sys/kernel/security/lsm is readable
    apparmor_enforce: int | None = None  # loaded profiles in enforce mode (None: not readable)
    apparmor_complain: int | None = None
    apparmor_total: int | None = None
    apparmor_profiles_unreadable: bool = False
    selinux_enforce: bool | None = None  # None: SELinux not active in the kernel
    selinux_config: str | None = None  # SELINUX= in /etc/selinux/config: enforcing, permissive, disabled


def _word(raw: RawOutput, key: str) -> str | None:
    value = meta_value(raw, key)
    if value is None:
        return None
    value = value.strip()
    if not _WORD.fullmatch(value):
        raise ProbeError(f"unexpected {key} value: {clip(value, 60)!r}")
    return value


def parse(raw: RawOutput) -> MacStatus:
    enabled = _word(raw, "apparmor-enabled")
    if enabled is None:
        raise ProbeError("no AppArmor line in the output")
    fields: dict[str, object] = {"apparmor_enabled": None if enabled == "absent" else enabled == "Y"}
    lsm = _word(raw, "lsm")
    if lsm:
        fields["lsm"] = tuple(lsm.split(","))
    profiles = meta_value(raw, "apparmor-profiles")
    if profiles is not None:
        if profiles.strip() == "unreadable":
            fields["apparmor_profiles_unreadable"] = True
        else:
            counts = _COUNTS.fullmatch(profiles.strip())
            if counts is None:
                raise ProbeError(f"unexpected AppArmor profile counts: {clip(profiles, 60)!r}")
            fields.update(
                apparmor_enforce=int(counts[1]), apparmor_complain=int(counts[2]), apparmor_total=int(counts[3])
            )
    enforce = _word(raw, "selinux-enforce")
    if enforce is not None:
        fields["selinux_enforce"] = enforce == "1"
    config = _word(raw, "selinux-config")
    if config is not None:
        fields["selinux_config"] = config.lower()
    return MacStatus.model_validate(fields)


MAC_STATUS = Probe(
    name="mac_status",
    description="AppArmor/SELinux state in the kernel (enabled, enforcing profiles) and SELinux config",
    command=COMMAND,
    model=MacStatus,
    parse=parse,
)
