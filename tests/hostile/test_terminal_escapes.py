"""Nothing a host or an inventory says can drive the operator's terminal.

A real `auditor run` (subprocess, output captured) against hostile SSH servers: one whose collector
dies with escape sequences on stderr (OSC 52 clipboard write, window title, clear screen, a C1 CSI),
one announcing an SSH banner with an escape sequence, and a `client` written as rich markup with
ESC in it. No ESC byte and no C1 control may reach stdout or stderr; the text is shown escaped.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from contextlib import ExitStack
from io import StringIO
from pathlib import Path

import paramiko

from auditor.core.terminal import InertConsole, inert
from tests.hostile_ssh import hostile_ssh_server, read_stdin

REPO = Path(__file__).resolve().parents[2]
PLANTED = "\x1b]52;c;cHduZWQ=\x07\x1b]0;owned\x07\x1b[2J\x9b31m\u202eevil"
C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _dying_collector(command: str, channel: paramiko.Channel) -> int:
    read_stdin(channel)
    channel.sendall_stderr(f"fatal: {PLANTED}\nsecond line\n".encode())
    return 1


def _inventory(tmp_path: Path, *, stderr_port: int, banner_port: int, key: Path) -> Path:
    common = f"ansible_host: 127.0.0.1\n          ansible_user: audit\n          ansible_private_key_file: {key}\n"
    path = tmp_path / "hostile.yml"
    path.write_text(
        "all:\n  children:\n    acme:\n      hosts:\n"
        f"        stderr-esc:\n          ansible_port: {stderr_port}\n          {common}"
        '          client: "[link=https://evil.example]acme[/link] [bold red]\\e]0;client\\a"\n'
        f"        banner-esc:\n          ansible_port: {banner_port}\n          {common}",
        encoding="utf-8",
    )
    return path


def test_host_and_inventory_text_reaches_the_terminal_inert(tmp_path: Path) -> None:
    with ExitStack() as stack:
        dying = stack.enter_context(hostile_ssh_server(tmp_path / "a", _dying_collector))
        banner = stack.enter_context(
            hostile_ssh_server(tmp_path / "b", _dying_collector, banner="SSH-\x1b]0;banner\x07-evil")
        )
        known = tmp_path / "known_hosts"
        known.write_text(dying.known_hosts.read_text() + banner.known_hosts.read_text())
        inventory = _inventory(tmp_path, stderr_port=dying.port, banner_port=banner.port, key=dying.client_key)
        done = subprocess.run(
            [
                sys.executable, "-m", "auditor", "run", "-i", str(inventory), "--known-hosts", str(known),
                "--db", str(tmp_path / "a.db"), "-o", str(tmp_path / "out"), "--no-progress",
                "--connect-timeout", "5", "--command-timeout", "20", "--checks", "ssh-*",
            ],
            capture_output=True, timeout=120, check=False, cwd=REPO,
            env={**os.environ, "COLUMNS": "250"},
        )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 3, done.stderr.decode(errors="replace")
    assert b"\x1b" not in output and b"\x07" not in output
    assert not C1_UTF8.search(output)
    text = output.decode("utf-8")
    # the host's stderr line becomes its error reason already made printable at the source (control
    # characters as "?"): the operator still sees what the host tried, and nothing of it is obeyed
    assert "fatal: ?]52;c;cHduZWQ=??]0;owned??[2J" in text
    assert "[link=https://evil.example]" in text  # markup shown as text, not obeyed
    assert "\\x1b]0;banner\\x07" in text


def test_inert_escapes_controls_and_keeps_text() -> None:
    assert inert("a\x1b[2Jb\x9bc\u202ed\te") == "a\\x1b[2Jb\\x9bc\\u202ed\te"
    assert inert("one\ntwo") == "one\\x0atwo"
    assert inert("one\ntwo", keep_newlines=True) == "one\ntwo"
    assert inert("héllo [b]x[/b]") == "héllo [b]x[/b]"


def test_the_console_obeys_no_markup_even_on_a_terminal() -> None:
    console = InertConsole(width=200)
    console.file = StringIO()
    console._force_terminal = True  # a real terminal's styling, to show only auditor's own escapes remain
    console.print(f"[link=https://evil.example]x[/link] {PLANTED}")
    written = console.file.getvalue()
    assert "\x1b]" not in written and "\x9b" not in written and "\x1b[2J" not in written
    assert "[link=https://evil.example]x[/link]" in written


def _auditor(*args: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "auditor", *args], capture_output=True, timeout=60, check=False, cwd=REPO
    )
    return done.stdout + done.stderr


def test_host_names_with_escapes_are_shown_inert(tmp_path: Path) -> None:
    accepted = tmp_path / "accepted.yml"  # ESC c resets a terminal; OSC 8 plants a link
    accepted.write_text(
        'all:\n  hosts:\n    "web\\ec01":\n      ansible_host: 127.0.0.1\n'
        '      client: "a\\e]8;;https://evil.example\\e\\\\b"\n'
    )
    refused = tmp_path / "refused.yml"  # refused by the inventory: the error line quotes the name
    refused.write_text('all:\n  hosts:\n    "web\\e]0;x\\a01":\n      ansible_host: 127.0.0.1\n')
    for output in (
        _auditor("inventory", "show", "-i", str(accepted)),
        _auditor("inventory", "show", "-i", str(refused)),
    ):
        assert b"\x1b" not in output and b"\x07" not in output, output
    assert b"web\\x1bc01" in _auditor("inventory", "show", "-i", str(accepted))
