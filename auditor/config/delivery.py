"""Report delivery settings: the config table `[delivery]`, read by `auditor deliver`.

    [delivery]
    smtp_host = "smtp.example-it.example"
    smtp_port = 587
    starttls = true                       # the server's certificate is verified (ca_file for a private CA)
    from = "reports@example-it.example"
    username = "reports"
    password_env = "AUDITOR_SMTP_PASSWORD" # the password itself never sits in the file, argv or the store
    ca_file = "msp-ca.pem"                # optional, relative to the config file

    [delivery.recipients]                 # used for a client whose inventory has no auditor_report_recipients
    acme = ["owner@acme.example"]

Recipients normally come from the inventory variable `auditor_report_recipients` (comma-separated,
usually set on the client's group); the config's list is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from auditor.core.errors import ConfigError

# Deliberately simple: one @, no spaces or angle brackets or commas; the SMTP server has the last word.
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


def valid_address(address: str) -> bool:
    """A plausible single e-mail address (no display name, no list, no header injection)."""
    return bool(_ADDRESS.match(address))


def split_recipients(value: str) -> tuple[str, ...]:
    """`auditor_report_recipients` as addresses; raises ValueError naming the first bad one."""
    addresses = tuple(part.strip() for part in value.split(",") if part.strip())
    for address in addresses:
        if not valid_address(address):
            raise ValueError(f"not an e-mail address: {address!r}")
    return addresses


class DeliveryConfig(BaseModel):
    """`[delivery]`: how client reports are e-mailed."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    smtp_host: str
    smtp_port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    from_address: str = Field(alias="from")
    username: str | None = None
    password_env: str = "AUDITOR_SMTP_PASSWORD"  # noqa: S105 (the variable's name, not a password)
    ca_file: Path | None = None
    recipients: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("from_address")
    @classmethod
    def _from_is_an_address(cls, value: str) -> str:
        if not valid_address(value):
            raise ValueError(f"not an e-mail address: {value!r}")
        return value

    @field_validator("recipients")
    @classmethod
    def _recipients_are_addresses(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for client, addresses in value.items():
            for address in addresses:
                if not valid_address(address):
                    raise ValueError(f"client {client}: not an e-mail address: {address!r}")
        return value


def parse_delivery(raw: object, path: Path) -> DeliveryConfig | None:
    """The `[delivery]` table, validated; None when the config has none."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{path}: [delivery] must be a table")
    data: dict[str, Any] = dict(raw)
    if isinstance(data.get("ca_file"), str):
        data["ca_file"] = (path.parent / Path(data["ca_file"]).expanduser()).resolve()
    try:
        return DeliveryConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{path}: [delivery] {where}: {first['msg']}") from None
