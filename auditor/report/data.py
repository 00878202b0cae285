"""The report view: a stored run plus its scores, arranged for templates and machine formats.

Built from a Run alone (never from hosts), so every report can be made again offline. Scores are
computed here, at render time, which is what makes `auditor report` a re-score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditor.config.scoring import ScoringConfig
from auditor.core.errors import ConfigError
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckInfo, CheckResult, Evidence, HostReport, Run
from auditor.evaluate.score import HostScore, Tally, rollup, score_host

if TYPE_CHECKING:
    from auditor.history.trends import HistoryView
    from auditor.store.integrity import SignedManifest

SEVERITY_ORDER = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)
STATUS_ORDER = (Status.FAIL, Status.ERROR, Status.WAIVED, Status.PASS, Status.NOT_APPLICABLE)


@dataclass(frozen=True)
class Finding:
    """One result on one host, with the evidence it rests on."""

    host: HostReport
    result: CheckResult
    check: CheckInfo | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class HostView:
    host: HostReport
    score: HostScore
    findings: tuple[Finding, ...]  # every result, worst first

    def count(self, status: Status) -> int:
        return self.score.overall.count(status)


@dataclass(frozen=True)
class ClientView:
    name: str
    score: HostScore
    hosts: tuple[HostView, ...]


@dataclass(frozen=True)
class ReportView:
    run: Run
    checks: Mapping[str, CheckInfo]
    fleet: HostScore
    clients: tuple[ClientView, ...]
    config: ScoringConfig
    history: HistoryView | None = None  # since last run, trends, SLA: set when rendered from a store
    manifest: SignedManifest | None = None  # the run's evidence manifest (auditor.store.integrity), when stored

    @property
    def hosts(self) -> tuple[HostView, ...]:
        return tuple(host for client in self.clients for host in client.hosts)

    @property
    def unassessed(self) -> tuple[HostView, ...]:
        return tuple(host for host in self.hosts if not host.host.assessed)

    @property
    def failures(self) -> tuple[Finding, ...]:
        found = [f for h in self.hosts for f in h.findings if f.result.status is Status.FAIL]
        return tuple(sorted(found, key=_finding_order))

    def failures_by_severity(self) -> dict[Severity, int]:
        counts = dict.fromkeys(SEVERITY_ORDER, 0)
        for finding in self.failures:
            counts[finding.result.severity] += 1
        return counts

    def top_risks(self, limit: int = 10) -> list[tuple[CheckInfo | CheckResult, int]]:
        """Failed checks ranked by severity, then by how many hosts fail them."""
        per_check: dict[str, list[Finding]] = {}
        for finding in self.failures:
            per_check.setdefault(finding.result.check_id, []).append(finding)
        ranked = sorted(
            per_check.values(), key=lambda group: (SEVERITY_ORDER.index(group[0].result.severity), -len(group))
        )
        return [(group[0].check or group[0].result, len(group)) for group in ranked[:limit]]


def _finding_order(finding: Finding) -> tuple[int, int, str, str]:
    return (
        STATUS_ORDER.index(finding.result.status),
        SEVERITY_ORDER.index(finding.result.severity),
        finding.host.name,
        finding.result.check_id,
    )


def build_view(run: Run, *, config: ScoringConfig | None = None) -> ReportView:
    config = config or ScoringConfig()
    checks = {check.id: check for check in run.info.checks}
    by_client: dict[str, list[HostView]] = {}
    for host in sorted(run.hosts, key=lambda h: (h.client, h.name)):
        evidence = {item.probe: item for item in host.evidence}
        findings = tuple(
            sorted(
                (
                    Finding(
                        host=host,
                        result=result,
                        check=checks.get(result.check_id),
                        evidence=tuple(evidence[name] for name in result.facts if name in evidence),
                    )
                    for result in host.results
                ),
                key=_finding_order,
            )
        )
        score = score_host(host, checks=run.info.checks, config=config)
        by_client.setdefault(host.client, []).append(HostView(host=host, score=score, findings=findings))
    clients = tuple(
        ClientView(name=name, score=rollup(view.score for view in views), hosts=tuple(views))
        for name, views in sorted(by_client.items())
    )
    fleet = rollup(client.score for client in clients)
    return ReportView(run=run, checks=checks, fleet=fleet, clients=clients, config=config)


def tally_json(tally: Tally) -> dict[str, Any]:
    return {
        "score": tally.score,
        "grade": tally.grade,
        "coverage": tally.coverage,
        "applicable": tally.applicable,
        "assessed": tally.assessed,
        "passed_weight": tally.passed_weight,
        "failed_weight": tally.failed_weight,
        "counts": {status.value: tally.count(status) for status in Status},
    }


def score_json(score: HostScore) -> dict[str, Any]:
    return {
        **tally_json(score.overall),
        "by_category": {category.value: tally_json(score.by_category.get(category, Tally())) for category in Category},
    }


# --- Report sections beyond the basics (waivers, errors, per-check counts); frameworks: frameworkview ---


def check_counts(view: ReportView) -> dict[str, dict[Status, int]]:
    """Results per check id across the fleet (every check of the run, and any result's check)."""
    counts: dict[str, dict[Status, int]] = {check_id: dict.fromkeys(Status, 0) for check_id in view.checks}
    for host in view.hosts:
        for finding in host.findings:
            counts.setdefault(finding.result.check_id, dict.fromkeys(Status, 0))[finding.result.status] += 1
    return counts


def findings_with_status(view: ReportView, status: Status) -> tuple[Finding, ...]:
    """Every result of one status across the fleet, by client, host and check."""
    found = [f for h in view.hosts for f in h.findings if f.result.status is status]
    return tuple(sorted(found, key=lambda f: (f.host.client, f.host.name, f.result.check_id)))


def select_client(run: Run, client: str | None) -> Run:
    """The run narrowed to one client's hosts (None: the whole run); an unknown client is an error."""
    if client is None:
        return run
    known = sorted({host.client for host in run.hosts})
    if client not in known:
        raise ConfigError(f"no client {client!r} in run {run.info.id}; clients: {', '.join(known) or 'none'}")
    return run.model_copy(update={"hosts": [host for host in run.hosts if host.client == client]})
