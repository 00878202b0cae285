"""What the CLI does without contacting a host: re-render (and re-evaluate) a stored run."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from auditor.checklib.checkdef import Facts
from auditor.config.loader import Config, load_config
from auditor.core.runmodel import HostReport, Run
from auditor.core.vulnmodel import UpdateIntel
from auditor.evaluate.waivers import apply_waivers, load_waivers
from auditor.report.data import ReportView, select_client
from auditor.report.render import preflight
from auditor.report.stored import stored_view
from auditor.run.scope import limit_hosts, select_limit
from auditor.run.selection import check_infos
from auditor.store.database import Store
from auditor.store.engine import to_url
from auditor.store.manifests import stored_manifest


def render_stored(
    *,
    run: str,
    fmt: str,
    db: str | None,
    config: Path | None,
    re_evaluate: bool,
    client: str | None = None,
    waivers: Path | None = None,
    limit: str | None = None,
) -> str | bytes:
    from auditor.report.render import render

    preflight([fmt])
    settings, view = stored_report_view(
        run=run, db=db, config=config, re_evaluate=re_evaluate, client=client, waivers=waivers, limit=limit
    )
    return render(view, fmt, generated_at=datetime.now(UTC), branding=settings.presentation.branding_for(client))


def stored_report_view(
    *,
    run: str,
    db: str | None,
    config: Path | None,
    re_evaluate: bool,
    client: str | None = None,
    waivers: Path | None = None,
    limit: str | None = None,
) -> tuple[Config, ReportView]:
    """A stored run (optionally one client's part or the hosts a --limit selects, re-evaluated,
    with waivers) as a report view; 'latest' is the newest run within that scope."""
    settings = load_config(config)
    store = Store(to_url(db), existing=True)
    limited = limit_hosts(store, limit)
    stored = select_client(store.load_run(store.resolve(run, client=client, hosts=limited)), client)
    stored = select_limit(stored, limited)
    if re_evaluate:
        stored = reevaluate(stored, extra_dirs=settings.policy.checks_dirs)
    waiver_file = waivers or settings.waivers
    if waiver_file:
        # as of the run's own date, so that a re-render shows what applied then
        entries = load_waivers(waiver_file)
        hosts = [apply_waivers(h, entries, today=h.finished_at) for h in stored.hosts]
        stored = stored.model_copy(
            update={"hosts": hosts, "info": stored.info.model_copy(update={"waivers": str(waiver_file)})}
        )
    view = stored_view(store, stored, config=settings.scoring, sla_for=settings.finding_sla)
    if client is None and not limited:  # the manifest names every host of the run: never in a part of it
        view = replace(view, manifest=stored_manifest(store, stored.info.id))
    return settings, view


def _stored_intel(host: HostReport) -> Callable[[Facts], Mapping[str, UpdateIntel]]:
    """The feeds' findings as stored with each pending update (the same for whatever facts)."""
    stored = {update.key: found for update in host.pending_updates if (found := update.intel())}

    def intel(_facts: Facts) -> Mapping[str, UpdateIntel]:
        return stored

    return intel


def reevaluate(run: Run, *, extra_dirs: Sequence[Path] = ()) -> Run:
    """Apply the current check library to the stored evidence of a run (no host is contacted)."""
    from auditor.checklib.registry import load_checks
    from auditor.evaluate.engine import evaluate_host
    from auditor.probes.registry import probe_registry

    checks = load_checks([info.id for info in run.info.checks] or None, extra_dirs=extra_dirs)
    registry = probe_registry()
    hosts = []
    for host in run.hosts:
        if not host.assessed:
            hosts.append(host)
            continue
        first_seen = {update.key: update.first_seen for update in host.pending_updates}
        # what the feeds said when the run was made: a re-evaluation judges with the same data
        stored = _stored_intel(host)
        evaluation = evaluate_host(
            host.evidence,
            checks=checks,
            probes=registry,
            now=host.finished_at,
            settings=host.settings,
            first_seen=first_seen,
            intel=stored,
            truncated=host.truncated_evidence,
        )
        hosts.append(
            host.model_copy(update={"results": evaluation.results, "pending_updates": evaluation.pending_updates})
        )
    info = run.info.model_copy(update={"checks": check_infos(checks)})
    return Run(info=info, hosts=hosts)
