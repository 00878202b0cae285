"""The JSON report: a versioned, documented projection of a stored run (reports/report.schema.json).

Schema versioning: SCHEMA_VERSION is MAJOR.MINOR; a consumer written for 1.x keeps working
with any later 1.y (fields are only added). Removing or changing a field bumps the major.
Each probe's raw output appears once per host (`hosts[].evidence`); results name the probes
they rest on (`results[].evidence`), so evidence is not repeated for every check that reads it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from auditor.core.runmodel import Evidence
from auditor.report.data import HostView, ReportView, score_json

SCHEMA_ID = "https://auditor.invalid/schema/report-1.json"
SCHEMA_VERSION = "1.2"  # 1.1: "integrity", the signed evidence manifest; 1.2: feeds, CVE/KEV/EPSS per update


def _evidence(item: Evidence) -> dict[str, Any]:
    return {
        "probe": item.probe,
        "command": item.command,
        "exit_status": item.exit_status,
        "complete": item.complete,
        "stdout": item.stdout,
        "stderr": item.stderr,
    }


def _header(view: ReportView) -> dict[str, Any]:
    info = view.run.info
    integrity = {"integrity": view.manifest.model_dump(mode="json")} if view.manifest is not None else {}
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "run": {
            "id": info.id,
            "started_at": info.started_at.isoformat(),
            "finished_at": info.finished_at.isoformat() if info.finished_at else None,
            "complete": info.complete,
            "auditor_version": info.auditor_version,
            "operator": info.operator,
            "inventory": info.inventory,
            "limit": info.limit,
            "transport": info.transport,
            "waivers": info.waivers,
            "profile": info.profile,
            "evidence_pruned": info.evidence_pruned,
            "feeds": [feed.model_dump(mode="json") for feed in info.feeds],
            "feed_warnings": info.feed_warnings,
        },
        "scoring": {"weights": {severity.value: weight for severity, weight in view.config.weights.items()}},
        "checks": [check.model_dump(mode="json") for check in view.checks.values()],
        "scores": {
            "fleet": score_json(view.fleet),
            "clients": {client.name: score_json(client.score) for client in view.clients},
        },
        **integrity,
    }


def _host_document(host_view: HostView) -> dict[str, Any]:
    host = host_view.host
    return {
        "name": host.name,
        "client": host.client,
        "address": host.address,
        "port": host.port,
        "user": host.user,
        "become": host.become,
        "groups": host.groups,
        "assessed": host.assessed,
        "error_kind": host.error_kind,
        "error": host.error,
        "os": {"id": host.os_id, "version": host.os_version, "family": host.os_family, "name": host.os_pretty},
        "started_at": host.started_at.isoformat(),
        "finished_at": host.finished_at.isoformat(),
        "score": score_json(host_view.score),
        "evidence": [_evidence(e) for e in host.evidence],
        "pending_updates": [u.model_dump(mode="json") for u in host.pending_updates],
        "results": [
            {
                "check_id": f.result.check_id,
                "check_version": f.result.check_version,
                "title": f.result.title,
                "category": f.result.category.value,
                "severity": f.result.severity.value,
                "status": f.result.status.value,
                "message": f.result.message,
                "details": f.result.details,
                "evidence": [e.probe for e in f.evidence],
                "waiver": f.result.waiver.model_dump() if f.result.waiver else None,
            }
            for f in host_view.findings
        ],
    }


def report_document(view: ReportView) -> dict[str, Any]:
    return {**_header(view), "hosts": [_host_document(host_view) for host_view in view.hosts]}


def json_chunks(view: ReportView) -> Iterator[str]:
    """The JSON report a host at a time, so that a fleet's report is written without holding it whole."""
    head = json.dumps(_header(view), ensure_ascii=False, separators=(",", ":"))
    yield head[:-1] + ',"hosts":['
    for index, host_view in enumerate(view.hosts):
        yield ("," if index else "") + json.dumps(_host_document(host_view), ensure_ascii=False, separators=(",", ":"))
    yield "]}\n"


def render_json(view: ReportView) -> str:
    # compact: at fleet scale indentation alone adds a fifth to the size; `jq .` pretty-prints it
    return "".join(json_chunks(view))
