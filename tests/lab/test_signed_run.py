"""A real audit with a signing key configured: the run's manifest is signed at the end of the run,
the HTML and JSON show its fingerprint, and `auditor verify` passes on the store and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.lab.conftest import INVENTORY, run_auditor

pytestmark = pytest.mark.lab


def test_a_signed_lab_run_verifies(lab: Path, tmp_path: Path) -> None:
    key = tmp_path / "signing.key"
    made = run_auditor("keys", "init", "--key", str(key))
    assert made.returncode == 0, made.stderr
    config = tmp_path / "config.toml"
    config.write_text(f'[signing]\nkey = "{key}"\n')
    db = tmp_path / "auditor.db"
    done = run_auditor(
        "run", "-i", str(INVENTORY), "--limit", "hardened", "--known-hosts", str(lab / "known_hosts"),
        "--db", str(db), "--output-dir", str(tmp_path), "--format", "html,json", "--config", str(config),
        "--no-progress",
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    (report,) = tmp_path.glob("auditor-*.json")
    document = json.loads(report.read_text())
    fingerprint = document["integrity"]["key_fingerprint"]
    assert fingerprint and fingerprint in next(tmp_path.glob("auditor-*.html")).read_text()
    assert set(document["integrity"]["manifest"]["evidence"]) == {"hardened"}

    stored = run_auditor("verify", "latest", "--db", str(db), "--config", str(config))
    assert stored.returncode == 0, stored.stderr
    assert "verified" in stored.stdout and "not pinned" not in stored.stdout
    from_report = run_auditor("verify", str(report), "--public-key", f"{key}.pub")
    assert from_report.returncode == 0, from_report.stderr
