"""A stored run made ready to render: its view and scores, with its history from the same store.

The one place where reports meet the store, used by `auditor run` after a run and by
`auditor report` / `auditor diff` later, so every path shows the same history.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from auditor.config.scoring import ScoringConfig
from auditor.core.runmodel import Run
from auditor.history.storeview import history_for
from auditor.report.data import ReportView, build_view
from auditor.store.database import Store
from auditor.store.records import RunSummary


def summaries_of(view: ReportView) -> list[RunSummary]:
    """Per-client figures of a run for trends: hosts, scores, failures by severity."""
    items = []
    for client in view.clients:
        failed: dict[str, int] = {}
        for host in client.hosts:
            for finding in host.findings:
                if finding.result.status.value == "fail":
                    failed[finding.result.severity.value] = failed.get(finding.result.severity.value, 0) + 1
        items.append(
            RunSummary(
                run_id=view.run.info.id,
                client=client.name,
                started_at=view.run.info.started_at,
                hosts=len(client.hosts),
                assessed=sum(1 for host in client.hosts if host.host.assessed),
                score=client.score.overall.score,
                coverage=client.score.overall.coverage,
                failed_by_severity=failed,
            )
        )
    return items


def stored_view(
    store: Store,
    run: Run,
    *,
    config: ScoringConfig,
    sla_for: Mapping[str, Mapping[str, int]],
    view: ReportView | None = None,
) -> ReportView:
    """The run's view with its history; `view` when the caller already built it from the same run."""
    view = view or build_view(run, config=config)
    return dataclasses.replace(view, history=history_for(store, run, config=config, sla_for=sla_for))
