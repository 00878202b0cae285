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

import re
from collections.abc import Sequence
from typing import Any

from auditor.inventory import Host
from auditor.probes.base import Probe
from auditor.transport.windows import is_windows

_NAME = re.compile(r"^\w+$")
_NONCE = re.compile(r"^[0-9a-f]{8,64}$")

# Output goes straight to the process's standard streams as UTF-8 bytes, not through PowerShell's
# host, whose encoding follows the console code page and which reformats what it prints. In a
# remote runspace (PSRP: the host is "ServerRemoteHost") there are no standard streams: each
# piece is then emitted as one pipeline string "AUDITOR-FRAME O|E <base64>", which `unframe` turns
# back into stdout and stderr (auditor.transport.windows).
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


def collector_shell(host: Host) -> str:
    """The probe shell of the host's collector: "powershell" for Windows hosts, else "sh"."""
    return "powershell" if is_windows(host) else "sh"
