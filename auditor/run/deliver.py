"""`auditor deliver`: e-mail each client its report for a period, exactly once.

For every client (or the one asked for) with recipients, the client's report is rendered as a PDF
in the client's language and sent in its own message to that client's recipients only. Each
attempt goes into the store's delivery log; a client whose report for the period was already sent
is skipped, so after a failed send (exit 6) the next `auditor deliver` sends what is missing.

Recipients: the inventory variable `auditor_report_recipients` (comma-separated, usually set on the
client's group) of the client's hosts, else the config's `[delivery.recipients]`. Hosts of one
client that disagree are refused rather than merged: a report must never reach an address meant
for another scope.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from auditor.config.delivery import DeliveryConfig, split_recipients
from auditor.config.loader import load_config
from auditor.core.errors import AuditorError, ConfigError
from auditor.core.tls import describe_tls_error, open_smtp
from auditor.history.period import Period, parse_period
from auditor.inventory import Inventory
from auditor.store.database import Store
from auditor.store.deliveries import FAILED, SENT, Delivery, DeliveryLog
from auditor.store.engine import to_url

RECIPIENTS_VARIABLE = "auditor_report_recipients"
EMAIL_TEMPLATE = "delivery_email.txt.j2"


@dataclass(frozen=True)
class Rendered:
    """One client's report, ready to attach."""

    pdf: bytes
    filename: str
    subject: str
    body: str


# client -> its rendered report (the caller binds period, language and brand)
Renderer = Callable[[str], Rendered]


@dataclass(frozen=True)
class Planned:
    client: str
    recipients: tuple[str, ...]
    already_sent: bool


@dataclass(frozen=True)
class Outcome:
    sent: tuple[Delivery, ...]
    failed: tuple[Delivery, ...]
    skipped: tuple[Planned, ...]
    without_recipients: tuple[str, ...]


def recipients_by_client(
    inventory: Inventory, config: DeliveryConfig, *, only: str | None = None
) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Each client's recipients, and the clients that have none (inventory first, then config)."""
    found: dict[str, tuple[str, ...]] = {}
    missing: list[str] = []
    for client, hosts in inventory.clients().items():
        if only is not None and client != only:
            continue
        values = {str(host.vars[RECIPIENTS_VARIABLE]) for host in hosts if RECIPIENTS_VARIABLE in host.vars}
        if len(values) > 1:
            raise ConfigError(
                f"client {client}: its hosts give different {RECIPIENTS_VARIABLE} values; "
                "set it once on the client's group"
            )
        if values:
            try:
                found[client] = split_recipients(values.pop())
            except ValueError as exc:
                raise ConfigError(f"client {client}: {RECIPIENTS_VARIABLE}: {exc}") from None
        elif config.recipients.get(client):
            found[client] = config.recipients[client]
        else:
            missing.append(client)
    if only is not None and only not in found and only not in missing:
        raise ConfigError(f"client {only!r} is not in the inventory")
    return found, tuple(missing)


def plan(recipients: Mapping[str, tuple[str, ...]], *, log: DeliveryLog, period: str) -> tuple[Planned, ...]:
    sent = log.sent_clients(period)
    return tuple(
        Planned(client=client, recipients=addresses, already_sent=client in sent)
        for client, addresses in sorted(recipients.items())
    )


def build_message(*, config: DeliveryConfig, to: Sequence[str], report: Rendered) -> EmailMessage:
    """One client's message: only that client's recipients, the PDF attached."""
    message = EmailMessage()
    message["From"] = config.from_address
    message["To"] = ", ".join(to)
    message["Subject"] = report.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=config.from_address.rpartition("@")[2])
    message.set_content(report.body)
    message.add_attachment(report.pdf, maintype="application", subtype="pdf", filename=report.filename)
    return message


def send(message: EmailMessage, *, config: DeliveryConfig, environ: Mapping[str, str]) -> None:
    """Send one message over verified TLS; raises OSError/SMTPException with the server's reason."""
    password = environ.get(config.password_env) if config.username else None
    if config.username and not password:
        raise ConfigError(f"[delivery] username is set but ${config.password_env} is empty")
    with open_smtp(config.smtp_host, config.smtp_port, starttls=config.starttls, ca_file=config.ca_file) as smtp:
        if config.username and password:
            smtp.login(config.username, password)
        smtp.send_message(message)


def _attempt(
    item: Planned, *, config: DeliveryConfig, render: Renderer, environ: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """Render and send one client's report: (error, None) or (None, message id)."""
    try:
        message = build_message(config=config, to=item.recipients, report=render(item.client))
    except AuditorError as exc:  # this client's report cannot be made: the others still go out
        return f"report not rendered: {exc}", None
    try:
        send(message, config=config, environ=environ)
    except smtplib.SMTPException as exc:
        return f"SMTP: {exc}", None
    except OSError as exc:
        return (
            describe_tls_error(exc) if exc.__class__.__module__ == "ssl" else f"{exc.__class__.__name__}: {exc}"
        ), None
    return None, str(message["Message-ID"])


def deliver(
    planned: Sequence[Planned],
    *,
    config: DeliveryConfig,
    log: DeliveryLog,
    period: str,
    render: Renderer,
    environ: Mapping[str, str] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Outcome:
    """Send what is due; every attempt is logged, a failure never stops the other clients."""
    env = os.environ if environ is None else environ
    sent: list[Delivery] = []
    failed: list[Delivery] = []
    for item in planned:
        if item.already_sent:
            continue
        error, message_id = _attempt(item, config=config, render=render, environ=env)
        entry = Delivery(
            client=item.client,
            period=period,
            recipients=item.recipients,
            status=FAILED if error else SENT,
            message_id=message_id,
            error=error,
            attempted_at=now(),
        )
        log.record(entry)
        (failed if error else sent).append(entry)
    return Outcome(
        sent=tuple(sent),
        failed=tuple(failed),
        skipped=tuple(item for item in planned if item.already_sent),
        without_recipients=(),
    )


@dataclass(frozen=True)
class DeliverRequest:
    """`auditor deliver` as data: the CLI fills it, `run_deliver` carries it out."""

    now: datetime
    period: str | None = None
    since: str | None = None
    until: str | None = None
    client: str | None = None
    dry_run: bool = False
    inventory: str | None = None
    db: str | None = None
    config: Path | None = None


def email_text(*, language: str, client: str, period_label: str, brand: str, contact: str | None) -> tuple[str, str]:
    """(subject, body) in the client's language, from reports/delivery_email.txt.j2."""
    from auditor.report.i18n import text_environment

    text = (
        text_environment(language)
        .get_template(EMAIL_TEMPLATE)
        .render(client=client, period=period_label, brand=brand, contact=contact)
    )
    subject, _, body = text.strip("\n").partition("\n")
    return subject.strip(), body.strip() + "\n"


def period_label(period: Period, language: str) -> str:
    from auditor.report.i18n import Formats

    formats = Formats(language)
    if period.is_month:
        return formats.month(period.start)
    return f"{formats.day(period.first_day)} \u2013 {formats.day(period.last_day)}"


def _inventory_of(request: DeliverRequest, store: Store) -> str:
    """-i, else the inventory the newest stored run was made from."""
    if request.inventory:
        return request.inventory
    runs = store.list_runs(limit=1)
    if not runs:
        raise ConfigError("no stored run yet: run an audit first, or give the inventory with -i")
    recorded = runs[0].inventory
    if not Path(recorded).exists():
        raise ConfigError(f"the newest run's inventory {recorded} is gone: give the inventory with -i")
    return recorded


def run_deliver(request: DeliverRequest, *, console: Callable[[str], None]) -> Outcome:
    """Plan, render and send; `console` receives one plain line per client."""
    from auditor.inventory.loader import load_inventory
    from auditor.run.clientreport import ClientReportRequest, client_look, render_client_report

    settings = load_config(request.config)
    if settings.delivery is None:
        raise ConfigError("no [delivery] table in the config: set smtp_host and from (see README, Delivery)")
    delivery = settings.delivery
    period = parse_period(period=request.period, since=request.since, until=request.until, now=request.now)
    store = Store(to_url(request.db))
    log = DeliveryLog(store)
    inventory = _inventory_of(request, store)
    recipients, missing = recipients_by_client(load_inventory(inventory), delivery, only=request.client)
    audited = set(store.clients())
    for client in missing:
        console(f"{client}: no recipients (set {RECIPIENTS_VARIABLE} on its group, or [delivery.recipients])")
    for client in sorted(set(recipients) - audited):
        console(f"{client}: no stored run audited this client; nothing to send")
    planned = plan({c: r for c, r in recipients.items() if c in audited}, log=log, period=period.slug)

    def report_request(client: str) -> ClientReportRequest:
        return ClientReportRequest(
            client=client, fmt="client-pdf", now=request.now, period=request.period, since=request.since,
            until=request.until, db=request.db, config=request.config, inventory=inventory,
        )  # fmt: skip

    def render(client: str) -> Rendered:
        language = client_look(report_request(client), settings).language
        brand = settings.presentation.branding_for(client)
        subject, body = email_text(
            language=language, client=client, period_label=period_label(period, language),
            brand=brand.name, contact=brand.contact,
        )  # fmt: skip
        pdf = render_client_report(report_request(client))
        assert isinstance(pdf, bytes)  # client-pdf renders bytes
        return Rendered(pdf=pdf, filename=f"{client}-{period.slug}.pdf", subject=subject, body=body)

    for item in planned:
        state = "already sent" if item.already_sent else ("would send" if request.dry_run else "sending")
        console(f"{item.client}: {state} the {period.slug} report to {', '.join(item.recipients)}")
    if request.dry_run:
        return Outcome(sent=(), failed=(), skipped=planned, without_recipients=missing)
    outcome = deliver(planned, config=delivery, log=log, period=period.slug, render=render, now=lambda: request.now)
    for entry in outcome.failed:
        console(f"{entry.client}: not sent: {entry.error} (the next auditor deliver retries it)")
    return Outcome(sent=outcome.sent, failed=outcome.failed, skipped=outcome.skipped, without_recipients=missing)
