"""known_hosts lookups by name give what paramiko's HostKeys gives, without scanning the file."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest

from auditor.transport.knownhosts import KnownHosts, KnownHostsError


def _line(names: str, key: paramiko.PKey) -> str:
    return f"{names} {key.get_name()} {key.get_base64()}"


@pytest.fixture(scope="module")
def keys() -> tuple[paramiko.PKey, paramiko.PKey, paramiko.PKey]:
    return paramiko.ECDSAKey.generate(), paramiko.ECDSAKey.generate(), paramiko.RSAKey.generate(1024)


def test_lookups_match_paramiko(tmp_path: Path, keys: tuple[paramiko.PKey, paramiko.PKey, paramiko.PKey]) -> None:
    first, second, rsa = keys
    lines = [_line(f"10.0.0.{i}", first) for i in range(40)]
    lines += [
        "# a comment",
        "",
        "too-few-fields",
        "plain ssh-unknown-type AAAA",
        _line(paramiko.HostKeys.hash_host("hidden.example"), second),
        _line("a,b,[c.example]:2222", second),
        _line("a", first),  # same type as the earlier line for a: the first line wins
        _line("a", rsa),
        _line("|1|not-base64|x", rsa),  # a malformed hashed name matches nothing
        _line(paramiko.HostKeys.hash_host("a"), rsa),
    ]
    path = tmp_path / "known_hosts"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reference = paramiko.HostKeys()
    reference.load(str(_without_malformed(path)))
    ours = KnownHosts(path)
    for name in ("10.0.0.7", "hidden.example", "a", "b", "[c.example]:2222", "c.example", "unknown", "plain"):
        expected = reference.lookup(name)
        want = {kind: key.get_base64() for kind, key in expected.items()} if expected else {}
        assert {kind: key.get_base64() for kind, key in ours.lookup(name).items()} == want, name
    assert ours.lookup("a")["ecdsa-sha2-nistp256"].get_base64() == second.get_base64()


def _without_malformed(path: Path) -> Path:
    """paramiko's own lookup raises on a hashed name whose salt is not base64; OpenSSH skips it."""
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if "not-base64" not in line]
    copy = path.with_name("reference")
    copy.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return copy


def test_a_key_accepted_on_first_use_is_known_after(tmp_path: Path, keys: tuple[paramiko.PKey, ...]) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(_line("old", keys[0]) + "\n", encoding="utf-8")
    known = KnownHosts(path)
    assert known.lookup("new") == {}
    known.add("new", keys[1])
    assert known.lookup("new")["ecdsa-sha2-nistp256"].get_base64() == keys[1].get_base64()


def test_a_damaged_line_is_an_error_for_its_host_only(tmp_path: Path, keys: tuple[paramiko.PKey, ...]) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(_line("good", keys[0]) + "\nbad ssh-ed25519 !!!notbase64!!!\n", encoding="utf-8")
    known = KnownHosts(path)
    assert set(known.lookup("good")) == {"ecdsa-sha2-nistp256"}
    with pytest.raises(KnownHostsError, match="line 2"):
        known.lookup("bad")
