"""The Ansible transport against the lab: become, vault, --limit, one runner run, nothing left behind."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.lab.conftest import INVENTORY, run_auditor
from tests.lab.lab_runs import KEY, VENV_BIN, audit

pytestmark = pytest.mark.lab

ROOT_CHECKS = ("ssh-root-login", "ssh-x11-forwarding", "accounts-empty-passwords", "firewall-active")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_become_password_from_the_environment_reaches_sudo_only(lab: Path, tmp_path: Path) -> None:
    """partial's audit user needs a sudo password: given in AUDITOR_BECOME_PASSWORD, root checks work."""
    password = (lab / "become-password").read_text().strip()
    inventory = _write(
        tmp_path / "inv.ini",
        f"[globex]\npartial ansible_host=10.231.3.2 ansible_user=audit ansible_become=true "
        f"ansible_ssh_private_key_file={KEY}\n",
    )
    report = audit(
        tmp_path / "out", "-i", str(inventory), "--transport", "ansible", env={"AUDITOR_BECOME_PASSWORD": password}
    )
    statuses = report.statuses("partial")
    assert {check: statuses[check] for check in ROOT_CHECKS} == {
        "ssh-root-login": "pass",
        "ssh-x11-forwarding": "fail",
        "accounts-empty-passwords": "pass",
        "firewall-active": "pass",
    }
    stored = b"".join(path.read_bytes() for path in (tmp_path / "out").iterdir() if path.is_file())
    assert password.encode() not in stored
    assert password not in report.stderr


def test_wrong_become_password_is_a_become_error(lab: Path, tmp_path: Path) -> None:
    inventory = _write(
        tmp_path / "inv.ini",
        f"[globex]\npartial ansible_host=10.231.3.2 ansible_user=audit ansible_become=true "
        f"ansible_ssh_private_key_file={KEY}\n",
    )
    report = audit(
        tmp_path / "out", "-i", str(inventory), "--transport", "ansible", env={"AUDITOR_BECOME_PASSWORD": "wrong-pw"}
    )
    host = report.host("partial")
    assert (host["assessed"], host["error_kind"]) == (False, "become")
    assert "password" in host["error"].lower()


@pytest.fixture
def vaulted_inventory(tmp_path: Path) -> tuple[Path, Path]:
    """neglected with its login user vault-encrypted in group_vars, and the vault password file."""
    password_file = _write(tmp_path / "vault-pass", "lab-vault-secret\n")
    password_file.chmod(0o600)
    encrypted = subprocess.run(
        [
            str(VENV_BIN / "ansible-vault"),
            "encrypt_string",
            "--vault-password-file",
            str(password_file),
            "--name",
            "ansible_user",
            "root",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    _write(tmp_path / "inv" / "group_vars" / "acme.yml", encrypted)
    hosts = _write(
        tmp_path / "inv" / "hosts.yml",
        f"acme:\n  hosts:\n    neglected:\n      ansible_host: 10.231.2.2\n      ansible_ssh_private_key_file: {KEY}\n",
    )
    return hosts, password_file


def test_vault_encrypted_variables_need_the_vault_password(
    lab: Path, tmp_path: Path, vaulted_inventory: tuple[Path, Path]
) -> None:
    hosts, password_file = vaulted_inventory
    with_password = audit(
        tmp_path / "with", "-i", str(hosts), "--transport", "ansible", "--vault-password-file", str(password_file)
    )
    assert with_password.host("neglected")["assessed"] is True
    assert with_password.statuses("neglected")["ssh-root-login"] == "fail"
    without = audit(tmp_path / "without", "-i", str(hosts), "--transport", "ansible")
    host = without.host("neglected")
    assert host["assessed"] is False
    assert "vault" in host["error"].lower()
    # auditor's own reader refuses the vaulted value, in one line that says where to go
    own = run_auditor("run", "-i", str(hosts), "--db", str(tmp_path / "own.db"), "-o", str(tmp_path / "own"))
    assert own.returncode == 2
    assert own.stderr.strip().endswith(
        "use --transport ansible (with --vault-password-file) or a plain value (host neglected)"
    )


def test_limit_selects_hosts_on_the_ansible_path(lab: Path, tmp_path: Path) -> None:
    report = audit(tmp_path / "out", "-i", str(INVENTORY), "--transport", "ansible", "--limit", "globex:!wrongkey")
    assert [h["name"] for h in report.document["hosts"]] == ["partial", "unreachable"]


def test_one_runner_invocation_for_all_hosts(lab: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import ansible_runner

    from auditor.cli.main import main

    calls: list[int] = []
    real = ansible_runner.run

    def counting(**kwargs: object) -> object:
        calls.append(int(str(kwargs["forks"])))
        return real(**kwargs)

    monkeypatch.setattr(ansible_runner, "run", counting)
    code = main(
        [
            "run",
            "-i",
            str(INVENTORY),
            "--transport",
            "ansible",
            "--forks",
            "4",
            "--known-hosts",
            str(lab / "known_hosts"),
            "--db",
            str(tmp_path / "a.db"),
            "-o",
            str(tmp_path),
            "--format",
            "json",
            "--no-progress",
        ]
    )
    assert code == 3
    assert calls == [4]  # one playbook run, --forks hosts at once


def _leftovers(root: Path) -> list[str]:
    found = [str(p) for p in root.glob("tmp/ansible*")]
    found += [str(p) for p in (root / "root").glob(".ansible")]
    found += [str(p) for p in root.glob("home/*/.ansible")]
    return found


def test_the_ansible_audit_leaves_nothing_on_hosts_or_controller(lab: Path, tmp_path: Path) -> None:
    roots = {name: lab / "hosts" / name / "root" for name in ("hardened", "neglected", "partial")}
    for root in roots.values():  # nothing of ours may be there before, so that "after" means something
        for leftover in _leftovers(root):
            shutil.rmtree(leftover, ignore_errors=True)
    before = set(Path(tempfile.gettempdir()).glob("auditor-ansible-*"))
    report = audit(tmp_path / "out", "-i", str(INVENTORY), "--transport", "ansible", "--limit", "acme,partial")
    assert [h["assessed"] for h in report.document["hosts"]] == [True, True, True]
    assert {name: _leftovers(root) for name, root in roots.items()} == {name: [] for name in roots}
    assert set(Path(tempfile.gettempdir()).glob("auditor-ansible-*")) == before
