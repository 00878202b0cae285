"""A hostile SSH server for tests: a real SSH-2 server (paramiko's server side) on loopback whose
"host" is a Python function that sees the exact command auditor sends and answers as it likes.

It accepts any public key (a compromised host does), can announce any version banner, and hands
each exec request to `behaviour(command, channel)`: a host that prints escape sequences, one that
harvests a sudo password by printing the prompt it finds in its command line, and so on.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from paramiko.common import (
    AUTH_SUCCESSFUL,
    OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED,
    OPEN_SUCCEEDED,
)

Behaviour = Callable[[str, paramiko.Channel], int]


@dataclass
class HostileServer:
    port: int
    known_hosts: Path
    client_key: Path
    commands: list[str] = field(default_factory=list)


def _ed25519_file(path: Path) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption())
    )
    path.chmod(0o600)


class _Server(paramiko.ServerInterface):
    def __init__(self, behaviour: Behaviour, commands: list[str]) -> None:
        self._behaviour = behaviour
        self._commands = commands

    def get_allowed_auths(self, username: str) -> str:
        return "publickey"

    def check_auth_publickey(self, username: str, key: Any) -> int:
        return AUTH_SUCCESSFUL

    def check_channel_request(self, kind: str, chanid: int) -> int:
        return OPEN_SUCCEEDED if kind == "session" else OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        text = command.decode("utf-8", errors="replace")
        self._commands.append(text)
        threading.Thread(target=self._serve, args=(channel, text), daemon=True).start()
        return True

    def _serve(self, channel: paramiko.Channel, command: str) -> None:
        try:
            status = self._behaviour(command, channel)
            channel.send_exit_status(status)
        finally:
            channel.close()


@contextmanager
def hostile_ssh_server(tmp_path: Path, behaviour: Behaviour, *, banner: str | None = None) -> Iterator[HostileServer]:
    """A listening hostile server; its host key is in `known_hosts`, `client_key` logs in."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    host_key_file, client_key = tmp_path / "hostile_host_key", tmp_path / "client_key"
    _ed25519_file(host_key_file)
    _ed25519_file(client_key)
    host_key = paramiko.Ed25519Key.from_private_key_file(str(host_key_file))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{port} {host_key.get_name()} {host_key.get_base64()}\n")
    server = HostileServer(port=port, known_hosts=known_hosts, client_key=client_key)
    stop = threading.Event()
    transports: list[paramiko.Transport] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            transport = paramiko.Transport(conn)
            if banner is not None:
                transport.local_version = banner
            transport.add_server_key(host_key)
            transports.append(transport)
            try:
                transport.start_server(server=_Server(behaviour, server.commands))
            except (paramiko.SSHException, EOFError, OSError):
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        listener.close()
        for transport in transports:
            transport.close()


def read_stdin(channel: paramiko.Channel, *, limit: int = 1 << 20) -> bytes:
    """Everything the client sends until it closes its side (or `limit` bytes)."""
    data = bytearray()
    while len(data) < limit:
        chunk = channel.recv(65536)
        if not chunk:
            break
        data += chunk
    return bytes(data)
