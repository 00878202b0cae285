"""The CLI of the Ansible path, least privilege and remediation: one-line errors, no host contacted."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_unknown_transport_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    inventory = tmp_path / "inv.ini"
    inventory.write_text("[g]\nh1\n")
    code, _, err = _run(capsys, "run", "-i", str(inventory), "--transport", "telnet", "--db", str(tmp_path / "d"))
    assert (code, err) == (2, "auditor: error: unknown transport 'telnet'; choose from ssh, ansible\n")


def test_missing_ssh_config_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    inventory = tmp_path / "inv.ini"
    inventory.write_text("[g]\nh1 ansible_host=192.0.2.1\n")
    code, _, err = _run(
        capsys, "run", "-i", str(inventory), "--ssh-config", str(tmp_path / "nope"), "--db", str(tmp_path / "d")
    )
    assert code == 2
    assert err.startswith("auditor: error: cannot read ssh config ")
    assert err.count("\n") == 1


def test_sudoers_prints_the_allowlist(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "sudoers", "--user", "audit", "--checks", "firewall-active")
    assert code == 0
    assert [line for line in out.splitlines() if not line.startswith("#")] == [
        "Cmnd_Alias AUDITOR_CMDS = /usr/sbin/nft -t list ruleset",
        "audit ALL=(root) NOPASSWD: AUDITOR_CMDS",
    ]


def test_sudoers_refuses_a_user_that_is_not_an_account_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "sudoers", "--user", "audit ALL=(ALL) ALL")
    assert code == 2
    assert err == "auditor: error: 'audit ALL=(ALL) ALL' is not a valid account name for sudoers\n"


def test_fix_for_a_run_that_is_not_stored_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "fix", "--run", "nope", "--db", str(tmp_path / "empty.db"))
    assert code == 2  # a user error: no store there (and none is created)
    assert not (tmp_path / "empty.db").exists()
    assert err.startswith("auditor: error: ") and err.count("\n") == 1
