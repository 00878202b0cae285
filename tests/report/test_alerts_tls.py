"""Alert delivery over verified TLS only, and host text kept inert in chat payloads.

Real servers on loopback: aiosmtpd with STARTTLS and an HTTPS webhook receiver, both with a
certificate from a private CA the system does not trust (what a man in the middle would present).
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from auditor.config.alerts import parse_alerts
from auditor.core.errors import ConfigError
from auditor.report.alerts import Alert, payload, send_alerts, slack_text, teams_text
from auditor.report.data import build_view
from tests.fixtures_runs import sample_run
from tests.tlscerts import Pki, make_pki

PASSWORD = "smtp-secret-Pa55"


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path)


class _Mailbox:
    def __init__(self) -> None:
        self.logins: list[tuple[bytes, bytes]] = []
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"

    def authenticate(self, server: object, session: object, envelope: object, mechanism: str, data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        self.logins.append((data.login, data.password))
        return AuthResult(success=True)


@pytest.fixture
def smtp_server(pki: Pki) -> Iterator[tuple[int, _Mailbox]]:
    from aiosmtpd.controller import Controller

    mailbox = _Mailbox()
    with socket.socket() as probe:  # a free loopback port (the controller's readiness check needs one)
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=free_port,
        tls_context=pki.server_context(),
        require_starttls=True,
        authenticator=mailbox.authenticate,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield controller.port, mailbox
    finally:
        controller.stop()


def _config(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "config.toml"
    path.write_text(text)
    import tomllib

    return parse_alerts(tomllib.loads(text)["alerts"], path)


def _email_table(port: int, *, ca_file: Path | None) -> str:
    text = (
        '[alerts]\nmin_severity = "low"\n[alerts.email]\nhost = "127.0.0.1"\n'
        f'port = {port}\nstarttls = true\nsender = "auditor@msp.test"\nto = ["noc@msp.test"]\n'
        'username = "auditor"\npassword_env = "SMTP_PASSWORD"\n'
    )
    return text + (f'ca_file = "{ca_file}"\n' if ca_file else "")


def test_starttls_to_an_untrusted_certificate_sends_no_password(
    tmp_path: Path, smtp_server: tuple[int, _Mailbox]
) -> None:
    port, mailbox = smtp_server
    config = _config(tmp_path, _email_table(port, ca_file=None))
    failures = send_alerts(build_view(sample_run()), config, environ={"SMTP_PASSWORD": PASSWORD})
    assert len(failures) == 1
    assert "TLS certificate not trusted" in failures[0] and "\n" not in failures[0]
    assert PASSWORD not in failures[0]
    assert mailbox.logins == [] and mailbox.messages == []


def test_starttls_with_the_configured_ca_logs_in_and_delivers(
    tmp_path: Path, pki: Pki, smtp_server: tuple[int, _Mailbox]
) -> None:
    port, mailbox = smtp_server
    config = _config(tmp_path, _email_table(port, ca_file=pki.ca_file))
    assert send_alerts(build_view(sample_run()), config, environ={"SMTP_PASSWORD": PASSWORD}) == []
    assert mailbox.logins == [(b"auditor", PASSWORD.encode())]
    assert len(mailbox.messages) == 1


def test_a_username_without_tls_is_refused_at_load(tmp_path: Path) -> None:
    text = _email_table(25, ca_file=None).replace("starttls = true\n", "")
    with pytest.raises(ConfigError, match="starttls = true or implicit_tls = true"):
        _config(tmp_path, text)


class _Hook(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        _Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def https_hook(pki: Pki) -> Iterator[int]:
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    server.socket = pki.server_context().wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Hook.received.clear()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


def _hook_table(port: int, *, ca_file: Path | None) -> str:
    text = f'[alerts]\nmin_severity = "low"\n[[alerts.webhook]]\nurl = "https://127.0.0.1:{port}/hook?token=t0k3n"\n'
    return text + (f'ca_file = "{ca_file}"\n' if ca_file else "")


def test_webhook_to_an_untrusted_certificate_is_refused(tmp_path: Path, https_hook: int) -> None:
    config = _config(tmp_path, _hook_table(https_hook, ca_file=None))
    failures = send_alerts(build_view(sample_run()), config)
    assert len(failures) == 1 and "TLS certificate not trusted" in failures[0]
    assert "t0k3n" not in failures[0]
    assert _Hook.received == []


def test_webhook_with_the_configured_ca_is_delivered(tmp_path: Path, pki: Pki, https_hook: int) -> None:
    config = _config(tmp_path, _hook_table(https_hook, ca_file=pki.ca_file))
    assert send_alerts(build_view(sample_run()), config) == []
    assert len(_Hook.received) == 1 and _Hook.received[0]["alerts"]


def test_tls_verification_uses_the_system_store_and_checks_names() -> None:
    from auditor.core.tls import client_context

    context = client_context()
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


HOSTILE = "<https://evil.example|Click here> <!channel> @here [login](https://evil.example) **urgent** {{DATE(x)}}"


def test_slack_payload_keeps_host_text_inert() -> None:
    alert = Alert("unassessed", "acme", "web<!here>01", HOSTILE)
    body = payload([alert], build_view(sample_run()), "slack")
    text = body["blocks"][0]["text"]["text"]
    assert "<" not in text and ">" not in text
    assert "&lt;https://evil.example|Click here&gt;" in text and "&lt;!channel&gt;" in text
    assert "@here" not in text and "@\u2060here" in text
    assert slack_text("a & b") == "a &amp; b"


def test_teams_payload_keeps_host_text_inert() -> None:
    alert = Alert("unassessed", "acme", "web01", HOSTILE)
    body = payload([alert], build_view(sample_run()), "teams")
    line = body["attachments"][0]["content"]["body"][1]["text"]
    assert "\\[login\\](https://evil.example)" in line
    assert "[login](" not in line.replace("\\[", "").replace("\\]", "")
    assert "\\*\\*urgent\\*\\*" in line and "\\{\\{DATE(x)\\}\\}" in line
    assert "@here" not in line
    assert teams_text("a\\b") == "a\\\\b"
