"""Lab fixtures: the real SSH hosts started by scripts/lab, and one audit of them per session.

With AUDITOR_LAB=1 (as scripts/test sets) a lab that is not up is a failure, not a skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from tests.lab.hostile import Hostile

REPO = Path(__file__).resolve().parents[2]
LAB_STATE = Path("/var/tmp/auditor-lab")
INVENTORY = REPO / "inventories" / "lab" / "hosts.ini"
GROUND_TRUTH = REPO / "inventories" / "lab" / "ground_truth.yaml"


def _lab_up() -> bool:
    lab = REPO / "scripts" / "lab"
    if os.geteuid() != 0 or not lab.exists():
        return False
    done = subprocess.run([str(lab), "status"], capture_output=True, text=True, timeout=60, check=False)
    return done.returncode == 0


@pytest.fixture(scope="session")
def lab() -> Path:
    if not _lab_up():
        if os.environ.get("AUDITOR_LAB") == "1":
            pytest.fail("the lab is not up: run scripts/lab up (as root)")
        pytest.skip("the lab is not up (scripts/lab up, as root)")
    return LAB_STATE


@pytest.fixture(scope="session")
def ground_truth() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(GROUND_TRUTH.read_text())
    return loaded


@dataclass(frozen=True)
class Audit:
    exit_code: int
    stdout: str
    stderr: str
    document: dict[str, Any]
    html: str
    html_path: Path
    db: Path

    def host(self, name: str) -> dict[str, Any]:
        found: dict[str, Any] = next(h for h in self.document["hosts"] if h["name"] == name)
        return found

    def statuses(self, name: str) -> dict[str, str]:
        return {r["check_id"]: r["status"] for r in self.host(name)["results"]}


def run_auditor(
    *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )


@pytest.fixture(scope="session")
def lab_audit(lab: Path, tmp_path_factory: pytest.TempPathFactory) -> Audit:
    out = tmp_path_factory.mktemp("lab-audit")
    db = out / "auditor.db"
    done = run_auditor(
        "run",
        "-i",
        str(INVENTORY),
        "--known-hosts",
        str(lab / "known_hosts"),
        "--db",
        str(db),
        "--output-dir",
        str(out),
        "--format",
        "html,json",
    )
    jsons = list(out.glob("*.json"))
    htmls = list(out.glob("*.html"))
    assert len(jsons) == 1 and len(htmls) == 1, done.stderr
    return Audit(
        exit_code=done.returncode,
        stdout=done.stdout,
        stderr=done.stderr,
        document=json.loads(jsons[0].read_text()),
        html=htmls[0].read_text(),
        html_path=htmls[0],
        db=db,
    )


@pytest.fixture(scope="session")
def hostile(lab: Path) -> Hostile:
    """The lab's hostile Linux hosts (tests/lab/hostile.py), started if needed."""
    from tests.lab.hostile import start

    return start()
