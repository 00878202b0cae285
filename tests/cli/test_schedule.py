"""Named nightly schedules: explicit absolute paths, a dedicated user, list and remove, report retention."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from auditor.cli.main import main
from auditor.run.outputs import prune_reports


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "fleet.ini"
    path.write_text("[acme]\nweb1 ansible_host=10.0.0.1\n[globex]\ndb1 ansible_host=10.0.0.2\n")
    return path


def _install(capsys: pytest.CaptureFixture[str], inventory: Path, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    return _run(capsys, "schedule", "install", "-i", str(inventory), "--systemd-dir", str(tmp_path / "units"), *extra)


def test_two_named_schedules_with_explicit_paths_and_a_user(
    capsys: pytest.CaptureFixture[str], inventory: Path, tmp_path: Path
) -> None:
    known = tmp_path / "known_hosts"
    args = ("--known-hosts", str(known), "--db", str(tmp_path / "s.db"), "-o", str(tmp_path / "r"), "--user", "audit")
    assert (
        _install(capsys, inventory, tmp_path, "--name", "acme", *args, "--keep-reports", "30d", "--", "-l", "acme")[0]
        == 0
    )
    assert (
        _install(capsys, inventory, tmp_path, "--name", "globex", "--at", "03:15", *args, "--", "-l", "globex")[0] == 0
    )
    service = (tmp_path / "units" / "auditor-nightly-acme.service").read_text()
    command = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert f"--db sqlite:///{tmp_path / 's.db'}" in command
    assert f"-o {tmp_path / 'r'}" in command and f"--known-hosts {known}" in command
    assert "--keep-reports 30d -l acme" in command
    assert "User=audit" in service and "StateDirectory=auditor" in service
    code, out, _ = _run(
        capsys, "schedule", "list", "--systemd-dir", str(tmp_path / "units"), "--cron-dir", str(tmp_path)
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("acme: daily 02:00 as audit: ") and lines[1].startswith("globex: daily 03:15 as audit")
    code, _, err = _run(capsys, "schedule", "remove", "acme", "--systemd-dir", str(tmp_path / "units"))
    assert code == 0 and "auditor-nightly-acme.timer" in err
    assert sorted(p.name for p in (tmp_path / "units").iterdir()) == [
        "auditor-nightly-globex.service",
        "auditor-nightly-globex.timer",
    ]
    code, _, err = _run(capsys, "schedule", "remove", "acme", "--systemd-dir", str(tmp_path / "units"))
    assert code == 2 and "no schedule 'acme'; installed: globex" in err


def test_default_paths_are_absolute_never_relative_to_the_service(
    capsys: pytest.CaptureFixture[str], inventory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _install(capsys, inventory, tmp_path, "--dry-run")
    assert code == 0
    command = next(line for line in out.splitlines() if line.startswith("ExecStart="))
    assert "--db sqlite:////var/lib/auditor/auditor.db" in command
    assert "-o /var/lib/auditor/reports/nightly" in command
    assert "--known-hosts /" in command
    assert not (tmp_path / "units").exists()


def test_dry_run_lines_are_never_wrapped(capsys: pytest.CaptureFixture[str], inventory: Path, tmp_path: Path) -> None:
    os.environ["COLUMNS"] = "80"
    try:
        code, out, _ = _run(
            capsys, "schedule", "install", "-i", str(inventory), "--cron-file", str(tmp_path / "cron"), "--dry-run"
        )
    finally:
        del os.environ["COLUMNS"]
    assert code == 0
    (cron_line,) = [line for line in out.splitlines() if line[:1].isdigit()]
    assert len(cron_line) > 80 and cron_line.startswith("0 2 * * * root ") and cron_line.endswith("2>&1")


def test_a_user_cron_job_logs_to_syslog(capsys: pytest.CaptureFixture[str], inventory: Path, tmp_path: Path) -> None:
    cron = tmp_path / "cron.d" / "auditor-nightly-acme"
    code, _, _ = _run(
        capsys,
        "schedule",
        "install",
        "-i",
        str(inventory),
        "--name",
        "acme",
        "--user",
        "audit",
        "--cron-file",
        str(cron),
    )
    assert code == 0
    line = cron.read_text().splitlines()[-1]
    assert " audit " in line and line.endswith("2>&1 | logger -t auditor-nightly-acme")
    code, out, _ = _run(
        capsys, "schedule", "list", "--systemd-dir", str(tmp_path / "none"), "--cron-dir", str(cron.parent)
    )
    assert out.startswith("acme: daily 02:00 as audit: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--name", "Acme Corp"), "bad schedule name"),
        (("--keep-reports", "a month"), "bad duration"),
        (("--db", "postgresql+psycopg://auditor:s3cret@db/auditor"), "must not hold a password"),
    ],
)
def test_bad_schedules_are_refused(
    capsys: pytest.CaptureFixture[str], inventory: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = _install(capsys, inventory, tmp_path, *args, "--dry-run")
    assert code == 2 and message in err and "s3cret" not in out + err


def test_prune_reports_keeps_other_files_and_newer_reports(tmp_path: Path) -> None:
    old, new = tmp_path / "auditor-20240101T020000-abc123.html", tmp_path / "auditor-20240301T020000-def456.json"
    mine = tmp_path / "auditor-notes.txt"
    for path in (old, new, mine):
        path.write_text("x")
    month_ago = time.time() - 40 * 86400
    os.utime(old, (month_ago, month_ago))
    os.utime(mine, (month_ago, month_ago))
    removed = prune_reports(tmp_path, older_than=datetime.now(UTC) - timedelta(days=30))
    assert removed == [old]
    assert new.exists() and mine.exists()
