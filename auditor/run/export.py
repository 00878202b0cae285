"""`auditor export findings`: the finding lifecycles of a period as a file for an auditor's sample.

Reads the store's finding lifecycles (auditor.store) and the waivers its results carried
(auditor.store.waiverlog), the remediation deadlines from the config ([sla], [clients.NAME.sla]),
lays them out (auditor.history.findings_export) and writes CSV, XLSX or JSON
(auditor.report.formats.findingsfile). Returns the file's bytes; the CLI writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from auditor.config.loader import load_config
from auditor.core.errors import ConfigError
from auditor.history.findings_export import ExportRow, export_rows
from auditor.history.period import Period, parse_period
from auditor.report.formats.findingsfile import EXPORT_FORMATS, render_findings
from auditor.store.database import Store
from auditor.store.engine import to_url
from auditor.store.waiverlog import waivers_seen


@dataclass(frozen=True)
class FindingsExportRequest:
    since: str
    until: str
    fmt: str  # one of EXPORT_FORMATS
    now: datetime
    client: str | None = None
    db: str | None = None
    config: Path | None = None


@dataclass(frozen=True)
class FindingsExport:
    rows: tuple[ExportRow, ...]
    period: Period
    data: bytes


def export_findings(request: FindingsExportRequest) -> FindingsExport:
    """Every finding alive during [--since, --until] (both days included), of one client or all."""
    if request.fmt not in EXPORT_FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(EXPORT_FORMATS)}, not {request.fmt!r}")
    period = parse_period(period=None, since=request.since, until=request.until, now=request.now)
    settings = load_config(request.config)
    store = Store(to_url(request.db), existing=True)
    try:
        known = store.clients()
        if request.client is not None and request.client not in known:
            raise ConfigError(
                f"no stored run audited a client named {request.client!r}; clients: {', '.join(known) or 'none'}"
            )
        clients = [request.client] if request.client is not None else known
        findings = store.findings(clients=clients)
        waivers = waivers_seen(store.engine, clients=clients, until=period.end)
    finally:
        store.close()
    rows = tuple(export_rows(findings, period=period, sla_for=settings.finding_sla, waivers=waivers, now=request.now))
    return FindingsExport(
        rows=rows, period=period, data=render_findings(rows, request.fmt, period=period, generated_at=request.now)
    )
