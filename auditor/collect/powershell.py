"""Collection on Windows: one Windows PowerShell 5.1 script per host, cut by the same nonce markers.

The script is the PowerShell twin of auditor.collect.script.build_script: for each selected probe it
prints the BEGIN marker on stdout and stderr, runs the probe's constant script-block body inside
try/catch, prints `ConvertTo-Json -InputObject @(<objects>) -Depth 8 -Compress` on stdout (or the
exception as `TypeName: message` on stderr, status 1), then the END markers (the status on
stdout's), and DONE at the end. So auditor.collect.script.split_output cuts its output unchanged, a probe
that throws loses only its own section, and auditor.probes.winjson reads every section the same
way (its docstring is the output contract).

Nothing from a host is ever formatted into the script: the probe bodies are constants, the only
variable parts are the nonce and the probe names (\\w+, checked here).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from typing import Any

from auditor.inventory import Host
from auditor.probes.base import Probe

_NAME = re.compile(r"^\w+$")
_NONCE = re.compile(r"^[0-9a-f]{8,64}$")
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


# Output goes straight to the process's standard streams as UTF-8 bytes, not through PowerShell's
# host, whose encoding follows the console code page and which reformats what it prints. In a
# remote runspace (PSRP: the host is "ServerRemoteHost") there are no standard streams: each
# piece is then emitted as one pipeline string "AUDITOR-FRAME O|E <base64>", which `unframe` turns
# back into stdout and stderr.
HEADER = """\
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$AuditorUtf8 = New-Object System.Text.UTF8Encoding $false
$AuditorFramed = $Host.Name -eq 'ServerRemoteHost'
if (-not $AuditorFramed) {
  $AuditorOut = [Console]::OpenStandardOutput()
  $AuditorErr = [Console]::OpenStandardError()
}
function Write-AuditorText([string]$Kind, [string]$Text) {
  $bytes = $AuditorUtf8.GetBytes($Text)
  if ($AuditorFramed) {
    'AUDITOR-FRAME ' + $Kind + ' ' + [Convert]::ToBase64String($bytes)
    return
  }
  $stream = $AuditorOut
  if ($Kind -eq 'E') { $stream = $AuditorErr }
  $stream.Write($bytes, 0, $bytes.Length)
  $stream.Flush()
}
"""

# One probe. Its warning, verbose, debug and information streams are dropped (3>..6>): a
# non-interactive host would print them into stdout between the markers.
_PROBE = """\
Write-AuditorText 'O' "{marker} BEGIN {name}`n"
Write-AuditorText 'E' "{marker} BEGIN {name}`n"
$AuditorStatus = 0
try {{
  $AuditorObjects = @(& {{
{body}
  }} 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
}} catch {{
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}}
Write-AuditorText 'O' "`n{marker} END {name} $AuditorStatus`n"
Write-AuditorText 'E' "`n{marker} END {name}`n"
"""


def build_ps_script(probes: Sequence[Probe[Any]], *, nonce: str) -> str:
    """The Windows collector: constant for a given nonce and probe list (see the module docstring)."""
    if not _NONCE.match(nonce):
        raise ValueError(f"not a collector nonce: {nonce!r}")
    marker = f"AUDITOR-{nonce}"
    return HEADER + "".join(probe_block(probe, marker=marker) for probe in probes) + done_line(marker)


def probe_block(probe: Probe[Any], *, marker: str) -> str:
    """One probe's part of the script. The body is inserted verbatim, not re-indented: a
    here-string's closing `"@` must start its line."""
    if probe.shell != "powershell":
        raise ValueError(f"probe {probe.name} is a {probe.shell} probe, not a PowerShell one")
    if not _NAME.match(probe.name):
        raise ValueError(f"probe name {probe.name!r} cannot be a section name")
    if not probe.command.isascii():
        raise ValueError(f"probe {probe.name}: the body must be ASCII (it travels through the console code page)")
    return _PROBE.format(marker=marker, name=probe.name, body=probe.command.strip("\n"))


def done_line(marker: str) -> str:
    return f"Write-AuditorText 'O' \"{marker} DONE`n\"\n"


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


def collector_shell(host: Host) -> str:
    """The probe shell of the host's collector: "powershell" for Windows hosts, else "sh"."""
    return "powershell" if is_windows(host) else "sh"
