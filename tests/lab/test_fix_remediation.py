"""`auditor fix` against a copy of the neglected host: check mode changes nothing, the playbook
turns at least ten failing checks to pass, and a second run changes nothing (idempotent).

The neglected host itself is never touched (its ground truth must keep holding): `scripts/lab
scratch` makes "scratch" from neglected's built root filesystem, with its own host keys, address
and known_hosts, Python for Ansible's modules, and the packages the fixes install already in its
apt cache (lab hosts have no network). The test removes scratch at the end.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lab.conftest import run_auditor
from tests.lab.lab_runs import KEY, VENV_BIN, Report, ansible_env, audit, lab_command, lab_lock

pytestmark = pytest.mark.lab

SCRATCH_KNOWN_HOSTS = Path("/var/tmp/auditor-lab/hosts/scratch/known_hosts")
# Fixes that are opt-in (tag `never`) are asked for by name, as the playbook's header says.
TAGS = "all,firewall-active,accounts-extra-uid0"


@pytest.fixture(scope="module")
def scratch(lab: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with lab_lock("scratch"):  # another session's run would remake scratch under this one
        made = lab_command("scratch")
        assert made.returncode == 0, made.stdout + made.stderr
        inventory = tmp_path_factory.mktemp("scratch") / "inv.ini"
        inventory.write_text(
            f"[acme]\nscratch ansible_host=10.231.6.2 ansible_user=root ansible_ssh_private_key_file={KEY}\n"
        )
        try:
            yield inventory
        finally:
            lab_command("scratch-down")


def _audit(scratch: Path, out: Path) -> Report:
    return audit(out, "-i", str(scratch), known_hosts=SCRATCH_KNOWN_HOSTS)


def _playbook(scratch: Path, playbook: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(VENV_BIN / "ansible-playbook"),
            "-i",
            str(scratch),
            str(playbook),
            "--ssh-common-args",
            f"-o UserKnownHostsFile={SCRATCH_KNOWN_HOSTS} -o StrictHostKeyChecking=yes",
            "-e",
            "auditor_fix_update_cache=false",  # the lab has no network; scratch's apt cache has the packages
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, **ansible_env(tmp), "ANSIBLE_HOST_KEY_CHECKING": "True"},
    )


def _recap(output: str) -> dict[str, int]:
    found = re.search(r"^scratch\s+:\s+(.*)$", output, re.MULTILINE)
    assert found, output[-2000:]
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", found.group(1))}


def test_the_playbook_turns_failing_checks_to_pass(scratch: Path, tmp_path: Path) -> None:
    before = _audit(scratch, tmp_path / "before")
    failing_before = {c for c, s in before.statuses("scratch").items() if s == "fail"}
    assert {"ssh-root-login", "accounts-extra-uid0", "patch-security-updates"} <= failing_before

    playbook = tmp_path / "fix.yml"
    made = run_auditor("fix", "--run", "latest", "--db", str(tmp_path / "before" / "auditor.db"), "-o", str(playbook))
    assert made.returncode == 0, made.stderr
    assert re.search(r"(\d+) failed check\(s\) on 1 host\(s\) have a fix", made.stderr)

    checked = _playbook(scratch, playbook, tmp_path, "--check", "--tags", TAGS)
    assert checked.returncode == 0, checked.stdout[-3000:]
    assert _recap(checked.stdout)["changed"] >= 10  # what it would do ...
    unchanged = _audit(scratch, tmp_path / "checked")
    assert unchanged.statuses("scratch") == before.statuses("scratch")  # ... and did not do

    applied = _playbook(scratch, playbook, tmp_path, "--tags", TAGS)
    assert applied.returncode == 0, applied.stdout[-3000:]
    after = _audit(scratch, tmp_path / "after")
    assert after.host("scratch")["assessed"] is True, after.host("scratch")["error"]
    statuses = after.statuses("scratch")
    fixed = {check for check in failing_before if statuses[check] == "pass"}
    assert len(fixed) >= 10, sorted(fixed)
    assert {
        "patch-security-updates",
        "patch-pending-updates",
        "patch-automatic-updates",
        "ssh-root-login",
        "ssh-password-auth",
        "ssh-max-auth-tries",
        "ssh-x11-forwarding",
        "accounts-extra-uid0",
        "files-world-writable",
        "files-shadow-permissions",
        "firewall-active",
        "time-sync-configured",
        "services-legacy-insecure",
    } <= fixed
    assert not {check for check, status in statuses.items() if status == "fail"} - failing_before  # no new failure

    again = _playbook(scratch, playbook, tmp_path, "--tags", TAGS)
    assert again.returncode == 0, again.stdout[-3000:]
    assert _recap(again.stdout)["changed"] == 0  # idempotent
