"""Nightly operations over the real lab: drift across runs (SQLite and PostgreSQL), waivers, alerts.

The clock is injected so that "nightly" runs are a day apart; the defect is real: a file made
world-writable in the hardened host's own root filesystem between runs, and removed again.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from auditor.core.errors import ExitCode
from auditor.run.runner import RunRequest, execute_run
from auditor.store.database import Store
from tests.lab.conftest import INVENTORY, run_auditor

pytestmark = pytest.mark.lab

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
DEFECT = Path("/var/tmp/auditor-lab/hosts/hardened/root/etc/auditor-drift-test.conf")


def _request(lab: Path, out: Path, db: str, *, run_id: str, at: datetime, **extra: Any) -> RunRequest:
    return RunRequest(
        inventory=str(INVENTORY),
        limit=extra.pop("limit", "hardened"),
        checks=None,
        forks=2,
        formats=["html", "json"],
        output_dir=out,
        db=db,
        config=extra.pop("config", None),
        known_hosts=lab / "known_hosts",
        trust_on_first_use=False,
        connect_timeout=10,
        command_timeout=120,
        become_password=None,
        operator="test",
        run_id=run_id,
        auditor_version="test",
        clock=lambda: at,
        **extra,
    )


@pytest.fixture
def defect() -> Iterator[Callable[[bool], None]]:
    def set_defect(present: bool) -> None:
        if present:
            DEFECT.write_text("# made world-writable by tests/lab/test_nightly.py\n")
            DEFECT.chmod(0o666)
        else:
            DEFECT.unlink(missing_ok=True)

    yield set_defect
    DEFECT.unlink(missing_ok=True)


def test_defect_is_new_then_resolved(lab: Path, tmp_path: Path, db_url: str, defect: Callable[[bool], None]) -> None:
    days = [T0, T0 + timedelta(days=1), T0 + timedelta(days=2)]
    defect(False)
    before = execute_run(_request(lab, tmp_path, db_url, run_id="n1", at=days[0])).exit_code
    defect(True)
    assert execute_run(_request(lab, tmp_path, db_url, run_id="n2", at=days[1])).exit_code is ExitCode.FINDINGS
    defect(False)
    assert execute_run(_request(lab, tmp_path, db_url, run_id="n3", at=days[2])).exit_code is before

    first = run_auditor("diff", "n1", "n2", "--db", db_url, "--format", "json")
    assert first.returncode == 0, first.stderr
    changes = json.loads(first.stdout)
    assert [(c["host"], c["check_id"]) for c in changes["new"]] == [("hardened", "files-world-writable")]
    assert changes["resolved"] == [] and changes["regressed"] == []
    second = json.loads(run_auditor("diff", "n2", "n3", "--db", db_url, "--format", "json").stdout)
    assert [(c["host"], c["check_id"]) for c in second["resolved"]] == [("hardened", "files-world-writable")]
    text = run_auditor("diff", "n2", "n3", "--db", db_url).stdout
    assert "resolved" in text and "files-world-writable" in text

    (finding,) = [f for f in Store(db_url).findings(clients=["acme"]) if f.check_id == "files-world-writable"]
    assert finding.state.first_seen == days[1] and finding.state.last_seen == days[1]
    assert finding.state.resolved_at == days[2] and finding.state.status == "resolved"

    html2 = (tmp_path / "auditor-n2.html").read_text()
    assert "Since the last run" in html2 and 'class="change-new"' in html2
    html3 = (tmp_path / "auditor-n3.html").read_text()
    assert 'class="change-resolved"' in html3 and "auditor-drift-test.conf" not in html3.split('id="since-last-run"')[0]
    assert "Trends and remediation SLA" in html3


def _waivers(path: Path, expires: str) -> Path:
    path.write_text(
        "waivers:\n"
        "  - check: ssh-root-login\n"
        "    scope: {client: acme, host: neglected}\n"
        "    justification: Vendor appliance needs root logins until the migration in Q1.\n"
        "    approved_by: Jane Roe (CISO)\n"
        "    ticket: CHG-1042\n"
        "    created: 2026-10-01\n"
        f"    expires: {expires}\n"
    )
    return path


def test_waiver_applies_until_it_expires(lab: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    waivers = _waivers(tmp_path / "waivers.yaml", "2026-12-31")
    execute_run(_request(lab, tmp_path, db, run_id="w1", at=T0, limit="neglected", waivers=waivers))
    run = Store(db).load_run("w1")
    result = next(r for r in run.hosts[0].results if r.check_id == "ssh-root-login")
    assert result.status.value == "waived"
    assert result.waiver is not None and result.waiver.approved_by == "Jane Roe (CISO)" and not result.waiver.expired
    html = (tmp_path / "auditor-w1.html").read_text()
    assert "Vendor appliance needs root logins" in html

    later = T0 + timedelta(days=60)  # past the expiry: the finding returns, flagged
    execute_run(_request(lab, tmp_path, db, run_id="w2", at=later, limit="neglected", waivers=waivers))
    result = next(r for r in Store(db).load_run("w2").hosts[0].results if r.check_id == "ssh-root-login")
    assert result.status.value == "fail"
    assert result.waiver is not None and result.waiver.expired
    assert "waiver expired 2026-12-31" in result.message


def test_malformed_waiver_stops_before_any_host_is_contacted(tmp_path: Path) -> None:
    bad = tmp_path / "waivers.yaml"
    bad.write_text("waivers:\n  - check: ssh-root-login\n    approved_by: x\n    expires: 2027-01-01\n")
    done = run_auditor("run", "-i", str(INVENTORY), "--waivers", str(bad), "--db", str(tmp_path / "db"))
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "entry 1 (ssh-root-login)" in lines[0] and "justification" in lines[0]
    assert not (tmp_path / "db").exists() or "hardened" not in (tmp_path / "db").read_bytes().decode("latin-1")


class _Hook(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_alerts_reach_webhook_and_email_and_a_dead_endpoint_keeps_the_run(lab: Path, tmp_path: Path) -> None:
    from aiosmtpd.controller import Controller

    class Inbox:
        messages: list[bytes] = []

        async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
            Inbox.messages.append(envelope.content)
            return "250 OK"

    with socket.socket() as probe:  # a free loopback port for the SMTP server
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    smtp = Controller(Inbox(), hostname="127.0.0.1", port=free_port)
    smtp.start()
    http = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        config = tmp_path / "config.toml"
        config.write_text(
            '[alerts]\nmin_severity = "high"\n'
            f'[[alerts.webhook]]\nurl = "http://127.0.0.1:{http.server_port}/hook"\nformat = "slack"\n'
            f'[[alerts.webhook]]\nurl = "http://127.0.0.1:{http.server_port}/generic"\n'
            f'[alerts.email]\nhost = "127.0.0.1"\nport = {smtp.port}\nsender = "auditor@msp.test"\n'
            'to = ["noc@msp.test"]\n'
        )
        db = f"sqlite:///{tmp_path / 'a.db'}"
        code = execute_run(_request(lab, tmp_path, db, run_id="a1", at=T0, limit="neglected", config=config)).exit_code
        assert code is ExitCode.FINDINGS
        slack, generic = _Hook.received[-2], _Hook.received[-1]
        assert "accounts-extra-uid0" in slack["blocks"][0]["text"]["text"]  # a critical finding on neglected
        assert any(a["check_id"] == "accounts-extra-uid0" and a["kind"] == "new" for a in generic["alerts"])
        assert Inbox.messages and b"accounts-extra-uid0" in Inbox.messages[-1]

        dead = tmp_path / "dead.toml"
        dead.write_text('[[alerts.webhook]]\nurl = "http://127.0.0.1:9/nobody-listens"\n')
        done = run_auditor(
            "run",
            "-i",
            str(INVENTORY),
            "--limit",
            "neglected",
            "--known-hosts",
            str(lab / "known_hosts"),
            "--db",
            str(tmp_path / "dead.db"),
            "-o",
            str(tmp_path / "dead"),
            "--config",
            str(dead),
            "--no-progress",
        )
        assert done.returncode == ExitCode.NOTIFY_FAILED, done.stderr
        assert "alert not delivered: webhook 1" in done.stderr
        assert len(Store(f"sqlite:///{tmp_path / 'dead.db'}").list_runs()) == 1
        assert Store(f"sqlite:///{tmp_path / 'dead.db'}").list_runs()[0].complete
    finally:
        http.shutdown()
        smtp.stop()
