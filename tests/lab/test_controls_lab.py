"""Security and backup controls over real SSH: custom checks from a user folder, profiles, the
client's backup policy from the config, and the backup age the hosts really have."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.lab.conftest import INVENTORY, Audit, run_auditor

pytestmark = pytest.mark.lab

EXAMPLE = Path(__file__).parents[2] / "examples" / "custom-checks"


def _run(lab: Path, tmp_path: Path, *extra: str) -> dict[str, Any]:
    out = tmp_path / "out"
    done = run_auditor(
        "run",
        "-i",
        str(INVENTORY),
        "--known-hosts",
        str(lab / "known_hosts"),
        "--db",
        str(tmp_path / "db"),
        "--output-dir",
        str(out),
        "--format",
        "json",
        "--limit",
        "hardened,neglected",
        *extra,
    )
    assert done.returncode in (0, 1), done.stderr
    (report,) = out.glob("*.json")
    loaded: dict[str, Any] = json.loads(report.read_text())
    return loaded


def _results(document: dict[str, Any], host: str) -> dict[str, dict[str, Any]]:
    found = next(h for h in document["hosts"] if h["name"] == host)
    return {r["check_id"]: r for r in found["results"]}


def test_backup_age_is_the_hosts_real_age(lab_audit: Audit) -> None:
    """neglected's last backup log was set 20 days old when the lab started; hardened's 2 hours."""
    neglected = next(r for r in lab_audit.host("neglected")["results"] if r["check_id"] == "backup-recent")
    hardened = next(r for r in lab_audit.host("hardened")["results"] if r["check_id"] == "backup-recent")
    assert neglected["status"] == "fail" and hardened["status"] == "pass"
    age = int(re.search(r"was (\d+)h ago", neglected["message"]).group(1))  # type: ignore[union-attr]
    assert 20 * 24 <= age < 20 * 24 + 72 + 1, neglected["message"]  # the lab restarts (and re-ages) within 72 h
    assert "/var/log/restic-backup.log" in neglected["message"]


def test_a_custom_check_folder_runs_against_the_lab(lab: Path, tmp_path: Path) -> None:
    folder = tmp_path / "msp-checks"
    shutil.copytree(EXAMPLE, folder)
    document = _run(lab, tmp_path, "--checks-dir", str(folder), "--checks", "msp-*,kernel-aslr")
    for host in ("hardened", "neglected"):
        results = _results(document, host)
        assert set(results) == {"msp-root-shell-audited", "kernel-aslr"}
        assert results["msp-root-shell-audited"]["status"] == "pass", results["msp-root-shell-audited"]
        assert results["msp-root-shell-audited"]["message"] == "root's shell is /bin/bash"
    assert "msp-root-shell-audited" in {c["id"] for c in document["checks"]}


def test_profile_and_client_backup_policy_from_the_config(lab: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        "[clients.acme.backup]\nmax_age_hours = 720\n\n[clients.acme.settings]\nssh_max_auth_tries = 10\n"
    )
    document = _run(lab, tmp_path, "--config", str(config), "--profile", "baseline")
    ids = {c["id"] for c in document["checks"]}
    assert "kernel-modules-disabled" not in ids and "ssh-root-login" in ids  # baseline leaves it out
    neglected = _results(document, "neglected")
    assert neglected["backup-recent"]["status"] == "pass"  # 20 days is within acme's 30-day policy
    assert neglected["ssh-max-auth-tries"]["status"] == "pass"  # MaxAuthTries 10 is acme's limit
    assert neglected["ssh-config-permissions"]["status"] == "pass"  # baseline accepts Debian's 0644
