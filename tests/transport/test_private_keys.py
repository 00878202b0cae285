"""Private key files are read once per run and again only when they change on disk."""

from __future__ import annotations

import os
from pathlib import Path

import paramiko

from auditor.transport.sshkeys import PrivateKeys


def test_a_key_is_read_once_then_again_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "id_ecdsa"
    first, second = paramiko.ECDSAKey.generate(), paramiko.ECDSAKey.generate()
    first.write_private_key_file(str(path))
    keys = PrivateKeys(passphrase=None)
    loaded, problem = keys.get(str(path))
    assert problem is None and loaded is not None and loaded.get_base64() == first.get_base64()
    assert keys.get(str(path))[0] is loaded  # the same object: not parsed again
    second.write_private_key_file(str(path))
    os.utime(path, ns=(1, 1))  # a different mtime even within the clock's resolution
    reread, _ = keys.get(str(path))
    assert reread is not None and reread.get_base64() == second.get_base64()


def test_a_problem_is_reported_not_cached_as_a_key(tmp_path: Path) -> None:
    keys = PrivateKeys(passphrase=None)
    missing = tmp_path / "absent"
    assert keys.get(str(missing)) == (None, f"private key file {missing} does not exist")
    encrypted = tmp_path / "id_locked"
    paramiko.ECDSAKey.generate().write_private_key_file(str(encrypted), password="s3cret")
    key, problem = keys.get(str(encrypted))
    assert key is None and problem is not None and "is encrypted" in problem
    assert PrivateKeys(passphrase="s3cret").get(str(encrypted))[0] is not None
