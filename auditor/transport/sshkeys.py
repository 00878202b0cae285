"""Private key files checked locally before any connect: missing, unreadable, not a key, encrypted
without a passphrase, or a wrong passphrase, each said plainly.

A key problem is permanent, so it is reported as a configuration error for the host rather than
as an unreachable host or a protocol failure that would be retried.
"""

from __future__ import annotations

from typing import Any


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
