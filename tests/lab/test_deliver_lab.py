"""`auditor deliver` end to end: the lab's stored run, each client's real PDF report, a real SMTP
server (aiosmtpd) on loopback. One message per client, to that client's recipients only, carrying a
PDF that names that client's hosts and no other client's; a failed send exits 6 and the next
deliver sends exactly what is missing; the SMTP password never reaches the store or the output."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from tests.lab.conftest import INVENTORY, Audit, run_auditor
from tests.smtp import Inbox, free_port, smtp_server

pytestmark = pytest.mark.lab

PASSWORD = "lab-smtp-pa55word"
HOSTS = {"acme": ("hardened", "neglected"), "globex": ("partial", "unreachable", "wrongkey")}
ADDRESSES = {"acme": ("10.231.1.2", "10.231.2.2"), "globex": ("10.231.3.2",)}
RECIPIENTS = {"acme": ["owner@acme.test"], "globex": ["boss@globex.test", "it@globex.test"]}


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Inbox]]:
    with smtp_server(PASSWORD) as server:
        yield server


def _setup(lab_audit: Audit, tmp_path: Path, port: int) -> tuple[Path, Path, Path]:
    db = tmp_path / "auditor.db"
    shutil.copy(lab_audit.db, db)
    inventory = tmp_path / "hosts.ini"
    inventory.write_text(
        INVENTORY.read_text()
        + "\n[acme:vars]\nauditor_report_recipients=owner@acme.test\n"
        + "\n[globex:vars]\nauditor_report_recipients=boss@globex.test, it@globex.test\nauditor_report_language=fr\n"
    )
    config = tmp_path / "config.toml"
    config.write_text(
        f'[delivery]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nstarttls = false\n'
        'from = "reports@msp.test"\nusername = "msp"\n'
        '[branding]\nname = "Example IT Services"\ncontact = "help@example-it.test"\n'
    )
    return db, inventory, config


def _deliver(db: Path, inventory: Path, config: Path, since: str, *extra: str) -> Any:
    today = datetime.now(UTC).date().isoformat()
    return run_auditor(
        "deliver", "--since", since, "--until", today, "-i", str(inventory), "--db", str(db),
        "--config", str(config), *extra, env={"AUDITOR_SMTP_PASSWORD": PASSWORD},
    )  # fmt: skip


def _pdf_text(message: Message) -> tuple[str, str]:
    (attachment,) = [part for part in message.walk() if part.get_filename()]
    payload = attachment.get_payload(decode=True)
    assert isinstance(payload, bytes)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages)
    return str(attachment.get_filename()), text


def _since(lab_audit: Audit) -> str:
    return str(lab_audit.document["run"]["started_at"])[:10]


def test_each_client_gets_its_own_report_once(lab_audit: Audit, smtp: tuple[Controller, Inbox], tmp_path: Path) -> None:
    controller, inbox = smtp
    db, inventory, config = _setup(lab_audit, tmp_path, controller.port)
    since = _since(lab_audit)

    dry = _deliver(db, inventory, config, since, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "acme: would send" in dry.stderr and "globex: would send" in dry.stderr
    assert inbox.messages == []

    done = _deliver(db, inventory, config, since)
    assert done.returncode == 0, done.stderr
    assert len(inbox.messages) == 2
    for rcpt, message in inbox.messages:
        client = next(name for name, addresses in RECIPIENTS.items() if addresses == rcpt)
        filename, text = _pdf_text(message)
        assert filename.startswith(f"{client}-")
        for host in HOSTS[client]:
            assert host in text, f"{client}'s report should name its host {host}"
        for other, addresses in ADDRESSES.items():
            if other != client:  # host names are ordinary words here: test_client_isolation covers them
                assert other not in text and other not in message.as_string()
                assert not any(address in text for address in addresses), f"{client}'s report shows {other}'s hosts"
        if client == "globex":
            assert message["Subject"].startswith("Rapport informatique de globex")
        else:
            assert message["Subject"].startswith("IT report for acme")
    assert PASSWORD not in done.stdout + done.stderr
    assert PASSWORD.encode() not in db.read_bytes()

    again = _deliver(db, inventory, config, since)
    assert again.returncode == 0, again.stderr
    assert len(inbox.messages) == 2, "a report already sent for the period is not sent again"
    assert "0 sent, 2 already sent, 0 failed" in again.stderr


def test_a_failed_send_exits_6_and_the_next_deliver_sends_it(
    lab_audit: Audit, smtp: tuple[Controller, Inbox], tmp_path: Path
) -> None:
    controller, inbox = smtp
    db, inventory, config = _setup(lab_audit, tmp_path, free_port())  # nobody listens there
    since = _since(lab_audit)
    failed = _deliver(db, inventory, config, since, "--client", "acme")
    assert failed.returncode == 6, failed.stderr
    assert "acme: not sent" in failed.stderr and "Traceback" not in failed.stderr
    assert inbox.messages == []

    config.write_text(config.read_text().replace(f"smtp_port = {_port_of(config)}", f"smtp_port = {controller.port}"))
    retried = _deliver(db, inventory, config, since, "--client", "acme")
    assert retried.returncode == 0, retried.stderr
    assert [rcpt for rcpt, _ in inbox.messages] == [RECIPIENTS["acme"]]


def _port_of(config: Path) -> int:
    line = next(line for line in config.read_text().splitlines() if line.startswith("smtp_port"))
    return int(line.split("=")[1])
