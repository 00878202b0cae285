"""The command line: bad input gives one line and a documented exit code, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _auditor(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args], capture_output=True, text=True, timeout=60, cwd=cwd, check=False
    )


def _one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("auditor: error: ")
    return lines[0]


def test_missing_inventory(tmp_path: Path) -> None:
    done = _auditor("run", "-i", str(tmp_path / "nope.ini"), "--db", str(tmp_path / "db.sqlite"))
    assert done.returncode == 2
    assert "nope.ini" in _one_line_error(done)


def test_malformed_inventory_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ini"
    bad.write_text("[acme]\nweb1 ansible_host=10.0.0.1\n[broken\nweb2\n")
    done = _auditor("run", "-i", str(bad), "--db", str(tmp_path / "db.sqlite"))
    assert done.returncode == 2
    line = _one_line_error(done)
    assert "bad.ini:3" in line


def test_malformed_yaml_inventory(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("all:\n  hosts:\n    web1: {ansible_port: [\n")
    done = _auditor("inventory", "show", "-i", str(bad))
    assert done.returncode == 2
    assert "bad.yml" in _one_line_error(done)


@pytest.mark.parametrize("args", [["run", "--no-such-option"], ["frobnicate"], ["run", "-i", "x", "--forks", "zero"]])
def test_usage_errors(args: list[str]) -> None:
    done = _auditor(*args)
    assert done.returncode == 2
    _one_line_error(done)


def test_unknown_check_id(tmp_path: Path) -> None:
    inv = tmp_path / "inv.ini"
    inv.write_text("[acme]\nweb1 ansible_host=127.0.0.1 ansible_port=1\n")
    done = _auditor("run", "-i", str(inv), "--checks", "no-such-check", "--db", str(tmp_path / "db.sqlite"))
    assert done.returncode == 2
    assert "no-such-check" in _one_line_error(done)


def test_bad_report_format(tmp_path: Path) -> None:
    done = _auditor("report", "--format", "docx", "--db", str(tmp_path / "db.sqlite"))
    assert done.returncode == 2
    assert "docx" in _one_line_error(done)


def test_report_without_runs(tmp_path: Path) -> None:
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    Store(to_url(str(tmp_path / "db.sqlite"))).close()
    done = _auditor("report", "--db", str(tmp_path / "db.sqlite"))
    assert done.returncode == 2
    assert "no runs" in _one_line_error(done)


def test_unreachable_only_run_is_exit_3_with_reports(tmp_path: Path) -> None:
    inv = tmp_path / "inv.ini"
    inv.write_text("[acme]\nweb1 ansible_host=127.0.0.1 ansible_port=1\n")
    out = tmp_path / "out"
    done = _auditor(
        "run",
        "-i",
        str(inv),
        "--db",
        str(tmp_path / "db.sqlite"),
        "--output-dir",
        str(out),
        "--known-hosts",
        str(tmp_path / "kh"),
    )
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert len(list(out.glob("*.html"))) == 1
    assert len(list(out.glob("*.json"))) == 1
