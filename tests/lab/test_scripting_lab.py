"""A real audit of two lab hosts scripted: SARIF on stdout, the summary on stderr with the
per-client rollup and the could-not-assess causes of a host audited without root."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]  # no types-jsonschema in dev deps
import pytest

from tests.lab.conftest import INVENTORY, REPO, run_auditor

pytestmark = pytest.mark.lab
SCHEMA = REPO / "tests" / "report" / "sarif" / "sarif-schema-2.1.0.json"


def test_sarif_to_stdout_and_a_summary_that_says_what_to_do(lab: Path, tmp_path: Path) -> None:
    done = run_auditor(
        "run", "-i", str(INVENTORY), "--limit", "hardened,partial", "--known-hosts", str(lab / "known_hosts"),
        "--db", str(tmp_path / "auditor.db"), "--format", "sarif", "-o", "-", "--no-progress",
    )  # fmt: skip
    assert done.returncode in (1, 3), done.stderr
    document = json.loads(done.stdout)
    validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert not list(validator.iter_errors(document))
    results = document["runs"][0]["results"]
    assert {r["properties"]["host"] for r in results} == {"hardened", "partial"}
    assert not (REPO / "-").exists()
    assert "per client" in done.stderr
    assert "checks need root: set become, or use --least-privilege with the `auditor sudoers` allowlist" in done.stderr
    runs = json.loads(run_auditor("runs", "--json", "--db", str(tmp_path / "auditor.db")).stdout)
    assert runs["runs"][0]["id"] == document["runs"][0]["automationDetails"]["id"].removeprefix("auditor/")
