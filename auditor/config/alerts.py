"""The [alerts] table of the config: where alerts go and from which severity on.

    [alerts]
    min_severity = "high"            # new findings and regressions at or above this severity

    [[alerts.webhook]]
    url = "https://hooks.example/..."
    format = "slack"                 # generic | slack | teams
    ca_file = "/etc/msp/ca.pem"      # optional: a private CA; the system's CAs otherwise

    [alerts.email]
    host = "smtp.example"
    port = 587
    starttls = true                  # or implicit_tls = true (port 465); required with a username
    ca_file = "/etc/msp/ca.pem"      # optional, as for webhooks
    sender = "auditor@msp.example"
    to = ["noc@msp.example"]
    username = "auditor"
    password_env = "AUDITOR_SMTP_PASSWORD"   # the password itself never sits in the file

Parsed with the rest of the config before any host is contacted; auditor.report.alerts builds and
sends the alerts after a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.core.errors import ConfigError
from auditor.core.models import Severity

WEBHOOK_FORMATS = ("generic", "slack", "teams")


@dataclass(frozen=True)
class Webhook:
    url: str = field(repr=False)  # may carry a token
    format: str = "generic"
    ca_file: Path | None = None


@dataclass(frozen=True)
class Email:
    host: str
    port: int
    sender: str
    to: tuple[str, ...]
    starttls: bool = False
    implicit_tls: bool = False
    ca_file: Path | None = None
    username: str | None = None
    password_env: str | None = None


@dataclass(frozen=True)
class AlertConfig:
    min_severity: Severity = Severity.HIGH
    webhooks: tuple[Webhook, ...] = ()
    email: Email | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.webhooks or self.email)


def parse_alerts(raw: object, path: Path) -> AlertConfig:
    if raw is None:
        return AlertConfig()
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [alerts] must be a table")
    try:
        severity = Severity(raw.get("min_severity", "high"))
    except ValueError:
        raise ConfigError(f"{path}: [alerts] min_severity must be one of {[s.value for s in Severity]}") from None
    hooks = []
    for number, hook in enumerate(raw.get("webhook", []), start=1):
        if not isinstance(hook, dict) or not isinstance(hook.get("url"), str):
            raise ConfigError(f"{path}: [[alerts.webhook]] {number} needs a url")
        fmt = hook.get("format", "generic")
        if fmt not in WEBHOOK_FORMATS:
            raise ConfigError(
                f"{path}: [[alerts.webhook]] {number}: format must be one of {', '.join(WEBHOOK_FORMATS)}"
            )
        if not hook["url"].startswith(("http://", "https://")):
            raise ConfigError(f"{path}: [[alerts.webhook]] {number}: url must be http:// or https://")
        ca_file = ca_file_of(hook.get("ca_file"), path=path, where=f"[[alerts.webhook]] {number}")
        hooks.append(Webhook(url=hook["url"], format=fmt, ca_file=ca_file))
    email = _parse_email(raw["email"], path) if "email" in raw else None
    return AlertConfig(min_severity=severity, webhooks=tuple(hooks), email=email)


def _parse_email(table: Any, path: Path) -> Email:
    try:
        email = Email(
            host=str(table["host"]),
            port=int(table.get("port", 25)),
            sender=str(table["sender"]),
            to=tuple(str(t) for t in table["to"]),
            starttls=bool(table.get("starttls", False)),
            implicit_tls=bool(table.get("implicit_tls", False)),
            ca_file=ca_file_of(table.get("ca_file"), path=path, where="[alerts.email]"),
            username=table.get("username"),
            password_env=table.get("password_env"),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{path}: [alerts.email] needs host, sender and to ({exc})") from None
    if email.username and not (email.starttls or email.implicit_tls):
        # a login over plain SMTP hands the password to anyone on the path
        raise ConfigError(f"{path}: [alerts.email] has a username: set starttls = true or implicit_tls = true")
    return email


def ca_file_of(value: object, *, path: Path, where: str) -> Path | None:
    """A configured CA file, relative to the config file's folder; it must exist."""
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{path}: {where}: ca_file must be a path")
    ca_file = (path.parent / Path(value).expanduser()).resolve()
    if not ca_file.is_file():
        raise ConfigError(f"{path}: {where}: ca_file {ca_file} does not exist")
    return ca_file
