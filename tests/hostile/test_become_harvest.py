"""A host that harvests the sudo password learns only a password meant for it.

Each hostile host reads the prompt auditor put in its command line, prints it as sudo would, and
records the line it is sent back. A host with a password of its own (`auditor_become_password_env`
on its client's group, or `ansible_become_password`) must never receive the fleet password.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import paramiko
import pytest

from tests.hostile_ssh import hostile_ssh_server, read_stdin

REPO = Path(__file__).resolve().parents[2]
FLEET = "fleet-Secret-1"
ACME = "acme-Secret-2"
INITECH = "initech-Secret-3"


class Harvester:
    """A host that answers auditor's sudo prompt like sudo, keeps the password, then dies."""

    def __init__(self) -> None:
        self.harvested: list[str] = []

    def __call__(self, command: str, channel: paramiko.Channel) -> int:
        # auditor's SSH path and Ansible's sudo plugin each announce their prompt and ready line
        prompt = re.search(r"-p '?(\[auditor-become-[0-9a-f]+\])", command) or re.search(
            r'-p "(\[sudo via ansible, key=\w+\] password:)"', command
        )
        ready = re.search(r"echo (auditor-ready-[0-9a-f]+|BECOME-SUCCESS-\w+)", command)
        if prompt is not None and ready is not None:
            channel.sendall_stderr(prompt.group(1).encode())
            line = b""
            while not line.endswith(b"\n"):
                chunk = channel.recv(1)
                if not chunk:
                    break
                line += chunk
            self.harvested.append(line.decode().strip())
            channel.sendall(f"{ready.group(1)}\n".encode())
        read_stdin(channel)
        return 1


def _host(name: str, port: int, key: Path, extra: str = "") -> str:
    return (
        f"        {name}:\n          ansible_host: 127.0.0.1\n          ansible_port: {port}\n"
        f"          ansible_user: audit\n          ansible_private_key_file: {key}\n"
        f"          ansible_become: true\n{extra}"
    )


@pytest.mark.parametrize("transport", ["ssh", "ansible"])
def test_a_host_with_its_own_password_never_receives_the_fleet_password(tmp_path: Path, transport: str) -> None:
    if transport == "ansible":
        pytest.importorskip("ansible_runner")
    names = ("acme-web", "initech-db", "globex-app")
    harvesters = {name: Harvester() for name in names}
    with ExitStack() as stack:
        servers = {name: stack.enter_context(hostile_ssh_server(tmp_path / name, harvesters[name])) for name in names}
        key = servers["acme-web"].client_key
        inventory = tmp_path / "fleet.yml"
        inventory.write_text(
            "all:\n  children:\n"
            "    acme:\n      vars:\n        auditor_become_password_env: ACME_BECOME\n      hosts:\n"
            + _host("acme-web", servers["acme-web"].port, key)
            + "    initech:\n      hosts:\n"
            + _host("initech-db", servers["initech-db"].port, key, f"          ansible_become_password: {INITECH}\n")
            + "    globex:\n      hosts:\n"
            + _host("globex-app", servers["globex-app"].port, key)
        )
        known = tmp_path / "known_hosts"
        known.write_text("".join(server.known_hosts.read_text() for server in servers.values()))
        done = subprocess.run(
            [
                sys.executable, "-m", "auditor", "run", "-i", str(inventory), "--known-hosts", str(known),
                "--db", str(tmp_path / "a.db"), "-o", str(tmp_path / "out"), "--no-progress",
                "--connect-timeout", "5", "--command-timeout", "20", "--checks", "ssh-*", "--transport", transport,
            ],
            capture_output=True, text=True, timeout=300, check=False, cwd=REPO,
            env={**os.environ, "AUDITOR_BECOME_PASSWORD": FLEET, "ACME_BECOME": ACME},
        )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert harvesters["acme-web"].harvested == [ACME]
    assert harvesters["initech-db"].harvested == [INITECH]
    assert harvesters["globex-app"].harvested == [FLEET]  # no password of its own: the fleet's, by design
    output = done.stdout + done.stderr
    assert FLEET not in output and ACME not in output and INITECH not in output


def test_a_missing_password_variable_stops_before_any_host_is_contacted(tmp_path: Path) -> None:
    harvester = Harvester()
    with hostile_ssh_server(tmp_path / "h", harvester) as server:
        inventory = tmp_path / "fleet.yml"
        inventory.write_text(
            "all:\n  children:\n    acme:\n      vars:\n        auditor_become_password_env: NOT_SET_ANYWHERE\n"
            "      hosts:\n" + _host("acme-web", server.port, server.client_key)
        )
        done = subprocess.run(
            [
                sys.executable, "-m", "auditor", "run", "-i", str(inventory), "--known-hosts",
                str(server.known_hosts), "--db", str(tmp_path / "a.db"), "-o", str(tmp_path / "out"),
                "--no-progress",
            ],
            capture_output=True, text=True, timeout=120, check=False, cwd=REPO,
            env={k: v for k, v in os.environ.items() if k != "NOT_SET_ANYWHERE"},
        )  # fmt: skip
        assert server.commands == []
    assert done.returncode == 2, done.stderr
    assert "auditor_become_password_env names the environment variable NOT_SET_ANYWHERE" in done.stderr
