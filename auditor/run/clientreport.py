"""`auditor report --format client|client-pdf --client NAME`: one client's period report from the store.

Reads only that client's rows (auditor.history.storeview.client_period), picks the client's brand,
language and paper (auditor.config.branding), and renders the page or its PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from auditor.config.branding import LANGUAGE_VARIABLE, ReportLook, check_language
from auditor.config.loader import Config, load_config
from auditor.core.errors import ConfigError
from auditor.history.period import Period, parse_period
from auditor.history.storeview import ClientPeriod, client_period
from auditor.report.render import CLIENT_FORMATS
from auditor.store.database import Store
from auditor.store.engine import to_url


@dataclass(frozen=True)
class ClientReportRequest:
    client: str
    fmt: str  # one of CLIENT_FORMATS
    now: datetime
    period: str | None = None
    since: str | None = None
    until: str | None = None
    language: str | None = None  # --lang
    appendix: bool = False
    db: str | None = None
    config: Path | None = None
    inventory: str | None = None  # -i: read the client's auditor_report_language from it


def inventory_language(inventory: str, client: str) -> str | None:
    """The client's language from the inventory variable on its hosts (usually set on its group)."""
    from auditor.inventory.loader import load_inventory

    hosts = load_inventory(inventory).clients().get(client, ())
    found = {host.vars[LANGUAGE_VARIABLE] for host in hosts if LANGUAGE_VARIABLE in host.vars}
    if len(found) > 1:
        raise ConfigError(f"client {client!r} has several {LANGUAGE_VARIABLE} values in {inventory}: {sorted(found)}")
    return check_language(found.pop(), f"{inventory}: {LANGUAGE_VARIABLE}") if found else None


def stored_language(data: ClientPeriod) -> str | None:
    """The inventory variable as the period's last run saw it (runs keep their hosts' auditor_* settings)."""
    setting = LANGUAGE_VARIABLE.removeprefix("auditor_")
    found = {h.settings[setting] for h in (data.runs[-1].hosts if data.runs else ()) if setting in h.settings}
    return check_language(found.pop(), f"stored run: {LANGUAGE_VARIABLE}") if len(found) == 1 else None


def client_look(request: ClientReportRequest, settings: Config, data: ClientPeriod | None = None) -> ReportLook:
    """--lang, else the inventory variable (from -i, else as the period's last run saw it, when
    `data` is given), else [clients.NAME.report], else [report]."""
    look = settings.presentation.look_for(request.client)
    chosen = request.language and check_language(request.language, "--lang")
    if not chosen and request.inventory:
        chosen = inventory_language(request.inventory, request.client)
    return ReportLook(language=chosen or (data and stored_language(data)) or look.language, paper=look.paper)


def report_period(request: ClientReportRequest) -> Period:
    return parse_period(period=request.period, since=request.since, until=request.until, now=request.now)


def render_client_report(request: ClientReportRequest) -> str | bytes:
    from auditor.report.formats.client import client_report, plain_texts
    from auditor.report.formats.clientpage import render_client_html, render_client_pdf
    from auditor.report.render import preflight

    if request.fmt not in CLIENT_FORMATS:
        raise ConfigError(f"unknown client report format {request.fmt!r}; choose from {', '.join(CLIENT_FORMATS)}")
    settings = load_config(request.config)
    if request.language:
        check_language(request.language, "--lang")  # before any work
    period = report_period(request)
    if request.fmt == "client-pdf":
        preflight(["pdf"])
    store = Store(to_url(request.db), existing=True)
    known = store.clients()
    if request.client not in known:  # a typo, not an empty month
        raise ConfigError(
            f"no stored run audited a client named {request.client!r}; clients: {', '.join(known) or 'none'}"
        )
    data = client_period(store, request.client, period, evidence=request.appendix)
    look = client_look(request, settings, data)
    report = client_report(data, now=request.now, config=settings.scoring, appendix=request.appendix)
    branding = settings.presentation.branding_for(request.client)
    plain = plain_texts(settings.policy.checks_dirs)
    if request.fmt == "client-pdf":
        return render_client_pdf(report, branding=branding, look=look, plain=plain)
    return render_client_html(report, branding=branding, look=look, plain=plain)
