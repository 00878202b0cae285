"""A stored run's history read from the store: its diff with the previous run, trends and SLAs.

Used by `auditor run` after a run and by `auditor report` / `auditor diff` later (through
auditor.report.stored), so every path shows the same history.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from auditor.config.scoring import ScoringConfig
from auditor.core.runmodel import Run
from auditor.history.diff import FindingKey, RunDiff, diff_runs
from auditor.history.period import Period, PeriodFindings, replay, seed_states
from auditor.history.trends import HistoryView, build_history
from auditor.store.database import Store
from auditor.store.lifecycle import FindingState
from auditor.store.records import RunSummary


def finding_history(store: Store, clients: list[str]) -> dict[FindingKey, FindingState]:
    return {(f.client, f.host, f.check_id): f.state for f in store.findings(clients=clients)}


def diff_stored(
    store: Store, base_id: str, head_id: str, *, config: ScoringConfig, head_run: Run | None = None
) -> RunDiff:
    """What changed between two stored runs; a diff reads results only, so evidence is not loaded.

    `head_run` is the head when the caller already holds it (the end of a run), not read twice.
    """
    base = store.load_run(base_id, evidence=False)
    head = head_run if head_run is not None else store.load_run(head_id, evidence=False)
    clients = sorted({h.client for h in base.hosts} | {h.client for h in head.hosts})
    return diff_runs(base, head, history=finding_history(store, clients), config=config)


def history_for(
    store: Store, run: Run, *, config: ScoringConfig, sla_for: Mapping[str, Mapping[str, int]]
) -> HistoryView:
    clients = sorted({host.client for host in run.hosts})
    previous_id = store.previous_run(run.info.id)
    since = diff_stored(store, previous_id, run.info.id, config=config, head_run=run) if previous_id else None
    now = run.info.finished_at or run.info.started_at
    return build_history(
        clients=clients,
        now=now,
        summaries=store.summaries(clients=clients, until=run.info.started_at),
        findings=store.findings(clients=clients),
        since_last_run=since,
        previous_run_id=previous_id,
        sla_for=sla_for,
    )


@dataclasses.dataclass(frozen=True)
class ClientPeriod:
    """One client's stored runs of a period, for its periodic report (auditor.report.formats.client)."""

    client: str
    period: Period
    runs: tuple[Run, ...]  # started in the period, oldest first, holding this client's hosts only
    findings: PeriodFindings  # what opened, was fixed or came back, replayed run by run
    trend: tuple[RunSummary, ...]  # the client's figures per run of the period, oldest first


def client_period(store: Store, client: str, period: Period, *, evidence: bool = False) -> ClientPeriod:
    """Read a client's period from the store: never another client's rows.

    Only the last run of the period is read with its evidence, and only when `evidence` is asked
    for (the report's technical appendix); the others are read for their results.
    """
    before_id, run_ids = store.client_runs(client, start=period.start, end=period.end)
    runs = tuple(
        store.load_run(run_id, evidence=evidence and index == len(run_ids) - 1, client=client)
        for index, run_id in enumerate(run_ids)
    )
    baseline = store.load_run(before_id, evidence=False, client=client) if before_id else None
    lifecycle = (((f.host, f.check_id), f.state) for f in store.findings(clients=[client]))
    trend = tuple(
        summary
        for summary in store.summaries(clients=[client], until=period.end, limit=10_000)
        if summary.started_at in period
    )
    return ClientPeriod(
        client=client,
        period=period,
        runs=runs,
        findings=replay(runs, seed_states(baseline, lifecycle)),
        trend=trend,
    )
