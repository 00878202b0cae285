"""The [tickets] table of the config: which PSA gets tickets, how findings are grouped, for whom.

    [tickets]
    psa = "connectwise"              # connectwise | autotask | halopsa
    url = "https://api-na.myconnectwise.net"   # ConnectWise site, Autotask zone, HaloPSA resource server
    auth_url = "https://acme.halopsa.com/auth" # HaloPSA only: its authorisation server
    tenant = "acme"                  # HaloPSA hosted only
    group_by = "check"               # check: one ticket per client and check; host: per client and host
    min_severity = "high"            # findings below this open no ticket
    ca_file = "/etc/msp/ca.pem"      # optional: a private CA; the system's CAs otherwise
    closed_status = "Closed"         # optional: the status a verified fix sets (per PSA default below)
    timeout = 20                     # optional: seconds without an answer before a PSA call fails

    [tickets.clients.acme]           # a client without a mapping gets no tickets
    company = "AcmeCorp"             # ConnectWise company identifier, Autotask companyID, HaloPSA client_id
    board = "Security"               # ConnectWise board name, Autotask queueID, HaloPSA team (optional)

Credentials never sit in the file: they are read from the environment when tickets are synced
(CREDENTIALS below names the variables of each PSA).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.config.alerts import ca_file_of
from auditor.core.errors import ConfigError
from auditor.core.models import Severity

PSAS = ("connectwise", "autotask", "halopsa")
GROUPINGS = ("check", "host")

# the environment variables each PSA's credentials are read from
CREDENTIALS: Mapping[str, tuple[str, ...]] = {
    "connectwise": (
        "AUDITOR_CW_COMPANY_ID",
        "AUDITOR_CW_PUBLIC_KEY",
        "AUDITOR_CW_PRIVATE_KEY",
        "AUDITOR_CW_CLIENT_ID",
    ),
    "autotask": ("AUDITOR_AUTOTASK_INTEGRATION_CODE", "AUDITOR_AUTOTASK_USERNAME", "AUDITOR_AUTOTASK_SECRET"),
    "halopsa": ("AUDITOR_HALO_CLIENT_ID", "AUDITOR_HALO_CLIENT_SECRET"),
}

# the status a verified fix sets, as each PSA names it out of the box
DEFAULT_CLOSED_STATUS: Mapping[str, str | int] = {"connectwise": "Closed", "autotask": 5, "halopsa": 9}


@dataclass(frozen=True)
class ClientMapping:
    company: str | int
    board: str | int | None = None


@dataclass(frozen=True)
class TicketConfig:
    psa: str | None = None
    url: str = field(default="", repr=False)
    auth_url: str | None = None
    tenant: str | None = None
    group_by: str = "check"
    min_severity: Severity = Severity.HIGH
    ca_file: Path | None = None
    closed_status: str | int = ""
    timeout: float = 20.0  # seconds without an answer before a PSA call fails
    clients: Mapping[str, ClientMapping] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return self.psa is not None


def parse_tickets(raw: object, path: Path) -> TicketConfig:
    """The [tickets] table's meaning; its keys and types were checked by auditor.config.schema."""
    if raw is None:
        return TicketConfig()
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [tickets] must be a table")
    psa = raw.get("psa")
    if psa not in PSAS:
        raise ConfigError(f"{path}: [tickets] psa must be one of {', '.join(PSAS)}")
    url = _url(raw.get("url"), path=path, key="url")
    auth_url = _url(raw["auth_url"], path=path, key="auth_url") if "auth_url" in raw else None
    if psa == "halopsa" and auth_url is None:
        raise ConfigError(f'{path}: [tickets] psa = "halopsa" needs auth_url (its authorisation server)')
    group_by = raw.get("group_by", "check")
    if group_by not in GROUPINGS:
        raise ConfigError(f"{path}: [tickets] group_by must be one of {', '.join(GROUPINGS)}")
    try:
        severity = Severity(raw.get("min_severity", "high"))
    except ValueError:
        raise ConfigError(f"{path}: [tickets] min_severity must be one of {[s.value for s in Severity]}") from None
    return TicketConfig(
        psa=psa,
        url=url.rstrip("/"),
        auth_url=auth_url.rstrip("/") if auth_url else None,
        tenant=raw.get("tenant"),
        group_by=group_by,
        min_severity=severity,
        ca_file=ca_file_of(raw.get("ca_file"), path=path, where="[tickets]"),
        closed_status=raw.get("closed_status", DEFAULT_CLOSED_STATUS[psa]),
        timeout=_timeout(raw.get("timeout", 20.0), path=path),
        clients={name: _mapping(table) for name, table in raw.get("clients", {}).items()},
    )


def _url(value: Any, *, path: Path, key: str) -> str:
    if not isinstance(value, str) or not value.startswith("https://"):
        # a PSA login over plain HTTP hands the API keys to anyone on the path
        raise ConfigError(f"{path}: [tickets] {key} must be an https:// URL")
    return value


def _timeout(value: float, *, path: Path) -> float:
    if not 0 < value <= 600:
        raise ConfigError(f"{path}: [tickets] timeout must be between 0 and 600 seconds")
    return float(value)


def _mapping(table: dict[str, Any]) -> ClientMapping:
    return ClientMapping(company=table["company"], board=table.get("board"))
