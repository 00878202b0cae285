"""The Ansible path's secret socket answers each host with its own secret only, and leaves nothing behind."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path

from auditor.inventory import Host, Secrets
from auditor.transport.ansible import AnsibleOptions, Job, secret_table
from auditor.transport.secretserver import SecretServer


def _ask(path: Path, host: str, kind: str) -> object:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(str(path))
        client.sendall(json.dumps({"host": host, "kind": kind}).encode() + b"\n")
        return json.loads(client.makefile().readline())["secret"]


def test_each_host_gets_its_own_secret_and_the_socket_goes_away(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with SecretServer(path, {("a", "become"): "pw-a", ("w", "winrm"): "pw-w"}):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert _ask(path, "a", "become") == "pw-a"
        assert _ask(path, "b", "become") is None
        assert _ask(path, "a", "winrm") is None
        assert _ask(path, "w", "winrm") == "pw-w"
    assert not path.exists()


def test_the_fleet_password_goes_only_to_become_hosts_without_their_own() -> None:
    options = AnsibleOptions(inventory="inv", become_password="fleet")
    jobs = [
        Job(host=Host(name="plain", client="c", address="a", become=True), script=""),
        Job(host=Host(name="no-become", client="c", address="a"), script=""),
        Job(
            host=Host(name="own", client="c", address="a", become=True, secrets=Secrets(become_password="own-pw")),
            script="",
        ),
        Job(
            host=Host(name="vaulted", client="c", address="a", become=True, secrets=Secrets(own_become_password=True)),
            script="",
        ),
    ]
    assert secret_table(jobs, options) == {("plain", "become"): "fleet", ("own", "become"): "own-pw"}
