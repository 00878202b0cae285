"""The [alerts] table of the config: where alerts go and from which severity on.

    [alerts]
    min_severity = "high"            # new findings and regressions at or above this severity

    [[alerts.webhook]]
    url = "https://hooks.example/..."
    format = "slack"                 # generic | slack | teams

    [alerts.email]
    host = "smtp.example"
    port = 587
    starttls = true
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

from auditor.core.errors import ConfigError
from auditor.core.models import Severity

WEBHOOK_FORMATS = ("generic", "slack", "teams")


@dataclass(frozen=True)
class Webhook:
    url: str = field(repr=False)  # may carry a token
    format: str = "generic"


@dataclass(frozen=True)
class Email:
    host: str
    port: int
    sender: str
    to: tuple[str, ...]
    starttls: bool = False
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
        hooks.append(Webhook(url=hook["url"], format=fmt))
    email = None
    if "email" in raw:
        table = raw["email"]
        try:
            email = Email(
                host=str(table["host"]),
                port=int(table.get("port", 25)),
                sender=str(table["sender"]),
                to=tuple(str(t) for t in table["to"]),
                starttls=bool(table.get("starttls", False)),
                username=table.get("username"),
                password_env=table.get("password_env"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: [alerts.email] needs host, sender and to ({exc})") from None
    return AlertConfig(min_severity=severity, webhooks=tuple(hooks), email=email)
