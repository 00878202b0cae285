"""SARIF 2.1.0 for code-scanning dashboards: one rule per check, one result per finding.

A failed check is a `fail` result whose level follows its severity (critical and high are errors,
medium a warning, low and info notes); a waived failure is the same result with an accepted
external suppression carrying the waiver's justification, so dashboards show it as dismissed
rather than lose it; a check that could not be assessed is an `open` result (SARIF's "could not
tell"), and a host that could not be reached is a tool execution notification. A host is not a
file: each result names it as a logical location and as the relative URI `hosts/CLIENT/HOST`, and
carries a fingerprint of the finding's identity (client, host, check) so a dashboard follows one
finding across runs. Host text is data: it only ever lands in JSON strings.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from auditor import __version__
from auditor.core.models import Severity, Status
from auditor.core.runmodel import CheckInfo, CheckResult, HostReport
from auditor.report.data import ReportView

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# security-severity (0.0-10.0) is how code-scanning dashboards rank security results
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
FINGERPRINT = "auditorFinding/v1"


def finding_fingerprint(client: str, host: str, check_id: str) -> str:
    """The identity of a finding across runs: the same client, host and check."""
    return hashlib.sha256("\x00".join((client, host, check_id)).encode("utf-8")).hexdigest()


def _rule(check: CheckInfo) -> dict[str, Any]:
    tags = [check.category.value, *(f"{name}:{ref}" for name, refs in check.references.items() for ref in refs)]
    return {
        "id": check.id,
        "name": check.id,
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": check.rationale},
        "help": {"text": check.remediation},
        "defaultConfiguration": {"level": LEVELS[check.severity]},
        "properties": {
            "category": check.category.value,
            "severity": check.severity.value,
            "security-severity": SECURITY_SEVERITY[check.severity],
            "tags": tags,
        },
    }


def _location(host: HostReport) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": f"hosts/{quote(host.client, safe='')}/{quote(host.name, safe='')}"}
        },
        "logicalLocations": [{"name": host.name, "fullyQualifiedName": f"{host.client}/{host.name}", "kind": "host"}],
    }


def _result(host: HostReport, result: CheckResult, rule_index: int) -> dict[str, Any] | None:
    if result.status not in (Status.FAIL, Status.WAIVED, Status.ERROR):
        return None
    text = " ".join([result.message, *result.details]) or result.title
    entry: dict[str, Any] = {
        "ruleId": result.check_id,
        "ruleIndex": rule_index,
        "kind": "open" if result.status is Status.ERROR else "fail",
        "level": "none" if result.status is Status.ERROR else LEVELS[result.severity],
        "message": {"text": text},
        "locations": [_location(host)],
        "partialFingerprints": {FINGERPRINT: finding_fingerprint(host.client, host.name, result.check_id)},
        "properties": {"client": host.client, "host": host.name, "status": result.status.value},
    }
    if result.status is Status.WAIVED and result.waiver is not None:
        waiver = result.waiver
        justification = f"{waiver.justification} (approved by {waiver.approved_by}, expires {waiver.expires})"
        entry["suppressions"] = [{"kind": "external", "status": "accepted", "justification": justification}]
    return entry


def sarif_document(view: ReportView) -> dict[str, Any]:
    """The run as one SARIF log with one run."""
    info = view.run.info
    checks = sorted(view.checks.values(), key=lambda check: check.id)
    index = {check.id: number for number, check in enumerate(checks)}
    results = [
        entry
        for host_view in view.hosts
        for finding in host_view.findings
        if finding.result.check_id in index
        and (entry := _result(host_view.host, finding.result, index[finding.result.check_id])) is not None
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": f"could not assess {host.host.name} ({host.host.error_kind}): {host.host.error}"},
            "locations": [_location(host.host)],
        }
        for host in view.unassessed
    ]
    invocation: dict[str, Any] = {
        "executionSuccessful": not notifications,
        "startTimeUtc": info.started_at.isoformat(),
        "toolExecutionNotifications": notifications,
    }
    if info.finished_at is not None:
        invocation["endTimeUtc"] = info.finished_at.isoformat()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "auditor",
                        "version": info.auditor_version or __version__,
                        "rules": [_rule(check) for check in checks],
                    }
                },
                "automationDetails": {"id": f"auditor/{info.id}"},
                "invocations": [invocation],
                "results": results,
                "properties": {"inventory": info.inventory, "limit": info.limit},
            }
        ],
    }


def render_sarif(view: ReportView) -> str:
    """The SARIF log as JSON text."""
    return json.dumps(sarif_document(view), indent=2, ensure_ascii=False) + "\n"
