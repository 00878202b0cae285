"""A short Markdown summary for tickets and email: the run, the fleet, each client, what to fix first.

Reads as plain text too. Host output is escaped for Markdown (a backslash before every character
that could start markup, links or HTML: \\ ` * _ [ ] < > | ~ & !) and flattened to one line, so a
ticket system that renders Markdown, even one that allows raw HTML, shows it as text.
"""

from __future__ import annotations

import re
from datetime import datetime

from auditor.core.models import Status
from auditor.evaluate.score import Tally
from auditor.report.data import ReportView

TOP_FAILURES = 10
MESSAGE_MAX = 160
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#])")
_SPACE = re.compile(r"\s+")


def md(text: str, *, limit: int | None = None) -> str:
    """One line of plain text made inert for Markdown (and shortened to `limit` characters)."""
    flat = _SPACE.sub(" ", text).strip()
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "\u2026"
    return _SPECIAL.sub(r"\\\1", flat)


def _score(tally: Tally) -> str:
    if tally.score is None:
        return "no score"
    return f"{tally.score:.1f} ({tally.grade})"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _no_failure_line(*, assessed: int, unassessed: int) -> str:
    """What an empty list of failures means: never "all clear" while hosts went unassessed."""
    if not unassessed:
        return "No check failed on any assessed host."
    if not assessed:
        return f"No host could be assessed ({unassessed}, above): there are no verdicts."
    plural = "s" if assessed != 1 else ""
    missing = f"{unassessed} host{'s' if unassessed != 1 else ''} could not be assessed (above)"
    return f"No check failed on the {assessed} assessed host{plural}; {missing}."


def render_markdown(view: ReportView, *, generated_at: datetime) -> str:
    info = view.run.info
    fleet = view.fleet.overall
    hosts = view.hosts
    lines = [
        f"## Compliance summary: run {md(info.id)}",
        "",
        f"- **When:** {info.started_at:%Y-%m-%d %H:%M %Z}".rstrip()
        + ("" if info.complete else " \u2014 **INCOMPLETE RUN: scores cover only what was collected**"),
        f"- **Fleet score:** {_score(fleet)} \u00b7 **coverage** {_pct(fleet.coverage)} "
        f"({fleet.assessed} of {fleet.applicable} applicable checks gave a verdict)",
        f"- **Hosts:** {len(hosts) - len(view.unassessed)} of {len(hosts)} assessed in "
        f"{len(view.clients)} client{'s' if len(view.clients) != 1 else ''} \u00b7 "
        f"**failed** {fleet.count(Status.FAIL)} \u00b7 **errors** {fleet.count(Status.ERROR)} \u00b7 "
        f"**waived** {fleet.count(Status.WAIVED)}",
        "",
        "| Client | Hosts | Not assessed | Score | Coverage | Fail | Error |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for client in view.clients:
        tally = client.score.overall
        missing = sum(1 for host in client.hosts if not host.host.assessed)
        lines.append(
            f"| {md(client.name)} | {len(client.hosts)} | {missing} | {_score(tally)} | {_pct(tally.coverage)} "
            f"| {tally.count(Status.FAIL)} | {tally.count(Status.ERROR)} |"
        )
    if view.unassessed:
        lines += ["", f"### Could not assess ({len(view.unassessed)})", ""]
        for host_view in view.unassessed:
            host = host_view.host
            reason = f"{host.error_kind or 'unknown'}: {host.error or 'no reason recorded'}"
            lines.append(f"- {md(host.client)} / {md(host.name)} \u2014 {md(reason, limit=MESSAGE_MAX)}")
    failures = view.failures
    lines += ["", f"### Top failures ({min(len(failures), TOP_FAILURES)} of {len(failures)})", ""]
    if not failures:
        lines.append(_no_failure_line(assessed=len(hosts) - len(view.unassessed), unassessed=len(view.unassessed)))
    for number, finding in enumerate(failures[:TOP_FAILURES], start=1):
        result = finding.result
        lines.append(
            f"{number}. **{result.severity.value}** {md(result.title)} on {md(finding.host.name)} "
            f"({md(finding.host.client)}) \u2014 {md(result.message, limit=MESSAGE_MAX)}"
        )
    lines += ["", f"_auditor {md(info.auditor_version)}, generated {generated_at:%Y-%m-%d %H:%M %Z}_".rstrip(), ""]
    return "\n".join(lines)
