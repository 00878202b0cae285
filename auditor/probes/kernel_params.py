"""A fixed set of kernel hardening parameters, read from /proc/sys (no sysctl binary needed).

Only the listed keys are read and accepted; a key the kernel does not have is reported as
missing rather than guessed. The net.* keys belong to the reader's network namespace (a
container sees its own), the kernel.* and fs.* keys to the kernel the host runs on (a container
sees its host machine's values and cannot change them).
"""

from __future__ import annotations

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip, first_line

KEYS = (
    "kernel.randomize_va_space",
    "kernel.kptr_restrict",
    "kernel.dmesg_restrict",
    "fs.suid_dumpable",
    "net.ipv4.ip_forward",
    "net.ipv4.conf.all.accept_redirects",
    "net.ipv4.conf.all.send_redirects",
    "net.ipv4.conf.all.rp_filter",
    "net.ipv4.conf.all.accept_source_route",
    # Added for the hardening checks; a capture made before they were added simply lacks them.
    "kernel.yama.ptrace_scope",
    "kernel.unprivileged_bpf_disabled",
    "fs.protected_hardlinks",
    "fs.protected_symlinks",
    "net.ipv4.conf.default.accept_redirects",
    "net.ipv4.conf.all.secure_redirects",
    "net.ipv4.conf.default.secure_redirects",
    "net.ipv4.conf.default.send_redirects",
    "net.ipv4.conf.default.rp_filter",
    "net.ipv4.conf.default.accept_source_route",
    "net.ipv4.conf.all.log_martians",
    "net.ipv4.conf.default.log_martians",
    "net.ipv4.icmp_echo_ignore_broadcasts",
    "net.ipv4.icmp_ignore_bogus_error_responses",
    "net.ipv4.tcp_syncookies",
    "net.ipv6.conf.all.forwarding",
    "net.ipv6.conf.all.accept_redirects",
    "net.ipv6.conf.default.accept_redirects",
    "net.ipv6.conf.all.accept_source_route",
    "net.ipv6.conf.default.accept_source_route",
    "net.ipv6.conf.all.accept_ra",
    "net.ipv6.conf.default.accept_ra",
)
_MISSING = "#missing"

COMMAND = (
    f"for k in {' '.join(key.replace('.', '/') for key in KEYS)}; do "
    'if [ -r "/proc/sys/$k" ]; then printf \'%s=%s\\n\' "$k" "$(cat "/proc/sys/$k")"; '
    f"else printf '%s={_MISSING}\\n' \"$k\"; fi; done"
)


class KernelParams(FactModel):
    values: dict[str, str] = {}  # dotted sysctl name -> value
    missing: tuple[str, ...] = ()

    def get(self, key: str) -> str | None:
        return self.values.get(key)


def parse(raw: RawOutput) -> KernelParams:
    values: dict[str, str] = {}
    missing: list[str] = []
    for line in raw.stdout.splitlines():
        path, sep, value = line.partition("=")
        key = path.replace("/", ".")
        if not sep or key not in KEYS:
            continue  # only the keys the command asked for are believed
        if value == _MISSING:
            missing.append(key)
        else:
            values[key] = clip(value.strip(), 100)
    if not values and not missing:
        raise ProbeError(f"no kernel parameters in the output: {first_line(raw.stderr) or 'empty'}")
    return KernelParams(values=values, missing=tuple(missing))


KERNEL_PARAMS = Probe(
    name="kernel_params",
    description="Kernel hardening parameters from /proc/sys",
    command=COMMAND,
    model=KernelParams,
    parse=parse,
)
