"""The SSH transport against real lab sshds: every way of not getting in is an error with a reason."""

from __future__ import annotations

import dataclasses
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.inventory import Host, load_inventory
from auditor.transport.base import ErrorKind, TransportError
from auditor.transport.ssh import SshOptions, SshTransport
from tests.lab.conftest import INVENTORY

pytestmark = pytest.mark.lab


def _host(name: str) -> Host:
    return next(h for h in load_inventory(INVENTORY).hosts if h.name == name)


def _transport(lab: Path, **options: object) -> SshTransport:
    return SshTransport(SshOptions(known_hosts=lab / "known_hosts", **options))  # type: ignore[arg-type]


def test_runs_a_script_and_returns_streams_and_status(lab: Path) -> None:
    result = _transport(lab).run_script(_host("neglected"), "hostname; echo oops >&2; exit 7\n")
    assert result.stdout == b"neglected\n"
    assert result.stderr == b"oops\n"
    assert result.exit_status == 7


def test_become_with_nopasswd_sudo_runs_as_root(lab: Path) -> None:
    host = _host("hardened")
    assert host.become and host.user == "audit"
    assert _transport(lab).run_script(host, "id -un\n").stdout == b"root\n"


def test_wrong_become_password_is_a_become_error(lab: Path) -> None:
    host = dataclasses.replace(_host("partial"), become=True)
    with pytest.raises(TransportError) as caught:
        _transport(lab, become_password="not-the-password").run_script(host, "id -u\n")
    assert caught.value.kind is ErrorKind.BECOME


def test_become_password_reaches_only_sudo(lab: Path) -> None:
    host = dataclasses.replace(_host("partial"), become=True)
    password = (lab / "become-password").read_text().strip()
    result = _transport(lab, become_password=password).run_script(
        host, "id -un; cat /proc/self/cmdline | tr '\\0' ' '\n"
    )
    assert result.stdout.startswith(b"root\n")
    assert password.encode() not in result.stdout + result.stderr


def test_unknown_key_is_refused_then_recorded_with_trust_on_first_use(lab: Path, tmp_path: Path) -> None:
    known_hosts = tmp_path / "known_hosts"
    host = _host("neglected")
    with pytest.raises(TransportError) as caught:
        SshTransport(SshOptions(known_hosts=known_hosts)).run_script(host, "true\n")
    assert caught.value.kind is ErrorKind.HOST_KEY
    assert "trust-on-first-use" in caught.value.reason
    SshTransport(SshOptions(known_hosts=known_hosts, trust_on_first_use=True)).run_script(host, "true\n")
    assert host.address in known_hosts.read_text()
    # now recorded: strict mode accepts it
    assert SshTransport(SshOptions(known_hosts=known_hosts)).run_script(host, "echo ok\n").stdout == b"ok\n"


def test_changed_key_is_refused_even_with_trust_on_first_use(lab: Path) -> None:
    with pytest.raises(TransportError) as caught:
        _transport(lab, trust_on_first_use=True).run_script(_host("wrongkey"), "true\n")
    assert caught.value.kind is ErrorKind.HOST_KEY
    assert "does not match" in caught.value.reason


def test_refused_key_is_an_auth_error(lab: Path, tmp_path: Path) -> None:
    key = tmp_path / "other_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    host = dataclasses.replace(_host("neglected"), private_key_file=str(key))
    with pytest.raises(TransportError) as caught:
        _transport(lab, use_agent=False).run_script(host, "true\n")
    assert caught.value.kind is ErrorKind.AUTH


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says anything (a hung sshd)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_silent_server_times_out(lab: Path, silent_server: int) -> None:
    host = dataclasses.replace(_host("neglected"), address="127.0.0.1", port=silent_server)
    with pytest.raises(TransportError) as caught:
        _transport(lab, connect_timeout=1.0).run_script(host, "true\n")
    assert caught.value.kind is ErrorKind.TIMEOUT


def test_command_timeout_keeps_partial_output(lab: Path) -> None:
    result = _transport(lab, command_timeout=2.0).run_script(_host("neglected"), "echo first; sleep 30; echo never\n")
    assert result.timed_out
    assert result.stdout == b"first\n"


def test_agent_authentication(lab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No key file in the inventory: the key comes from a running ssh-agent."""
    socket_path = tmp_path / "agent.sock"
    agent = subprocess.Popen(["ssh-agent", "-D", "-a", str(socket_path)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            if socket_path.exists():
                break
            threading.Event().wait(0.1)
        env = {"SSH_AUTH_SOCK": str(socket_path)}
        subprocess.run(["ssh-add", "-q", str(lab / "id_ed25519")], env=env, check=True, capture_output=True)
        monkeypatch.setenv("SSH_AUTH_SOCK", str(socket_path))
        monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.ssh/id_* keys to fall back on
        host = dataclasses.replace(_host("neglected"), private_key_file=None)
        assert _transport(lab).run_script(host, "echo agent\n").stdout == b"agent\n"
        with pytest.raises(TransportError) as caught:
            _transport(lab, use_agent=False).run_script(host, "true\n")
        assert caught.value.kind is ErrorKind.AUTH
    finally:
        agent.terminate()
        agent.wait()


def test_cancel_cuts_a_running_command_short(lab: Path) -> None:
    """Ctrl-C during a run: a host in the middle of its script stops at once, not at the command timeout."""
    import time

    transport = _transport(lab, command_timeout=120)
    caught: list[BaseException] = []

    def run() -> None:
        try:
            transport.run_script(_host("neglected"), "sleep 60\n")
        except BaseException as exc:
            caught.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(1.5)
    began = time.monotonic()
    transport.cancel()
    worker.join(30)
    assert not worker.is_alive()
    assert time.monotonic() - began < 10
    assert isinstance(caught[0], TransportError) and caught[0].kind is ErrorKind.INTERRUPTED
