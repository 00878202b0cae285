"""A store this process cannot write (a read-only mount, a copy handed to an auditor) can still
be read by `report`, `runs` and `diff`; it used to fail with "unable to open database file"."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.store.database import Store
from tests.fixtures_runs import sample_run


def _store_with_two_runs(folder: Path) -> Path:
    db = folder / "auditor.db"
    store = Store(f"sqlite:///{db}")
    for run_id in ("run-1", "run-2"):
        run = sample_run()
        info = run.info.model_copy(update={"id": run_id})
        store.begin_run(info)
        for host in run.hosts:
            store.add_host(run_id, host)
        store.finish_run(run_id, finished_at=info.started_at, complete=True)
    store.close()  # as a finished run leaves it: the write-ahead log folded back into the file
    return db


def _on_read_only_mount(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`auditor ARGS` with `folder` bind-mounted read-only in a private mount namespace."""
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "auditor", *args))
    mount = f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && {command}"
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", mount], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def read_only_store(tmp_path: Path) -> Path:
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux)")
    folder = tmp_path / "store"
    folder.mkdir()
    db = _store_with_two_runs(folder)
    probe = _on_read_only_mount(folder, "--help")
    if probe.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here (needs root): {probe.stderr.strip()[:100]}")
    return db


def test_runs_report_and_diff_read_a_read_only_store(read_only_store: Path, tmp_path: Path) -> None:
    folder, db = read_only_store.parent, str(read_only_store)
    write_attempt = _on_read_only_mount(folder, "prune", "--keep", "1d", "--db", db)
    assert write_attempt.returncode != 0  # the mount really is read-only
    assert "Traceback" not in write_attempt.stderr
    runs = _on_read_only_mount(folder, "runs", "--db", db)
    assert runs.returncode == 0, runs.stderr
    assert "run-1" in runs.stdout and "run-2" in runs.stdout
    output = tmp_path / "report.json"
    report = _on_read_only_mount(folder, "report", "--run", "run-1", "--format", "json", "-o", str(output), "--db", db)
    assert report.returncode == 0, report.stderr
    assert json.loads(output.read_text())["run"]["id"] == "run-1"
    diff = _on_read_only_mount(folder, "diff", "run-1", "run-2", "--db", db)
    assert diff.returncode == 0, diff.stderr
    assert "still open" in diff.stdout
    assert sorted(path.name for path in folder.iterdir()) == ["auditor.db"]
