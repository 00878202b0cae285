"""Hostile hosts beside real ones: the real hosts are stored and assessed, the hostile ones are not
assessed (each with its reason), the run exits 3 within its timeouts, and nothing a host printed
reaches the terminal as a control sequence."""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.lab.conftest import REPO, run_auditor
from tests.lab.hostile import Hostile

pytestmark = pytest.mark.lab

REAL = ["hardened", "neglected", "partial"]
DEAD = ["status-overflow", "dead-marker", "dropped", "flood", "escapes"]
COMMAND_TIMEOUT = 60


def test_five_hostile_hosts_beside_real_ones(hostile: Hostile, tmp_path: Path) -> None:
    inventory = hostile.inventory(tmp_path / "hosts.ini", DEAD, lab_hosts=REAL)
    began = time.monotonic()
    done = run_auditor(
        *("run", "-i", str(inventory), "--known-hosts", str(hostile.known_hosts(tmp_path))),
        *("--db", str(tmp_path / "auditor.db"), "-o", str(tmp_path), "--format", "json,markdown"),
        *("--no-progress", "--forks", "4", "--command-timeout", str(COMMAND_TIMEOUT)),
    )
    elapsed = time.monotonic() - began
    assert done.returncode == 3, done.stderr
    assert elapsed < 2 * COMMAND_TIMEOUT + 60  # every host ended on its own, none waited out a timeout
    assert "\x1b" not in done.stdout and "\x1b" not in done.stderr and "\x07" not in done.stderr
    (report,) = tmp_path.glob("auditor-*.json")
    hosts = {host["name"]: host for host in json.loads(report.read_text())["hosts"]}
    assert set(hosts) == {*REAL, *DEAD}
    for name in REAL:
        assert hosts[name]["assessed"], hosts[name].get("error")
        assert hosts[name]["results"]
    reasons = {name: hosts[name]["error"] for name in DEAD}
    assert all(not hosts[name]["assessed"] and hosts[name]["error_kind"] for name in DEAD)
    assert "sections did not close" in reasons["status-overflow"]
    assert "after 0 of" in reasons["dead-marker"] and "exit 255" in reasons["dead-marker"]
    assert "after 3 of" in reasons["dropped"] and "without an exit status" in reasons["dropped"]
    assert "output limit" in reasons["flood"]
    assert "no usable output (exit 1)" in reasons["escapes"]
    with sqlite3.connect(tmp_path / "auditor.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = dict(connection.execute("SELECT name, assessed FROM hosts").fetchall())
    assert stored == {**dict.fromkeys(REAL, 1), **dict.fromkeys(DEAD, 0)}
    (markdown,) = tmp_path.glob("auditor-*.md")
    assert f"### Could not assess ({len(DEAD)})" in markdown.read_text()


def test_ctrl_c_cuts_a_slow_host_short_and_stores_it_as_interrupted(hostile: Hostile, tmp_path: Path) -> None:
    # before: the connection-choosing transport had no cancel(): SIGINT waited for the slow host's
    # whole command timeout, and the host was never stored
    inventory = hostile.inventory(tmp_path / "hosts.ini", ["slow"], lab_hosts=["neglected"])
    db = tmp_path / "auditor.db"
    args = [
        *(sys.executable, "-m", "auditor", "run", "-i", str(inventory), "--forks", "2", "--no-progress"),
        *("--known-hosts", str(hostile.known_hosts(tmp_path)), "--db", str(db), "-o", str(tmp_path)),
        *("--command-timeout", "300"),
    ]
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(sqlite3.OperationalError):  # tables not created yet
            if db.exists() and _count(db, "SELECT count(*) FROM hosts") >= 1:
                break
        time.sleep(0.1)
    assert process.poll() is None, "the run ended before it could be interrupted"
    interrupted_at = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert time.monotonic() - interrupted_at < 10, "Ctrl-C waited for the slow host"
    assert process.returncode == 130, stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = dict(connection.execute("SELECT name, json_extract(report, '$.error_kind') FROM hosts").fetchall())
    assert rows == {"neglected": None, "slow": "interrupted"}


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=5) as connection:
        return int(connection.execute(sql).fetchone()[0])
