"""kill -9 of the auditor during an Ansible run: no password left on disk, no Ansible process left running.

The host hangs after being asked for sudo, so ansible-playbook, its worker and ssh are all alive
when the auditor is killed with SIGKILL; the reaper must take them down and remove the run's
private directory within a few seconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest

from tests.hostile_ssh import hostile_ssh_server

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "kill-nine-Secret-7"


def _hang(command: str, channel: paramiko.Channel) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not channel.closed:
        time.sleep(0.2)
    return 1


def _children() -> dict[int, int]:
    """pid -> parent pid of every process, alive (zombies left out)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    return parents


def _descendants(root: int) -> set[int]:
    parents = _children()
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    return pids & set(_children())


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="aud-kill-", dir="/tmp"))  # short: the secret socket lives here
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def test_kill_minus_nine_leaves_no_secret_and_no_ansible_process(tmp_path: Path, short_tmp: Path) -> None:
    pytest.importorskip("ansible_runner")
    with hostile_ssh_server(tmp_path / "h", _hang) as server:
        inventory = tmp_path / "hosts.ini"
        inventory.write_text(
            f"[acme]\nstuck ansible_host=127.0.0.1 ansible_port={server.port} ansible_user=audit "
            f"ansible_private_key_file={server.client_key} ansible_become=true\n"
        )
        auditor = subprocess.Popen(
            [
                sys.executable, "-m", "auditor", "run", "-i", str(inventory), "--transport", "ansible",
                "--known-hosts", str(server.known_hosts), "--db", str(tmp_path / "a.db"),
                "-o", str(tmp_path / "out"), "--no-progress", "--command-timeout", "300",
            ],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "TMPDIR": str(short_tmp), "AUDITOR_BECOME_PASSWORD": PASSWORD},
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 240
            while not server.commands and time.monotonic() < deadline and auditor.poll() is None:
                time.sleep(0.2)
            assert server.commands, "ansible never reached the host"
            assert "sudo" in server.commands[0]
            family = _descendants(auditor.pid)
            assert any("ansible-playbook" in _cmdline(pid) for pid in family)
            auditor.send_signal(signal.SIGKILL)
            auditor.wait()
            deadline = time.monotonic() + 10
            while _alive(family) and time.monotonic() < deadline:
                time.sleep(0.2)
            left = {pid: _cmdline(pid) for pid in _alive(family)}
        finally:
            if auditor.poll() is None:
                auditor.kill()
    assert left == {}, f"processes outlived the auditor: {left}"
    leftovers = [path for path in short_tmp.rglob("*") if path.is_file()]
    assert not any(PASSWORD.encode() in path.read_bytes() for path in leftovers)
    assert not list(short_tmp.glob("auditor-ansible-*")), sorted(short_tmp.rglob("*"))


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
