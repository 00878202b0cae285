"""Alerts after a run: new critical/high findings, regressions, SLA breaches, unassessed hosts.

Sent by webhook (generic JSON, or Slack or Microsoft Teams payload shapes) and by SMTP email.
Configured in the config file's [alerts] table (auditor.config.alerts).

Every TLS connection is verified (auditor.core.tls): a certificate that does not chain to
the system's CAs or the configured `ca_file`, or names another host, stops delivery before a
password or token is sent. Text from hosts (check titles, host names, error reasons) is escaped
for the chat format it lands in, so a host cannot plant links or @-mentions in a Slack or Teams
message.

Delivery runs after the run is stored and reported: a failing notifier is reported as one line
per failure and exit code 6, and never loses results.
"""

from __future__ import annotations

import json
import os
import re
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from auditor.config.alerts import AlertConfig, Email
from auditor.core.models import Severity
from auditor.core.tls import client_context, describe_tls_error, open_smtp
from auditor.report.data import SEVERITY_ORDER, ReportView

TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class Alert:
    kind: str  # new | regressed | sla_breach | unassessed
    client: str
    host: str
    summary: str
    severity: str | None = None
    check_id: str | None = None


def collect_alerts(view: ReportView, *, min_severity: Severity) -> list[Alert]:
    """What this run should tell someone about, from its history (since last run, SLA)."""
    threshold = SEVERITY_ORDER.index(min_severity)
    alerts: list[Alert] = []
    history = view.history
    if history is not None and history.since_last_run is not None:
        diff = history.since_last_run
        for kind, changes in (("new", diff.new), ("regressed", diff.regressed)):
            for change in changes:
                if SEVERITY_ORDER.index(change.severity) <= threshold:
                    alerts.append(
                        Alert(
                            kind,
                            change.client,
                            change.host,
                            f"{change.title} ({change.check_id})",
                            change.severity.value,
                            change.check_id,
                        )
                    )
    elif history is not None or view.hosts:
        # first run on this store: every failure at or above the threshold is new
        for host in view.hosts:
            for finding in host.findings:
                result = finding.result
                if result.status.value == "fail" and SEVERITY_ORDER.index(result.severity) <= threshold:
                    alerts.append(
                        Alert(
                            "new",
                            host.host.client,
                            host.host.name,
                            f"{result.title} ({result.check_id})",
                            result.severity.value,
                            result.check_id,
                        )
                    )
    if history is not None:
        previous = history.since_last_run
        for client in history.clients.values():
            for item in client.overdue:
                # a breach is news once: in the first run after its deadline passed
                if (
                    previous is not None
                    and item.overdue_days > (previous.head_started_at - previous.base_started_at).days
                ):
                    continue
                f = item.finding
                alerts.append(
                    Alert(
                        "sla_breach",
                        f.client,
                        f.host,
                        f"{f.title} ({f.check_id}) open {item.age_days} days, deadline {item.deadline_days}",
                        f.severity,
                        f.check_id,
                    )
                )
    for host in view.unassessed:
        alerts.append(Alert("unassessed", host.host.client, host.host.name, host.host.error or "could not assess"))
    return alerts


def payload(alerts: Sequence[Alert], view: ReportView, fmt: str) -> dict[str, Any]:
    info = view.run.info
    title = f"auditor run {info.id}: {len(alerts)} alert(s)"
    lines = [f"[{a.kind}] {a.client}/{a.host}: {a.summary}" for a in alerts]
    if fmt == "slack":
        text = "\n".join(slack_text(line) for line in lines)
        return {"text": slack_text(title), "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
    if fmt == "teams":
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": [
                            {"type": "TextBlock", "text": teams_text(title), "weight": "Bolder", "wrap": True},
                            *({"type": "TextBlock", "text": teams_text(line), "wrap": True} for line in lines),
                        ],
                    },
                }
            ],
        }
    return {
        "run_id": info.id,
        "started_at": info.started_at.isoformat(),
        "alerts": [a.__dict__ for a in alerts],
    }


_MENTION = re.compile(r"@(?=\w)")
_TEAMS_SPECIAL = re.compile(r"([\\`*_~\[\]{}<>#|])")


def slack_text(text: str) -> str:
    """Text as Slack shows it literally: &, < and > escaped as Slack's formatting docs require, so
    `<https://x|Click here>` and `<!channel>` stay text; a word joiner after @ keeps `@here` inert."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub("@\u2060", escaped)


def teams_text(text: str) -> str:
    """Text as a Teams card shows it literally: its Markdown (a CommonMark subset: links, emphasis,
    lists) and `{{DATE()}}` functions backslash-escaped, and @-mentions kept inert as for Slack."""
    return _MENTION.sub("@\u2060", _TEAMS_SPECIAL.sub(r"\\\1", text))


def send_alerts(view: ReportView, config: AlertConfig, *, environ: Mapping[str, str] | None = None) -> list[str]:
    """Deliver the run's alerts; returns one line per failed delivery (empty: all delivered)."""
    alerts = collect_alerts(view, min_severity=config.min_severity)
    if not alerts or not config.enabled:
        return []
    failures = []
    for number, hook in enumerate(config.webhooks, start=1):
        body = json.dumps(payload(alerts, view, hook.format)).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked at config load
            hook.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        context = client_context(hook.ca_file) if hook.url.startswith("https://") else None
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS, context=context) as response:  # noqa: S310
                response.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            shown = describe_tls_error(reason) if isinstance(reason, ssl.SSLError) else reason
            failures.append(f"webhook {number} ({hook.format}) failed: {shown}")
    if config.email is not None:
        error = _send_email(alerts, view, config.email, environ or os.environ)
        if error:
            failures.append(error)
    return failures


def _send_email(alerts: Sequence[Alert], view: ReportView, email: Email, environ: Mapping[str, str]) -> str | None:
    message = EmailMessage()
    message["Subject"] = f"auditor: {len(alerts)} alert(s) in run {view.run.info.id}"
    message["From"] = email.sender
    message["To"] = ", ".join(email.to)
    message.set_content("\n".join(f"[{a.kind}] {a.client}/{a.host}: {a.summary}" for a in alerts) + "\n")
    password = environ.get(email.password_env) if email.password_env else None
    try:
        with open_smtp(
            email.host,
            email.port,
            starttls=email.starttls,
            implicit_tls=email.implicit_tls,
            ca_file=email.ca_file,
            timeout=TIMEOUT_SECONDS,
        ) as smtp:
            if email.username and password:
                smtp.login(email.username, password)
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        shown = describe_tls_error(exc) if isinstance(exc, ssl.SSLError) else exc
        return f"email to {', '.join(email.to)} via {email.host}:{email.port} failed: {shown}"
    return None
