"""A whole run as a function of plain values: load, audit, store, render, alert; returns its outcome.

Orchestration only: nothing here prints. What happens while hosts are audited goes to a
RunProgress (auditor.run.progress) that the caller passes in, and the outcome (view, counts,
written reports, undelivered alerts, exit code) is returned for the caller to show
(auditor.cli.console). Tests call execute_run directly, without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.collect.script import nonces_for
from auditor.config.branding import Branding
from auditor.config.loader import Config, load_config
from auditor.core.errors import ExitCode
from auditor.core.models import Status
from auditor.core.runmodel import HostReport, Run, RunInfo
from auditor.evaluate.waivers import WaiverEntry, apply_waivers, load_waivers, require_matched, unmatched_waivers
from auditor.feeds.runfeeds import DEFAULT_MAX_AGE_DAYS, RunFeeds, open_for_run
from auditor.inventory import Host, Inventory
from auditor.report.alerts import send_alerts
from auditor.report.data import ReportView, build_view
from auditor.report.render import preflight
from auditor.report.stored import stored_view, summaries_of
from auditor.run.distributed.options import DistributedOptions
from auditor.run.outputs import prune_reports, write_each_report
from auditor.run.outputs import write_reports as write_reports  # kept importable from here
from auditor.run.pipeline import Clock, audit_host, audit_hosts, collector_script, store_host, utc_now
from auditor.run.progress import QUIET, RunProgress
from auditor.run.selection import check_infos, selected_checks
from auditor.run.tickets import TicketSync, sync_tickets
from auditor.store.database import Store
from auditor.store.engine import to_url
from auditor.store.governance import approved_entries
from auditor.store.integrity import load_private_key
from auditor.store.manifests import seal_run
from auditor.transport.base import Transport
from auditor.transport.choose import ConnectionSettings, collection, load_selection, make_transport

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from auditor.checklib.library import Library
    from auditor.probes.base import Probe


@dataclass(frozen=True)
class RunRequest:
    inventory: str
    limit: str | None
    checks: str | None
    forks: int
    formats: Sequence[str]
    output_dir: Path
    db: str | None
    config: Path | None
    known_hosts: Path | None
    trust_on_first_use: bool
    connect_timeout: float
    command_timeout: float
    become_password: str | None = field(repr=False)
    operator: str
    run_id: str
    auditor_version: str
    clock: Clock = utc_now  # injectable so that tests can age pending updates across runs
    waivers: Path | None = None
    connection: ConnectionSettings = field(default_factory=ConnectionSettings)  # --transport, --ssh-config, ...
    profile: str | None = None  # --profile (else the config's profile)
    checks_dirs: tuple[Path, ...] = ()  # --checks-dir, after the config's checks_dirs
    keep_reports: timedelta | None = None  # delete report files in output_dir older than this
    allow_unmatched_waivers: bool = False  # a waiver naming no known check, client, group or host is kept
    distributed: DistributedOptions | None = None  # --distributed: workers collect (auditor.run.distributed)
    feeds: Path | None = None  # --feeds: the vulnerability feeds index (default: the data directory's, if any)
    feed_max_age_days: float = DEFAULT_MAX_AGE_DAYS  # a feed older than this gives a warning


@dataclass(frozen=True)
class RunOutcome:
    """What a finished run gives back: its view, its counts, the reports written (and those that
    could not be), alerts not delivered."""

    view: ReportView
    counts: Mapping[str, int]  # assessed, unassessed, failed_checks
    reports: tuple[Path, ...]
    store_url: str
    alert_failures: tuple[str, ...] = ()
    report_failures: tuple[str, ...] = ()
    branding: Branding | None = None  # the MSP's brand, for a report the caller renders itself (-o -)
    tickets: TicketSync | None = None  # PSA ticket changes, when [tickets] is configured

    @property
    def ticket_failure(self) -> str | None:
        return self.tickets.failure if self.tickets is not None else None

    @property
    def exit_code(self) -> ExitCode:
        """Unassessed hosts first (the audit is incomplete), then reports not written, then
        undelivered alerts, then PSA tickets not synced, then findings."""
        if self.counts["unassessed"]:
            return ExitCode.HOSTS_UNASSESSED
        if self.report_failures:
            return ExitCode.REPORT_FAILED
        if self.alert_failures:
            return ExitCode.NOTIFY_FAILED
        if self.ticket_failure:
            return ExitCode.TICKETS_FAILED
        if self.counts["failed_checks"]:
            return ExitCode.FINDINGS
        return ExitCode.OK


@dataclass(frozen=True)
class _Plan:
    """Everything a run needs, loaded and checked before any host is contacted."""

    config: Config
    waivers: tuple[WaiverEntry, ...]
    inventory: Inventory
    library: Library
    probes: Sequence[Probe[Any]]
    store: Store
    transport: Transport
    nonces: Mapping[str, str]
    info: RunInfo
    signing_key: Ed25519PrivateKey | None = None
    feeds: RunFeeds = field(default_factory=RunFeeds)


def execute_run(request: RunRequest, *, progress: RunProgress = QUIET) -> RunOutcome:
    """Audit, store host by host, render and alert; the outcome's exit code tells findings from unassessed hosts."""
    plan = _plan(request)
    with plan.store.lock():
        try:
            if request.distributed is not None:
                view, counts = _run_distributed(request, plan, progress=progress)
            else:
                view, counts = _run_local(request, plan, progress=progress)
        finally:
            if plan.feeds.lookup is not None:
                plan.feeds.lookup.close()
    # the evidence as stored, hashed and signed before any report is written from it
    view = replace(view, manifest=seal_run(plan.store, plan.info.id, private_key=plan.signing_key))
    # the run is stored: a report that cannot be written (full disk) costs that file only, and the
    # summary and alerts still go out
    written = write_each_report(
        view,
        formats=request.formats,
        output_dir=request.output_dir,
        branding=plan.config.branding,
        config=plan.config,
    )
    if request.keep_reports is not None:
        prune_reports(request.output_dir, older_than=request.clock() - request.keep_reports)
    failures = send_alerts(view, plan.config.alerts)
    tickets = None
    if plan.config.tickets.enabled:  # after the alerts: a PSA failure is reported, and loses nothing
        tickets = sync_tickets(plan.store, plan.store.load_run(plan.info.id, evidence=False), plan.config.tickets)
    return RunOutcome(
        view=view,
        counts=counts,
        reports=tuple(written.paths),
        store_url=plan.store.url,
        alert_failures=tuple(failures),
        report_failures=tuple(written.failures),
        branding=plan.config.branding,
        tickets=tickets,
    )


def _plan(request: RunRequest) -> _Plan:
    """Load and check every input first: bad input stops before any host is contacted."""
    from auditor.checklib.library import select_library
    from auditor.checklib.registry import probes_for

    config = load_config(request.config)
    signing_key = load_private_key(config.signing_key) if config.signing_key else None
    waiver_file = request.waivers or config.waivers
    waivers = tuple(load_waivers(waiver_file)) if waiver_file else ()
    preflight(request.formats)  # so does a format that cannot be produced here (PDF without Chromium)
    inventory = load_selection(request.inventory, request.limit, settings=request.connection)
    library = select_library(
        checks=selected_checks(request.checks),
        profile=request.profile or config.policy.profile,
        checks_dirs=(*config.policy.checks_dirs, *request.checks_dirs),
    )
    library.validate(config, inventory.hosts)  # a typo'd or mistyped setting stops the run here
    if waiver_file and not request.allow_unmatched_waivers:  # against the whole inventory, not the --limit
        everyone = load_selection(request.inventory, None, settings=request.connection).hosts
        require_matched(unmatched_waivers(waivers, checks=library.known_ids, hosts=everyone), source=waiver_file)
    feeds = open_for_run(request.feeds, now=request.clock(), max_age_days=request.feed_max_age_days)
    store = Store(to_url(request.db))
    waivers = (*waivers, *approved_entries(store.engine))  # the file's and those approved in the portal
    transport = make_transport(
        request.connection,
        inventory=request.inventory,
        known_hosts=request.known_hosts,
        trust_on_first_use=request.trust_on_first_use,
        connect_timeout=request.connect_timeout,
        command_timeout=request.command_timeout,
        become_password=request.become_password,
        forks=request.forks,
    )
    info = RunInfo(
        id=request.run_id,
        started_at=request.clock(),
        auditor_version=request.auditor_version,
        operator=request.operator,
        inventory=request.inventory,
        limit=request.limit,
        profile=request.profile or config.policy.profile,
        checks=check_infos(library.checks),
        waivers=str(waiver_file) if waiver_file else None,
        transport=request.connection.transport,
        feeds=list(feeds.versions),
        feed_warnings=list(feeds.warnings),
    )
    return _Plan(
        config=config,
        waivers=waivers,
        inventory=inventory,
        library=library,
        probes=probes_for(library.checks),
        store=store,
        transport=transport,
        nonces=nonces_for(inventory.hosts),  # fixed up front: a batch transport (Ansible) sends all scripts first
        info=info,
        signing_key=signing_key,
        feeds=feeds,
    )


def _run_local(request: RunRequest, plan: _Plan, *, progress: RunProgress) -> tuple[ReportView, dict[str, int]]:
    """Collect through auditor's own transports (or Ansible), storing each host as it finishes."""
    from auditor.probes.registry import probe_registry

    registry = probe_registry()
    history = plan.store.first_seen((host.client, host.name) for host in plan.inventory.hosts)

    def script_for(host: Host) -> str:
        return collector_script(host, plan.probes, nonce=plan.nonces[host.name])

    with collection(plan.transport, plan.inventory.hosts, script_for=script_for) as collector:

        def audit(host: Host) -> HostReport:
            report = audit_host(
                plan.library.host(host, plan.config),  # profile and config settings under the host's auditor_* vars
                transport=collector,
                probes=plan.probes,
                checks=plan.library.checks,
                probe_registry=registry,
                first_seen=history.get((host.client, host.name), {}),
                clock=request.clock,
                nonce=plan.nonces[host.name],
                intel=plan.feeds.lookup.host_intel if plan.feeds.lookup else None,
            )
            return apply_waivers(report, plan.waivers, today=report.finished_at) if plan.waivers else report

        cancel = getattr(collector, "cancel", None)  # Ctrl-C cuts running hosts short (SSH)
        return _audit_and_store(request, plan, audit=audit, progress=progress, cancel=cancel)


def _audit_and_store(
    request: RunRequest,
    plan: _Plan,
    *,
    audit: Callable[[Host], HostReport],
    progress: RunProgress,
    cancel: Callable[[], None] | None,
) -> tuple[ReportView, dict[str, int]]:
    """Hosts are stored as they finish; then the run's summaries are written and its view (with history) built."""
    store, info = plan.store, plan.info
    store.begin_run(info)
    counts: dict[str, int] = {"assessed": 0, "unassessed": 0, "failed_checks": 0}
    hosts = plan.inventory.hosts

    def on_host(report: HostReport) -> None:
        report = store_host(store, info.id, report, note=progress.note)
        counts["assessed" if report.assessed else "unassessed"] += 1
        counts["failed_checks"] += sum(1 for r in report.results if r.status is Status.FAIL)
        progress.advance(done=counts["assessed"] + counts["unassessed"], last=report.name)

    complete = False
    progress.begin(len(hosts), label="auditing")
    try:
        audit_hosts(hosts, forks=request.forks, audit=audit, on_host=on_host, on_interrupt=cancel)
        complete = True
    finally:
        progress.end()
        store.finish_run(info.id, finished_at=request.clock(), complete=complete)
    return _stored_view(store, info.id, plan.config), counts


def _run_distributed(request: RunRequest, plan: _Plan, *, progress: RunProgress) -> tuple[ReportView, dict[str, int]]:
    """--distributed: workers collect and store the hosts (auditor.run.distributed); what follows
    (summaries, view, reports, exit code) is the local run's."""
    from auditor.run.distributed.controller import require_shared_store, run_distributed, tally
    from auditor.run.distributed.sharedstore import SharedStore

    assert request.distributed is not None
    require_shared_store(plan.store.url, request.connection.transport)
    run = run_distributed(
        options=request.distributed,
        store=SharedStore(plan.store.url),
        info=plan.info,
        hosts=[plan.library.host(host, plan.config) for host in plan.inventory.hosts],
        checks=plan.library.checks,
        connect_timeout=request.connect_timeout,
        command_timeout=request.command_timeout,
        waivers=plan.waivers,
        progress=progress,
        clock=request.clock,
    )
    return _stored_view(plan.store, plan.info.id, plan.config, run=run), tally(run)


def _stored_view(store: Store, run_id: str, config: Config, *, run: Run | None = None) -> ReportView:
    """The finished run's view with its history; its per-client summaries are recorded for trends first."""
    run = run if run is not None else store.load_run(run_id)
    view = build_view(run, config=config.scoring)
    store.record_summaries(run_id, summaries_of(view))
    return stored_view(store, run, config=config.scoring, sla_for=config.finding_sla, view=view)
