"""The Windows collector script parses as Windows PowerShell 5.1 (see tests/psgate.py for why and how).

The whole script that auditor.collect.powershell builds (every PowerShell probe, the header and
footer, the markers), the bootstrap command that starts it, and each probe body on its own must
have no syntax error in a real PowerShell grammar and no PowerShell 7-only construct. The gate
itself is tested on one example of each construct it must refuse, and on 5.1 idioms it must let
through, so that it cannot pass by seeing nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.collect.powershell import build_ps_script
from auditor.probes.base import Probe
from auditor.probes.registry import ALL_PROBES
from auditor.transport.windows import BOOTSTRAP
from tests.psgate import Finding, check_windows_powershell_51, parse, syntax_errors

WINDOWS_PROBES = [probe for probe in ALL_PROBES if probe.shell == "powershell"]


def _report(findings: list[Finding]) -> str:
    return "\n".join(str(f) for f in findings)


def test_the_whole_windows_collector_script_is_windows_powershell_51() -> None:
    script = build_ps_script(WINDOWS_PROBES, nonce="0123456789abcdef")
    assert len(WINDOWS_PROBES) >= 20 and all(f" {p.name}" in script for p in WINDOWS_PROBES)
    root = parse(script)
    assert root.type == "program" and root.end_point[0] >= script.count("\n") - 1
    findings = check_windows_powershell_51(script)
    assert not findings, _report(findings)


def test_the_bootstrap_command_is_windows_powershell_51() -> None:
    assert not check_windows_powershell_51(BOOTSTRAP)


@pytest.mark.parametrize("probe", WINDOWS_PROBES, ids=lambda probe: probe.name)
def test_each_probe_body_is_windows_powershell_51(probe: Probe[Any]) -> None:
    findings = check_windows_powershell_51(probe.command)
    assert not findings, _report(findings)


PS7_ONLY = {
    "ternary": "$a = $x ? 1 : 2",
    "null-coalescing": "$a = $x ?? 'default'",
    "null-coalescing assignment": "$a ??= 4",
    "null-conditional member": "$n = $x?.Name",
    "null-conditional index": "$n = ${x}?[0]",
    "pipeline chain &&": "Get-Service && Get-Process",
    "pipeline chain ||": "Get-Service || Write-Output 'failed'",
    "background operator": "Get-Process &",
    "ForEach-Object -Parallel": "1..3 | ForEach-Object -Parallel { $_ }",
    "% -Par (abbreviated)": "1..3 | % -Par { $_ }",
    "ConvertFrom-Json -AsHashtable": "$h = '{}' | ConvertFrom-Json -AsHashtable",
    "Get-Content -AsByteStream": "$b = Get-Content -Path x -AsByteStream",
    "Join-String": "$s = 'a', 'b' | Join-String -Separator ','",
    "$IsWindows": "if ($IsWindows) { 'yes' }",
    "clean block": "function f { process { 1 } clean { 2 } }",
}


@pytest.mark.parametrize("snippet", PS7_ONLY.values(), ids=list(PS7_ONLY))
def test_the_gate_refuses_powershell_7_syntax(snippet: str) -> None:
    assert check_windows_powershell_51(snippet)


WINDOWS_POWERSHELL_51 = {
    "Where-Object alias": "$x = @(1, 2) | ? { $_ -gt 1 }",
    "ForEach-Object alias": "@(1, 2) | % { $_ * 2 }",
    "if as an expression": "$a = $(if ($x) { 1 } else { 2 })",
    "try/catch": "try { Get-Item x -ErrorAction Stop } catch { $_.Exception.Message }",
    "hash literal and cast": "[pscustomobject]@{ Name = 'a'; Count = [int]'3' }",
    "static call and format": "'{0:N1}' -f [Math]::Round(1.25, 1)",
    "call operator": "& ([scriptblock]::Create('1'))",
    "ConvertTo-Json -Depth": "ConvertTo-Json -InputObject @(1) -Depth 8 -Compress",
}


@pytest.mark.parametrize("snippet", WINDOWS_POWERSHELL_51.values(), ids=list(WINDOWS_POWERSHELL_51))
def test_the_gate_lets_windows_powershell_51_through(snippet: str) -> None:
    assert not check_windows_powershell_51(snippet), _report(check_windows_powershell_51(snippet))


def test_a_syntax_error_is_found_where_it_is() -> None:
    findings = syntax_errors(parse("$a = 1\nif ($a -eq 1 {\n  'x'\n}\n"))
    assert findings and findings[0].line in (2, 3, 4)
