"""Secrets for the Ansible path, handed to one host at a time over a Unix socket, never written to disk.

ansible-playbook's workers ask for the secret of the host they are about to reach (the
auditor_collect action: `become` for sudo, `winrm` for a WinRM/PSRP login) and receive that host's
value only. Nothing lands in a file, so a controller killed with SIGKILL leaves no password
behind, and a host is never handed a password meant for another: the table is built per host
(see auditor.transport.ansible). The socket sits in the run's 0700 private directory and answers
only processes of this user (SO_PEERCRED).

Protocol, one request per connection: a JSON line {"host": NAME, "kind": "become"|"winrm"}, answered
by a JSON line {"secret": VALUE or null}.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from auditor.core.errors import ConfigError

KINDS = ("become", "winrm")
_MAX_REQUEST = 4096
_TIMEOUT_SECONDS = 5.0
_MAX_SOCKET_PATH = 107  # sun_path holds 108 bytes with the terminating NUL


class SecretServer:
    """Serves `secrets[(host, kind)]` on a Unix socket at `path` while in its `with` block."""

    def __init__(self, path: Path, secrets: Mapping[tuple[str, str], str]) -> None:
        self.path = path
        self._secrets = dict(secrets)
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> SecretServer:
        if len(os.fsencode(self.path)) > _MAX_SOCKET_PATH:
            raise ConfigError(
                f"the temporary directory path is too long for a Unix socket ({self.path}); set a shorter TMPDIR"
            )
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_mask = os.umask(0o177)  # the socket file is 0600 from the start
        try:
            listener.bind(str(self.path))
        finally:
            os.umask(old_mask)
        listener.listen(64)
        self._listener = listener
        self._thread = threading.Thread(target=self._serve, name="auditor-secrets", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._listener is not None:
            self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
        if self._thread is not None:
            self._thread.join(timeout=_TIMEOUT_SECONDS)
        self._secrets.clear()
        self.path.unlink(missing_ok=True)

    def _serve(self) -> None:
        assert self._listener is not None
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return  # closed by __exit__
            with connection:
                try:
                    self._answer(connection)
                except (OSError, ValueError):
                    continue  # a broken request gets no answer; the action reports it

    def _answer(self, connection: socket.socket) -> None:
        connection.settimeout(_TIMEOUT_SECONDS)
        credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", credentials)
        if uid != os.getuid():
            return
        request = _read_line(connection)
        asked = json.loads(request)
        if not isinstance(asked, dict):
            raise ValueError("request is not an object")
        key = (str(asked.get("host")), str(asked.get("kind")))
        connection.sendall(json.dumps({"secret": self._secrets.get(key)}).encode() + b"\n")


def _read_line(connection: socket.socket) -> bytes:
    data = b""
    while b"\n" not in data:
        chunk = connection.recv(_MAX_REQUEST)
        if not chunk:
            break
        data += chunk
        if len(data) > _MAX_REQUEST:
            raise ValueError("request too long")
    return data.split(b"\n", 1)[0]
