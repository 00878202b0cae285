"""Faults on the operator's side: a full output disk costs the report files, never the run."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from auditor.core.errors import ExitCode
from auditor.store.database import Store
from tests.test_hostile_output import audit, dead_after_marker, honest, two_hosts


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 24 KiB tmpfs: room for a small Markdown report, not for an HTML one."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24k", "auditor-test", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, object]]]]:
    """A local webhook receiver: its URL and the JSON bodies it was sent."""
    received: list[dict[str, object]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()


def test_a_full_output_disk_keeps_the_run_the_summary_and_the_alerts(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    small_disk: Path,
    webhook: tuple[str, list[dict[str, object]]],
) -> None:
    # before: a truncated HTML left behind, exit 2 ("nothing was contacted"), no summary, no alerts
    url, received = webhook
    config = tmp_path / "auditor.toml"
    config.write_text(f'[[alerts.webhook]]\nurl = "{url}"\nformat = "generic"\n', encoding="utf-8")
    code = audit(
        tmp_path,
        monkeypatch,
        {"good": honest, "evil": dead_after_marker},
        inventory=two_hosts(),
        output_dir=small_disk,
        config=config,
        formats=("html", "json", "markdown"),
    )
    assert code is ExitCode.HOSTS_UNASSESSED  # what the run found, not a usage error
    stderr = capsys.readouterr().err
    assert "error: cannot write report" in stderr and "No space left on device" in stderr
    assert "fleet score" in stderr and "stored in" in stderr
    assert received, "the alert for the unassessed host was not sent"
    names = {path.name for path in small_disk.iterdir()}
    assert "auditor-hostile.md" in names and "auditor-hostile.html" not in names
    assert not [name for name in names if name.startswith(".")]  # nothing half-written left behind
    (run,) = Store(f"sqlite:///{tmp_path / 'auditor.db'}").list_runs()
    assert run.complete


def test_a_report_that_cannot_be_written_has_its_own_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_disk: Path
) -> None:
    inventory = 'all:\n  children:\n    acme:\n      hosts:\n        "good": {}\n'
    code = audit(tmp_path, monkeypatch, {"good": honest}, inventory=inventory, output_dir=small_disk, formats=("html",))
    assert code is ExitCode.REPORT_FAILED
    assert list(small_disk.iterdir()) == []
