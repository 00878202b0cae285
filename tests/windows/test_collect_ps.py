"""The Windows collector script: constant, built from constant bodies only, cut by the sh collector's splitter."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest

from auditor.collect.powershell import HEADER, build_ps_script, collector_shell
from auditor.collect.script import new_nonce, split_output
from auditor.inventory import Host
from auditor.probes.base import FactModel, Probe, RawOutput
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.win_os import WIN_OS, WinOs
from auditor.transport.windows import BOOTSTRAP, bootstrap_command, encoded, is_windows, unframe
from tests.windows.recorded import collector_output, golden


class _Any(FactModel):
    text: str


def _ps(name: str, body: str) -> Probe[_Any]:
    return Probe(
        name=name,
        description=name,
        command=body,
        model=_Any,
        parse=lambda raw: _Any(text=raw.stdout),
        shell="powershell",
    )


NONCE = "0123456789abcdef"


def test_script_is_constant_for_a_nonce_and_holds_the_bodies_verbatim() -> None:
    here = _ps("here_string", '$t = @"\nline\n"@\n[pscustomobject]@{ T = $t }')
    first = build_ps_script([WIN_OS, here], nonce=NONCE)
    assert first == build_ps_script([WIN_OS, here], nonce=NONCE)
    assert first != build_ps_script([WIN_OS, here], nonce="fedcba9876543210")
    assert first.startswith(HEADER)
    assert WIN_OS.command.strip("\n") in first
    # a here-string's closing "@ must stay at the start of its line
    assert '\n"@\n' in first
    assert first.count(f"AUDITOR-{NONCE} BEGIN win_os") == 2  # stdout and stderr
    assert first.endswith(f"Write-AuditorText 'O' \"AUDITOR-{NONCE} DONE`n\"\n")
    assert first.isascii()


def test_only_the_nonce_and_names_vary() -> None:
    a = build_ps_script([WIN_OS], nonce=NONCE)
    b = build_ps_script([WIN_OS], nonce="00000000000000ff")
    assert a.replace(NONCE, "00000000000000ff") == b


@pytest.mark.parametrize("nonce", ["", "xyz", "0123456789abcdef\nRemove-Item C:\\", "'; exit; '"])
def test_a_nonce_that_is_not_hex_is_refused(nonce: str) -> None:
    with pytest.raises(ValueError, match="nonce"):
        build_ps_script([WIN_OS], nonce=nonce)


def test_sh_probes_non_ascii_bodies_and_odd_names_are_refused() -> None:
    with pytest.raises(ValueError, match="not a PowerShell one"):
        build_ps_script([OS_RELEASE], nonce=NONCE)
    with pytest.raises(ValueError, match="ASCII"):
        build_ps_script([_ps("bad", "'caf\u00e9'")], nonce=NONCE)
    with pytest.raises(ValueError, match="section name"):
        build_ps_script([_ps("bad name", "1")], nonce=NONCE)


def test_each_probe_runs_in_try_catch_with_json_and_error_text() -> None:
    script = build_ps_script([_ps("one", "1")], nonce=NONCE)
    assert "$ErrorActionPreference = 'Stop'" in script
    assert "$ProgressPreference = 'SilentlyContinue'" in script
    assert "ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress" in script
    assert "$_.Exception.GetType().FullName + ': ' + $_.Exception.Message" in script
    assert re.search(r"\} 3>\$null 4>\$null 5>\$null 6>\$null\)", script)


def test_bootstrap_is_short_constant_and_decodes_to_the_stdin_reader() -> None:
    command = bootstrap_command()
    assert command == bootstrap_command()
    assert len(command) < 8191  # cmd.exe's command-line limit
    parts = command.split(" ")
    assert parts[:6] == [
        "PowerShell",
        "-NoProfile",
        "-NonInteractive",
        "-ExecutionPolicy",
        "Unrestricted",
        "-EncodedCommand",
    ]
    assert base64.b64decode(parts[6]).decode("utf-16-le") == BOOTSTRAP
    assert "$input" in BOOTSTRAP
    assert encoded("A") == "QQA="


def test_bootstrap_is_what_ansibles_powershell_plugin_makes_of_it() -> None:
    shell = pytest.importorskip("ansible.plugins.shell.powershell")
    assert bootstrap_command() == shell.ShellModule()._encode_script(BOOTSTRAP, strict_mode=False, preserve_rc=False)


def test_recorded_output_is_cut_by_the_sh_splitter() -> None:
    nonce = new_nonce()
    failed = RawOutput(stdout="", stderr="System.UnauthorizedAccessException: Access is denied.", exit_status=1)
    stdout, stderr = collector_output(
        nonce, [("win_os", golden("win_os", "server-2022-datacenter")), ("other", failed)]
    )
    probes: list[Probe[Any]] = [WIN_OS, _ps("other", "1")]
    sections, done = split_output(stdout, stderr, probes=probes, nonce=nonce)
    assert done
    fact = WIN_OS.parse(sections["win_os"].output)
    assert isinstance(fact, WinOs)
    assert fact.pretty_name == "Windows Server 2022 Datacenter (21H2, build 20348.2113)"
    assert sections["other"].output == RawOutput(
        stdout="", stderr="System.UnauthorizedAccessException: Access is denied.", exit_status=1
    )


def test_framed_output_from_a_remote_runspace_is_unframed() -> None:
    def frame(kind: str, text: str) -> str:
        return f"AUDITOR-FRAME {kind} {base64.b64encode(text.encode()).decode()}"

    text = "\r\n".join(
        [frame("O", "AUDITOR-ab BEGIN x\n"), "noise", frame("E", "oops"), frame("O", "[]"), "AUDITOR-FRAME O !!"]
    )
    assert unframe(text) == ("AUDITOR-ab BEGIN x\n[]", "oops")
    assert unframe("plain output") is None


@pytest.mark.parametrize(
    ("connection", "shell_type", "windows"),
    [
        ("ssh", None, False),
        ("ssh", "sh", False),
        ("ssh", "powershell", True),
        ("ssh", "cmd", True),
        ("winrm", None, True),
        ("psrp", None, True),
    ],
)
def test_windows_hosts_are_told_from_the_inventory_as_ansible_does(
    connection: str, shell_type: str | None, windows: bool
) -> None:
    host = Host(
        name="h",
        client="c",
        address="h",
        connection=connection,
        vars={"ansible_shell_type": shell_type} if shell_type else {},
    )
    assert is_windows(host) is windows
    assert collector_shell(host) == ("powershell" if windows else "sh")
