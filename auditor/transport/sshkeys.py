"""Private key files checked locally before any connect: missing, unreadable, not a key, encrypted
without a passphrase, or a wrong passphrase, each said plainly.

A key problem is permanent, so it is reported as a configuration error for the host rather than
as an unreachable host or a protocol failure that would be retried.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import paramiko


def key_file_problem(path: str, *, passphrase: str | None) -> str | None:
    """What is wrong with a private key file, or None: checked locally, so a missing file is not
    reported as an unreachable host and a wrong passphrase is not retried as a protocol failure."""
    import paramiko

    try:
        secret: Any = passphrase.encode() if passphrase else None  # bytes at runtime, whatever the stubs say
        paramiko.PKey.from_path(path, secret)
    except FileNotFoundError:
        return f"private key file {path} does not exist"
    except OSError as exc:
        return f"cannot read private key file {path}: {exc.strerror or exc}"
    except (TypeError, ValueError, paramiko.SSHException):
        if passphrase is not None and key_file_problem(path, passphrase=None) is None:
            return None  # an unencrypted key; the passphrase is for other keys
        if not _encrypted(path):
            return f"private key file {path} is not a private key auditor can use"
        if passphrase is None:
            return (
                f"private key file {path} is encrypted: give its passphrase in AUDITOR_KEY_PASSPHRASE "
                "(or the variable named by --key-passphrase-env), or load it into ssh-agent"
            )
        return f"wrong passphrase for private key file {path}"
    return None


def _encrypted(path: str) -> bool:
    """Whether the key file asks for a passphrase (paramiko says so with a TypeError)."""
    import paramiko

    try:
        paramiko.PKey.from_path(path)
    except TypeError as exc:
        return "password" in str(exc).lower()
    except (OSError, ValueError, paramiko.SSHException):
        return False
    return False


class PrivateKeys:
    """Private key files read once per run rather than twice per host (a fleet shares a few keys);
    a file that changes on disk (inode, size or mtime) is read again. Safe to share between threads."""

    def __init__(self, *, passphrase: str | None) -> None:
        self._passphrase = passphrase
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[int, int, int], paramiko.PKey | None, str | None]] = {}

    def get(self, path: str) -> tuple[paramiko.PKey | None, str | None]:
        """(the loaded key, None) or (None, what is wrong with the file: key_file_problem's words)."""
        try:
            info = os.stat(path)
            signature: tuple[int, int, int] | None = (info.st_ino, info.st_size, info.st_mtime_ns)
        except OSError:
            signature = None
        with self._lock:
            cached = self._cache.get(path)
        if signature is not None and cached is not None and cached[0] == signature:
            return cached[1], cached[2]
        problem = key_file_problem(path, passphrase=self._passphrase)
        key = None if problem is not None else _load(path, passphrase=self._passphrase)
        if signature is not None:
            with self._lock:
                self._cache[path] = (signature, key, problem)
        return key, problem


def _load(path: str, *, passphrase: str | None) -> paramiko.PKey:
    """A key key_file_problem found usable: with the passphrase, or without for an unencrypted key."""
    import paramiko

    secret: Any = passphrase.encode() if passphrase else None
    try:
        return paramiko.PKey.from_path(path, secret)
    except (TypeError, ValueError, paramiko.SSHException):
        return paramiko.PKey.from_path(path)
