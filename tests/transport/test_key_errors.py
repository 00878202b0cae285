"""A key problem is said as what it is, at once, without touching the host or retrying.

A missing key file was reported as "unreachable (3 attempts)" and a wrong passphrase as
"Invalid key (3 attempts)": the operator looked for a network fault that did not exist.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.inventory import Host
from auditor.transport.base import ErrorKind, TransportError
from auditor.transport.ssh import SshOptions, SshTransport


@pytest.fixture
def listener() -> Iterator[tuple[int, list[int]]]:
    """A TCP port that counts connections (and closes them): any connect attempt shows."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    server.close()


def _keygen(path: Path, passphrase: str) -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", str(path)], check=True)
    return path


def _error(port: int, key: Path, tmp_path: Path, passphrase: str | None = None) -> tuple[TransportError, float]:
    options = SshOptions(
        known_hosts=tmp_path / "known_hosts", use_agent=False, key_passphrase=passphrase, retry_backoff=0.5
    )
    host = Host(name="web1", client="acme", address="127.0.0.1", port=port, private_key_file=str(key))
    started = time.monotonic()
    with pytest.raises(TransportError) as caught:
        SshTransport(options).run_script(host, "true")
    return caught.value, time.monotonic() - started


@pytest.mark.parametrize(
    ("make_key", "passphrase", "says"),
    [
        (lambda tmp: tmp / "no-such-key", None, "does not exist"),
        (lambda tmp: _keygen(tmp / "id_ed25519", "right passphrase"), "wrong passphrase", "wrong passphrase for"),
        (lambda tmp: _keygen(tmp / "id_ed25519", "right passphrase"), None, "is encrypted: give its passphrase"),
        (lambda tmp: tmp, None, "cannot read private key file"),
    ],
    ids=["missing", "wrong-passphrase", "no-passphrase", "a-folder"],
)
def test_key_problems_are_named_without_connecting_or_retrying(
    listener: tuple[int, list[int]], tmp_path: Path, make_key, passphrase: str | None, says: str
) -> None:
    port, accepted = listener
    key = make_key(tmp_path)
    error, seconds = _error(port, key, tmp_path, passphrase)
    assert error.kind is ErrorKind.CONFIG
    assert says in error.reason and str(key) in error.reason
    assert "attempts" not in error.reason and "unreachable" not in error.reason
    assert accepted == []  # the host was never contacted
    assert seconds < 5  # no retry backoff


def test_right_passphrase_goes_on_to_connect(listener: tuple[int, list[int]], tmp_path: Path) -> None:
    port, accepted = listener
    key = _keygen(tmp_path / "id_ed25519", "right passphrase")
    error, _ = _error(port, key, tmp_path, "right passphrase")
    assert accepted  # the key was fine: the failure is the listener's, not the key's
    assert "passphrase" not in error.reason
