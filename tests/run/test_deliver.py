"""Report delivery against a real SMTP server (aiosmtpd on loopback): one message per client, each to
its own recipients only, exactly once across failures, and no secret in the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from auditor.config.delivery import DeliveryConfig, parse_delivery
from auditor.core.errors import ConfigError
from auditor.inventory import load_inventory
from auditor.run.deliver import Rendered, deliver, plan, recipients_by_client
from auditor.store.database import Store
from auditor.store.deliveries import DeliveryLog
from auditor.store.engine import to_url
from tests.smtp import Inbox, free_port, smtp_server

PASSWORD = "s3cret-smtp-pa55"


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Inbox]]:
    with smtp_server(PASSWORD) as server:
        yield server


INVENTORY = """\
[acme]
web1 ansible_host=10.0.0.1
web2 ansible_host=10.0.0.2

[acme:vars]
auditor_report_recipients=owner@acme.test, it@acme.test

[globex]
db1 ansible_host=10.0.1.1

[globex:vars]
auditor_report_recipients=boss@globex.test

[initech]
app1 ansible_host=10.0.2.1
"""


def _config(port: int, **extra: object) -> DeliveryConfig:
    return DeliveryConfig.model_validate(
        {"smtp_host": "127.0.0.1", "smtp_port": port, "starttls": False, "from": "reports@msp.test", **extra}
    )


def _render(client: str) -> Rendered:
    return Rendered(
        pdf=f"%PDF-1.4 report of {client}".encode(),
        filename=f"{client}-2026-11.pdf",
        subject=f"IT report {client} 2026-11",
        body=f"Dear {client}, your report is attached.",
    )


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "hosts.ini"
    path.write_text(INVENTORY)
    return path


def test_one_message_per_client_to_its_own_recipients_with_its_own_report(
    smtp: tuple[Controller, Inbox], inventory: Path, tmp_path: Path
) -> None:
    controller, inbox = smtp
    config = _config(controller.port, username="msp", recipients={"initech": ["cfo@initech.test"]})
    store = Store(to_url(str(tmp_path / "a.db")))
    log = DeliveryLog(store)
    recipients, missing = recipients_by_client(load_inventory(inventory), config)
    assert missing == ()
    outcome = deliver(
        plan(recipients, log=log, period="2026-11"),
        config=config,
        log=log,
        period="2026-11",
        render=_render,
        environ={"AUDITOR_SMTP_PASSWORD": PASSWORD},
    )
    assert [entry.client for entry in outcome.sent] == ["acme", "globex", "initech"]
    assert inbox.logins == ["msp", "msp", "msp"]
    by_client = {message["Subject"].split()[2]: (rcpt, message) for rcpt, message in inbox.messages}
    assert by_client["acme"][0] == ["owner@acme.test", "it@acme.test"]
    assert by_client["globex"][0] == ["boss@globex.test"]
    assert by_client["initech"][0] == ["cfo@initech.test"]
    for client, (_rcpt, message) in by_client.items():
        attachments = [part for part in message.walk() if part.get_filename()]
        assert [part.get_filename() for part in attachments] == [f"{client}-2026-11.pdf"]
        payload = attachments[0].get_payload(decode=True)
        assert isinstance(payload, bytes) and payload == f"%PDF-1.4 report of {client}".encode()
        others = {"acme", "globex", "initech"} - {client}
        assert not any(other in message.as_string() for other in others)
    # the delivery log names who got what, and never the password
    assert {entry.client: entry.recipients for entry in log.entries(period="2026-11")}["globex"] == (
        "boss@globex.test",
    )
    assert all(entry.message_id for entry in log.entries())
    assert PASSWORD.encode() not in (tmp_path / "a.db").read_bytes()


def test_a_failed_send_is_logged_and_the_next_deliver_sends_only_what_is_missing(
    smtp: tuple[Controller, Inbox], inventory: Path, tmp_path: Path
) -> None:
    controller, inbox = smtp
    store = Store(to_url(str(tmp_path / "a.db")))
    log = DeliveryLog(store)
    recipients, _ = recipients_by_client(load_inventory(inventory), _config(controller.port), only="acme")
    assert set(recipients) == {"acme"}
    # first: nobody listens on the configured port
    dead = _config(free_port())
    first = deliver(plan(recipients, log=log, period="2026-11"), config=dead, log=log, period="2026-11", render=_render)
    assert [entry.client for entry in first.failed] == ["acme"] and not first.sent
    assert first.failed[0].error and "Connection" in first.failed[0].error
    assert inbox.messages == []
    # then the server is back: sent once; a third deliver sends nothing
    live = _config(controller.port)
    second_plan = plan(recipients, log=log, period="2026-11")
    second = deliver(second_plan, config=live, log=log, period="2026-11", render=_render)
    assert [entry.client for entry in second.sent] == ["acme"]
    third_plan = plan(recipients, log=log, period="2026-11")
    third = deliver(third_plan, config=live, log=log, period="2026-11", render=_render)
    assert not third.sent and [item.client for item in third.skipped] == ["acme"]
    assert len(inbox.messages) == 1
    assert [entry.status for entry in log.entries(period="2026-11")] == ["failed", "sent"]


def test_recipients_are_validated_and_never_merged_across_scopes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ini"
    bad.write_text("[acme]\nweb1\n[acme:vars]\nauditor_report_recipients=owner@acme.test, not an address\n")
    with pytest.raises(ConfigError, match="not an e-mail address"):
        recipients_by_client(load_inventory(bad), _config(25))
    split = tmp_path / "split.ini"
    split.write_text(
        "[acme]\nweb1 auditor_report_recipients=a@acme.test\nweb2 auditor_report_recipients=b@other.test\n"
    )
    with pytest.raises(ConfigError, match="different auditor_report_recipients"):
        recipients_by_client(load_inventory(split), _config(25))
    with pytest.raises(ConfigError, match="not in the inventory"):
        recipients_by_client(load_inventory(split), _config(25), only="nobody")


def test_delivery_config_is_strict(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError, match=r"\[delivery\] smtp_hots"):
        parse_delivery({"smtp_hots": "x", "from": "a@b.test", "smtp_host": "h"}, path)
    with pytest.raises(ConfigError, match="not an e-mail address"):
        parse_delivery({"smtp_host": "h", "from": "nobody"}, path)
    assert parse_delivery(None, path) is None


def test_email_text_is_plain_and_in_the_clients_language() -> None:
    from auditor.run.deliver import email_text

    subject, body = email_text(
        language="fr", client="Smith & Sons", period_label="novembre 2026", brand="Example IT", contact="help@x.test"
    )
    assert subject == "Rapport informatique de Smith & Sons : novembre 2026"
    assert body.startswith("Bonjour,") and "&amp;" not in body and "help@x.test" in body
    subject, body = email_text(language="en", client="acme", period_label="November 2026", brand="B", contact=None)
    assert subject == "IT report for acme: November 2026"
    assert body.startswith("Hello,")


def test_a_report_that_cannot_be_rendered_fails_that_client_only(
    smtp: tuple[Controller, Inbox], inventory: Path, tmp_path: Path
) -> None:
    controller, inbox = smtp
    log = DeliveryLog(Store(to_url(str(tmp_path / "a.db"))))
    recipients, _ = recipients_by_client(
        load_inventory(inventory), _config(controller.port, recipients={"initech": ["x@initech.test"]})
    )

    def render(client: str) -> Rendered:
        if client == "globex":
            raise ConfigError("chromium is not installed")
        return _render(client)

    outcome = deliver(plan(recipients, log=log, period="2026-11"), config=_config(controller.port), log=log,
                      period="2026-11", render=render)  # fmt: skip
    assert [entry.client for entry in outcome.failed] == ["globex"]
    assert outcome.failed[0].error == "report not rendered: chromium is not installed"
    assert sorted(entry.client for entry in outcome.sent) == ["acme", "initech"]
    assert len(inbox.messages) == 2
