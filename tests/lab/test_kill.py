"""A run killed with SIGKILL halfway leaves a consistent store; the next run proceeds."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.store.database import Store
from tests.lab.conftest import INVENTORY, REPO

pytestmark = pytest.mark.lab


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=5) as connection:
        return int(connection.execute(sql).fetchone()[0])


def _run_args(lab: Path, db: Path, out: Path) -> list[str]:
    """One host at a time, so that a run can be stopped between hosts."""
    return [
        *(sys.executable, "-m", "auditor", "run", "-i", str(INVENTORY), "--forks", "1"),
        *("--known-hosts", str(lab / "known_hosts"), "--db", str(db), "-o", str(out), "--no-progress"),
    ]


def test_sigkill_midway_keeps_finished_hosts(lab: Path, tmp_path: Path) -> None:
    db = tmp_path / "auditor.db"
    args = _run_args(lab, db, tmp_path)
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                stored = _count(db, "SELECT count(*) FROM hosts")
            except sqlite3.OperationalError:
                stored = 0  # tables not created yet
            if stored >= 1:
                break
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = Store(f"sqlite:///{db}")
    (killed,) = store.list_runs()
    assert not killed.complete and killed.finished_at is None
    kept = store.load_run(killed.id)
    assert 1 <= len(kept.hosts) < 5
    assert all(host.results or not host.assessed for host in kept.hosts)

    done = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 3, done.stderr  # the lab's broken entries; the lock did not survive the kill
    runs = store.list_runs()
    assert len(runs) == 2 and runs[0].complete and len(store.load_run(runs[0].id).hosts) == 5
    assert len(store.load_run(killed.id).hosts) == len(kept.hosts)  # nothing lost, nothing added


def test_ctrl_c_midway_stops_promptly_keeps_finished_hosts_and_marks_the_run_incomplete(
    lab: Path, tmp_path: Path
) -> None:
    db = tmp_path / "auditor.db"
    args = _run_args(lab, db, tmp_path)
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if db.exists() and _count(db, "SELECT count(*) FROM hosts") >= 1:
                break
        except sqlite3.OperationalError:
            pass  # tables not created yet
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be interrupted"
    interrupted_at = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    # the host being audited is cut short (its command is not waited for); at most a connect timeout
    assert time.monotonic() - interrupted_at < 15
    assert process.returncode == 130, stderr
    assert "interrupted; finished hosts were kept" in stderr
    store = Store(f"sqlite:///{db}")
    (run,) = store.list_runs()
    assert not run.complete
    kept = store.load_run(run.id)
    assert 1 <= len(kept.hosts) < 5
    assert all(host.results or not host.assessed for host in kept.hosts)
