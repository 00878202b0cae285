"""How a transport reaches a Windows host: which hosts are Windows, the command line that starts
the PowerShell collector, and the framed output of a remote runspace turned back into streams.

These are the transport's side of the contract with auditor.collect.powershell, which writes the
script the bootstrap runs and the frames `unframe` reads; they live here so that every transport
(SSH, PSRP, Ansible) finds them without reaching up into the collect stage.
"""

from __future__ import annotations

import base64
import re

from auditor.inventory import Host

_FRAME = re.compile(r"^AUDITOR-FRAME ([OE]) ([A-Za-z0-9+/=]*)\r?$", re.MULTILINE)

# How a transport starts the collector. The script (tens of kB) cannot go on a command line:
# OpenSSH for Windows runs an exec request through its default shell, cmd.exe, and WinRM runs its
# commands the same way; cmd.exe's command line is limited to 8191 characters, and -EncodedCommand
# is base64 of UTF-16LE, about 2.7 characters per script character. So the command line carries
# only this short bootstrap and the script travels on stdin, which the bootstrap reads through
# `$input` and runs: one exec, one round trip. It is what Ansible's own PowerShell bootstrap does,
# so it behaves the same over SSH, WinRM and PSRP (where stdin arrives as pipeline input). The
# script is ASCII (checked in build_ps_script), so the console input code page cannot garble it.
# Sources: Microsoft Learn, "OpenSSH Server configuration for Windows" (the default shell is
# cmd.exe unless HKLM:\SOFTWARE\OpenSSH\DefaultShell names another) and "Command prompt
# (Cmd.exe) command-line string limitation" (8191 characters); WinRM "command line is too long"
# reports (diyan/pywinrm #87 and #184); ansible/ansible lib/ansible/executor/powershell/
# bootstrap_wrapper.ps1 (`$input | Out-String` then ScriptBlock::Create).
BOOTSTRAP = "$ProgressPreference='SilentlyContinue'; & ([scriptblock]::Create(($input | Out-String)))"
# Exactly the arguments Ansible's PowerShell shell plugin starts a module with, so that the command
# is the same on every path: Ansible's winrm plugin passes such a command through as it is, its psrp
# plugin decodes it and runs the script in the runspace, and over SSH it is a command line that the
# Windows OpenSSH default shell (cmd.exe, or PowerShell if so configured) runs as it stands.
POWERSHELL_ARGS = ("PowerShell", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Unrestricted")


def encoded(script: str) -> str:
    """A script as powershell.exe -EncodedCommand wants it: base64 of its UTF-16LE bytes."""
    return base64.b64encode(script.encode("utf-16-le")).decode("ascii")


def bootstrap_command() -> str:
    """The one command line a Windows host is sent over SSH: constant, well under 8191 characters."""
    return " ".join((*POWERSHELL_ARGS, "-EncodedCommand", encoded(BOOTSTRAP)))


def unframe(stdout: str) -> tuple[str, str] | None:
    """Stdout and stderr of a collector that ran in a remote runspace (framed output), else None."""
    frames = _FRAME.findall(stdout)
    if not frames:
        return None
    out: list[bytes] = []
    err: list[bytes] = []
    for kind, payload in frames:
        try:
            data = base64.b64decode(payload, validate=True)
        except ValueError:
            continue  # a garbled frame loses its piece; the markers around it tell the section is bad
        (out if kind == "O" else err).append(data)
    return b"".join(out).decode("utf-8", errors="replace"), b"".join(err).decode("utf-8", errors="replace")


WINDOWS_CONNECTIONS = ("winrm", "psrp")
WINDOWS_SHELL_TYPES = ("powershell", "cmd")


def is_windows(host: Host) -> bool:
    """Whether a host is reached as Windows, decided from the inventory the way Ansible does.

    `ansible_connection=winrm|psrp`, or `ansible_shell_type=powershell|cmd` (OpenSSH on Windows,
    whose shell Ansible is told about this way).
    """
    shell_type = str(host.vars.get("ansible_shell_type") or "").strip().lower()
    return host.connection in WINDOWS_CONNECTIONS or shell_type in WINDOWS_SHELL_TYPES
