"""Least privilege on a lab host: the allowlist `auditor sudoers` prints, and nothing more, is enough.

behind has two logins: `audit` (sudo NOPASSWD ALL: the whole script runs as root) and `lpaudit`
(no sudo rule). The test installs exactly what `auditor sudoers --user lpaudit` prints as
/etc/sudoers.d/auditor-lp in behind's root filesystem (checked with visudo), audits behind as both,
and removes the rule afterwards (behind's start also removes a leftover one).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.lab.conftest import run_auditor
from tests.lab.lab_runs import KEY, SSH_CONFIG, Report, audit, lab_lock

pytestmark = pytest.mark.lab

ROOT = Path("/var/tmp/auditor-lab/hosts/behind/root")
RULE = ROOT / "etc" / "sudoers.d" / "auditor-lp"
# The checks whose probes run a command through $AUDITOR_SUDO (sshd -T, cat /etc/shadow, nft).
SUDO_CHECKS = (
    "ssh-root-login",
    "ssh-password-auth",
    "ssh-empty-passwords",
    "ssh-max-auth-tries",
    "ssh-x11-forwarding",
    "accounts-empty-passwords",
    "firewall-active",
)
# The checks audited here: those plus some that need no root; the allowlist is made for the same.
SELECTED = (
    *SUDO_CHECKS,
    "patch-security-updates",
    "patch-pending-updates",
    "files-shadow-permissions",
    "files-world-writable",
    "accounts-extra-uid0",
    "kernel-aslr",
    "services-legacy-insecure",
    "backup-tool-present",
)
INVENTORY = f"""[initech]
behind-root ansible_host=10.231.5.2 ansible_user=audit ansible_become=true
behind-lp   ansible_host=10.231.5.2 ansible_user=lpaudit ansible_become=true auditor_least_privilege=true

[initech:vars]
ansible_ssh_private_key_file={KEY}
ansible_ssh_common_args='-o ProxyJump=jump@10.231.4.2'
"""


def _sudoers(checks: tuple[str, ...] = SELECTED) -> str:
    done = run_auditor("sudoers", "--user", "lpaudit", "--checks", ",".join(checks))
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def install_rule(lab: Path) -> Iterator[Callable[[str], None]]:
    def install(text: str) -> None:
        RULE.write_text(text)
        RULE.chmod(0o440)
        checked = subprocess.run(
            ["chroot", str(ROOT), "visudo", "-cf", "/etc/sudoers.d/auditor-lp"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr

    with lab_lock("behind-sudoers"):  # another session would remove or replace the rule mid-audit
        try:
            yield install
        finally:
            RULE.unlink(missing_ok=True)


def _audit(tmp_path: Path, name: str, *args: str) -> Report:
    inventory = tmp_path / "inv.ini"
    inventory.write_text(INVENTORY)
    checks = ",".join(SELECTED)
    return audit(tmp_path / name, "-i", str(inventory), "--ssh-config", str(SSH_CONFIG), "--checks", checks, *args)


def test_the_allowlist_is_exact_commands_only() -> None:
    rules = [line for line in _sudoers().splitlines() if line and not line.startswith("#")]
    assert rules == [
        "Cmnd_Alias AUDITOR_CMDS = /usr/sbin/sshd -T, \\",
        "    /usr/bin/cat /etc/shadow, \\",
        "    /usr/sbin/nft -t list ruleset",
        "lpaudit ALL=(root) NOPASSWD: AUDITOR_CMDS",
    ]


@pytest.mark.parametrize("transport", ["ssh", "ansible"])
def test_least_privilege_gives_the_same_verdicts_as_root(
    install_rule: Callable[[str], None], tmp_path: Path, transport: str
) -> None:
    install_rule(_sudoers())
    report = _audit(tmp_path, "lp", "--transport", transport)
    root, least = report.statuses("behind-root"), report.statuses("behind-lp")
    assert report.host("behind-lp")["assessed"] is True, report.host("behind-lp")["error"]
    assert least == root
    assert {check: least[check] for check in SUDO_CHECKS} == {
        "ssh-root-login": "pass",
        "ssh-password-auth": "pass",
        "ssh-empty-passwords": "pass",
        "ssh-max-auth-tries": "fail",
        "ssh-x11-forwarding": "fail",
        "accounts-empty-passwords": "pass",
        "firewall-active": "pass",
    }


def test_a_command_sudo_denies_is_could_not_assess_with_sudos_reason(
    install_rule: Callable[[str], None], tmp_path: Path
) -> None:
    install_rule(
        _sudoers(tuple(c for c in SELECTED if c != "firewall-active"))
    )  # no nft: the firewall check's command is denied
    report = _audit(tmp_path, "denied")
    firewall = report.result("behind-lp", "firewall-active")
    assert firewall["status"] == "error"
    assert "sudo: a password is required" in firewall["message"]
    least, root = report.statuses("behind-lp"), report.statuses("behind-root")
    assert {c: s for c, s in least.items() if c != "firewall-active"} == {
        c: s for c, s in root.items() if c != "firewall-active"
    }


def test_the_allowlist_is_not_a_root_shell(install_rule: Callable[[str], None], tmp_path: Path) -> None:
    """Without least-privilege mode the whole script would need `sudo /bin/sh`: lpaudit may not."""
    install_rule(_sudoers())
    inventory = tmp_path / "inv.ini"
    inventory.write_text(INVENTORY.replace(" auditor_least_privilege=true", ""))
    report = audit(
        tmp_path / "whole",
        "-i",
        str(inventory),
        "--ssh-config",
        str(SSH_CONFIG),
        "--limit",
        "behind-lp",
        "--checks",
        "ssh-*",
    )
    host = report.host("behind-lp")
    assert (host["assessed"], host["error_kind"]) == (False, "become")
    assert "sudo" in host["error"]


def test_least_privilege_option_applies_to_every_become_host(
    install_rule: Callable[[str], None], tmp_path: Path
) -> None:
    install_rule(_sudoers())
    inventory = tmp_path / "inv.ini"
    inventory.write_text(INVENTORY.replace(" auditor_least_privilege=true", ""))
    checks = ",".join(SELECTED)
    report = audit(
        tmp_path / "flag",
        "-i",
        str(inventory),
        "--ssh-config",
        str(SSH_CONFIG),
        "--checks",
        checks,
        "--least-privilege",
    )
    assert report.host("behind-lp")["assessed"] is True, report.host("behind-lp")["error"]
    assert report.statuses("behind-lp") == report.statuses("behind-root")
