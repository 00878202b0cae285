"""Parity: the lab audited over auditor's SSH (paramiko) and over Ansible gives the same verdicts.

Every host and every check must have the same status on both paths; the broken entries must be
errors on both, each with a non-empty reason (the words differ: Ansible reports ssh's own).
The Ansible run verifies host keys against the lab's known_hosts too, so wrongkey fails there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lab.conftest import INVENTORY, Audit
from tests.lab.lab_runs import Report, audit

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def ansible_audit(lab: Path, tmp_path_factory: pytest.TempPathFactory) -> Report:
    return audit(tmp_path_factory.mktemp("ansible-audit"), "-i", str(INVENTORY), "--transport", "ansible")


def test_same_hosts_and_exit_code(lab_audit: Audit, ansible_audit: Report) -> None:
    assert "Traceback" not in ansible_audit.stderr
    assert [h["name"] for h in ansible_audit.document["hosts"]] == [h["name"] for h in lab_audit.document["hosts"]]
    assert ansible_audit.exit_code == lab_audit.exit_code == 3
    assert ansible_audit.document["run"]["transport"] == "ansible"


def test_same_status_for_every_host_and_check(lab_audit: Audit, ansible_audit: Report) -> None:
    for ssh_host in lab_audit.document["hosts"]:
        name = ssh_host["name"]
        ansible_host = ansible_audit.host(name)
        assert ansible_host["assessed"] == ssh_host["assessed"], (name, ansible_host["error"])
        if ssh_host["assessed"]:
            ssh = lab_audit.statuses(name)
            assert len(ssh) >= 20
            assert ansible_audit.statuses(name) == ssh, name
        else:
            assert ssh_host["error"] and ansible_host["error"], name


def test_broken_entries_are_errors_with_ansibles_reason(ansible_audit: Report) -> None:
    unreachable = ansible_audit.host("unreachable")
    assert unreachable["error_kind"] == "unreachable"
    assert "Connection refused" in unreachable["error"]
    wrongkey = ansible_audit.host("wrongkey")
    assert wrongkey["error_kind"] == "host_key"
    assert "Host key verification failed" in wrongkey["error"]


def _evidence(report: Audit | Report, name: str) -> dict[str, tuple[str, int]]:
    """Each probe's raw output as the JSON report holds it (once per host)."""
    return {e["probe"]: (e["stdout"], e["exit_status"]) for e in report.host(name)["evidence"]}


def test_same_evidence_reaches_the_evaluator(lab_audit: Audit, ansible_audit: Report) -> None:
    """Not only the verdicts: the probes' raw output is the host's own, whichever way it came."""
    for name in ("hardened", "neglected", "partial"):
        ssh, ansible = _evidence(lab_audit, name), _evidence(ansible_audit, name)
        assert set(ssh) == set(ansible)
        stable = {"os_release", "passwd", "sshd_effective", "file_modes", "packages"} & set(ssh)
        assert len(stable) >= 4
        for probe in stable:
            assert ansible[probe] == ssh[probe], (name, probe)
