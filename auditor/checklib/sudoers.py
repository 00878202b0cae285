"""Least privilege: run the collector as a plain account and only the commands that need root
through sudo, and print the sudoers allowlist those exact commands need.

A probe marks each command that needs root as `$AUDITOR_SUDO cmd args` (auditor.collect.script sets the
variable in the script header). Normally it is empty: the script runs as root (become) or as a
plain user. For a host in least-privilege mode (`auditor_least_privilege=true` in the inventory, or
`auditor run --least-privilege` for every host with become) the script runs as the login user and
AUDITOR_SUDO is `sudo -n`: sudo never prompts, and a command the sudoers policy does not allow
fails with sudo's own message, which the probe reports, so that check is `error` with the reason.

The allowlist is derived from the probe commands themselves, so it cannot drift from what runs:
every marked command must have constant arguments (no variables, globs or quotes left after
shell word splitting), and a probe that says it needs root but marks nothing is listed as not
covered. sudo matches a fully qualified command by path or, failing that, by device and inode,
so `/usr/sbin/sshd` also covers `/sbin/sshd` on merged-/usr systems.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.core.errors import ConfigError
from auditor.inventory import Host
from auditor.probes.base import Probe

LEAST_PRIVILEGE_VAR = "auditor_least_privilege"
SUDO_MARK = "$AUDITOR_SUDO"
_TRUE = frozenset({"true", "yes", "on", "1", "y", "t"})
# Where each program lives on Debian, Ubuntu, RHEL and SUSE (merged /usr or not: see the docstring).
# A program found in different directories on different families gets one entry per directory.
PROGRAM_PATHS: dict[str, tuple[str, ...]] = {
    "sshd": ("/usr/sbin/sshd",),
    "nft": ("/usr/sbin/nft",),
    "ss": ("/usr/bin/ss", "/usr/sbin/ss"),
    "iptables": ("/usr/sbin/iptables",),
    "iptables-save": ("/usr/sbin/iptables-save",),
    "ufw": ("/usr/sbin/ufw",),
    "auditctl": ("/usr/sbin/auditctl",),
    "cat": ("/usr/bin/cat",),
    "ls": ("/usr/bin/ls",),
    "grep": ("/usr/bin/grep",),
    "stat": ("/usr/bin/stat",),
    "find": ("/usr/bin/find",),
    "tail": ("/usr/bin/tail",),
    "head": ("/usr/bin/head",),
    "crontab": ("/usr/bin/crontab",),
}
# After shlex: anything the shell would still expand, and what sudoers would read as a pattern.
_NOT_EXACT = re.compile(r"[$`*?\[\]{}~\\\"'<>|;&()\n]")
_USER = re.compile(r"[a-z_][a-z0-9_.-]{0,31}\$?")
# In a sudoers Cmnd argument these must carry a backslash.
_SUDOERS_SPECIAL = re.compile(r"([,:=\\!()])")


def least_privilege(host: Host) -> bool:
    """Whether the inventory asks for this host to be audited in least-privilege mode."""
    value = host.vars.get(LEAST_PRIVILEGE_VAR)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE if value is not None else False


def sudo_prefix(host: Host) -> str:
    """AUDITOR_SUDO for a least-privilege host: never prompts, runs as the become user."""
    if host.become_user == "root":
        return "sudo -n"
    return f"sudo -n -u {shlex.quote(host.become_user)}"


@dataclass(frozen=True)
class PrivilegedCommand:
    probe: str
    argv: tuple[str, ...]

    @property
    def program(self) -> str:
        return self.argv[0]


def privileged_commands(probe: Probe[Any]) -> list[PrivilegedCommand]:
    """The commands a probe runs through $AUDITOR_SUDO, as argv; refuses any that are not exact."""
    found = []
    position = probe.command.find(SUDO_MARK)
    while position != -1:
        rest = probe.command[position + len(SUDO_MARK) :]
        text = re.split(r"[;&|)\n]", rest, maxsplit=1)[0].strip()
        try:
            argv = tuple(shlex.split(text))
        except ValueError:
            argv = ()
        if not argv or any(_NOT_EXACT.search(arg) for arg in argv) or "/" in argv[0]:
            raise ConfigError(
                f"probe {probe.name}: '{SUDO_MARK} {text}' is not an exact command "
                "(a bare program name and constant arguments are required)"
            )
        found.append(PrivilegedCommand(probe=probe.name, argv=argv))
        position = probe.command.find(SUDO_MARK, position + 1)
    return found


def _sudoers_commands(command: PrivilegedCommand) -> list[str]:
    paths = PROGRAM_PATHS.get(command.program, (f"/usr/bin/{command.program}", f"/usr/sbin/{command.program}"))
    args = " ".join(_SUDOERS_SPECIAL.sub(r"\\\1", arg) for arg in command.argv[1:])
    return [f"{path} {args}".strip() for path in paths]


def render_sudoers(
    *, user: str, probes: Sequence[Probe[Any]], checks_by_probe: dict[str, list[str]], alias: str = "AUDITOR_CMDS"
) -> str:
    """The sudoers file text: one Cmnd_Alias of exact commands and one NOPASSWD rule for `user`."""
    if not _USER.fullmatch(user):
        raise ConfigError(f"{user!r} is not a valid account name for sudoers")
    commands: list[PrivilegedCommand] = []
    uncovered: list[str] = []
    for probe in probes:
        marked = privileged_commands(probe)
        commands.extend(marked)
        if probe.needs_root and not marked:
            uncovered.append(probe.name)
    lines = [
        f"# auditor least-privilege allowlist for {user}: exact commands only, nothing else as root.",
        "# Generated by `auditor sudoers`; check with `visudo -cf FILE`, install as /etc/sudoers.d/auditor (0440).",
        f"# Audit with `auditor run --least-privilege` (or {LEAST_PRIVILEGE_VAR}=true) and ansible_become=true.",
    ]
    for probe in probes:
        owned = [c for c in commands if c.probe == probe.name]
        if owned:
            checks = ", ".join(checks_by_probe.get(probe.name, [])) or "-"
            lines.append(f"#   {probe.name} (checks: {checks}): " + "; ".join(shlex.join(c.argv) for c in owned))
    for name in uncovered:
        checks = ", ".join(checks_by_probe.get(name, [])) or "-"
        lines.append(f"# NOT COVERED: {name} (checks: {checks}) needs root but has no exact command; as {user} it")
        lines.append("#   runs unprivileged and its checks may be `error`.")
    unique = list(dict.fromkeys(line for c in commands for line in _sudoers_commands(c)))
    if not unique:
        lines.append(f"# The selected checks need no root command: {user} needs no sudo rule.")
        return "\n".join(lines) + "\n"
    lines.append(f"Cmnd_Alias {alias} = " + ", \\\n    ".join(unique))
    lines.append(f"{user} ALL=(root) NOPASSWD: {alias}")
    return "\n".join(lines) + "\n"


def sudoers_for_checks(*, user: str, selected: Iterable[str] | None) -> str:
    """The allowlist for the selected checks (all checks when None), from the probes they need."""
    from auditor.checklib.registry import load_checks, probes_for

    checks = load_checks(list(selected) if selected is not None else None)
    probes = probes_for(checks)
    checks_by_probe: dict[str, list[str]] = {}
    for check in checks:
        for fact in check.meta.facts:
            checks_by_probe.setdefault(fact, []).append(check.meta.id)
    return render_sudoers(user=user, probes=probes, checks_by_probe=checks_by_probe)
