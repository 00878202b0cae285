"""What the CLI commands do, as functions of plain values: load, audit, store, render, print.

Kept apart from the typer layer so that tests call the same code paths without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from auditor.config.loader import Config, load_config
from auditor.core.errors import ExitCode
from auditor.core.models import Status
from auditor.core.runmodel import CheckInfo, HostReport, Run, RunInfo
from auditor.core.terminal import InertConsole, inert
from auditor.evaluate.waivers import WaiverEntry, apply_waivers, load_waivers
from auditor.history.storeview import stored_view, summaries_of
from auditor.inventory import Host, Inventory, load_inventory
from auditor.report.alerts import send_alerts
from auditor.report.data import ReportView, build_view, select_client
from auditor.report.render import preflight
from auditor.run.distributed.options import DistributedOptions
from auditor.run.outputs import print_summary as print_summary  # kept importable from here
from auditor.run.outputs import write_each_report
from auditor.run.outputs import write_reports as write_reports  # kept importable from here
from auditor.run.pipeline import Clock, audit_host, audit_hosts, collector_script, store_host, utc_now
from auditor.store.database import Store, to_url
from auditor.store.integrity import load_private_key
from auditor.store.manifests import seal_run, stored_manifest
from auditor.transport.choose import ConnectionSettings, collection, load_selection, make_transport, nonces_for

if TYPE_CHECKING:
    from auditor.checklib.checkdef import Check


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
    show_progress: bool
    operator: str
    run_id: str
    auditor_version: str
    clock: Clock = utc_now  # injectable so that tests can age pending updates across runs
    waivers: Path | None = None
    connection: ConnectionSettings = field(default_factory=ConnectionSettings)  # --transport, --ssh-config, ...
    profile: str | None = None  # --profile (else the config's profile)
    checks_dirs: tuple[Path, ...] = ()  # --checks-dir, after the config's checks_dirs
    distributed: DistributedOptions | None = None  # --distributed: workers collect (auditor.run.distributed)


def _load_selection(inventory: str, limit: str | None) -> Inventory:
    return load_inventory(inventory).select(limit)


def _selected(checks: str | None) -> list[str] | None:
    return [part.strip() for part in checks.split(",") if part.strip()] if checks else None


def check_infos(checks: Sequence[object]) -> list[CheckInfo]:
    from auditor.checklib.checkdef import Check

    infos = []
    for check in checks:
        assert isinstance(check, Check)
        meta = check.meta
        infos.append(
            CheckInfo(
                id=meta.id,
                version=meta.version,
                title=meta.title,
                category=meta.category,
                severity=meta.severity,
                rationale=meta.rationale,
                remediation=meta.remediation,
                references={key: list(values) for key, values in meta.references.items()},
            )
        )
    return infos


def execute_run(request: RunRequest) -> ExitCode:
    """Audit, store host by host, render; the exit code tells findings and unassessed hosts apart."""
    from auditor.checklib.library import select_library
    from auditor.checklib.registry import probes_for
    from auditor.probes.registry import probe_registry

    config = load_config(request.config)  # bad input stops before any host is contacted
    signing_key = load_private_key(config.signing_key) if config.signing_key else None
    waiver_file = request.waivers or config.waivers
    waivers = load_waivers(waiver_file) if waiver_file else ()
    preflight(request.formats)  # so does a format that cannot be produced here (PDF without Chromium)
    inventory = load_selection(request.inventory, request.limit, settings=request.connection)
    library = select_library(
        checks=_selected(request.checks),
        profile=request.profile or config.policy.profile,
        checks_dirs=(*config.policy.checks_dirs, *request.checks_dirs),
    )
    library.validate(config, inventory.hosts)  # a typo'd or mistyped setting stops the run here
    checks = library.checks
    probes = probes_for(checks)
    registry = probe_registry()
    store = Store(to_url(request.db))
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
    nonces = nonces_for(inventory.hosts)  # fixed up front: a batch transport (Ansible) sends all scripts first
    info = RunInfo(
        id=request.run_id,
        started_at=request.clock(),
        auditor_version=request.auditor_version,
        operator=request.operator,
        inventory=request.inventory,
        limit=request.limit,
        profile=request.profile or config.policy.profile,
        checks=check_infos(checks),
        waivers=str(waiver_file) if waiver_file else None,
        transport=request.connection.transport,
    )
    history = store.first_seen((host.client, host.name) for host in inventory.hosts)
    console = InertConsole(stderr=True)

    def audit(host: Host) -> HostReport:
        report = audit_host(
            library.host(host, config),  # profile and config settings under the host's own auditor_* vars
            transport=collector,
            probes=probes,
            checks=checks,
            probe_registry=registry,
            first_seen=history.get((host.client, host.name), {}),
            clock=request.clock,
            nonce=nonces[host.name],
        )
        return apply_waivers(report, waivers, today=report.finished_at) if waivers else report

    if request.distributed is not None:
        with store.lock():
            view, summary = _run_distributed(
                request,
                store=store,
                info=info,
                hosts=[library.host(host, config) for host in inventory.hosts],
                checks=checks,
                waivers=waivers,
                console=console,
                config=config,
            )
    else:
        with (
            store.lock(),
            collection(
                transport,
                inventory.hosts,
                script_for=lambda host: collector_script(host, probes, nonce=nonces[host.name]),
            ) as collector,
        ):
            view, summary = _audit_and_store(
                request,
                store=store,
                info=info,
                hosts=inventory.hosts,
                audit=audit,
                console=console,
                config=config,
                cancel=getattr(collector, "cancel", None),  # Ctrl-C cuts running hosts short (SSH)
            )
    # the evidence as stored, hashed and signed before any report is written from it
    view = replace(view, manifest=seal_run(store, info.id, private_key=signing_key))
    # the run is stored: a report that cannot be written (full disk) costs that file only, and the
    # summary and alerts still go out
    written = write_each_report(
        view, formats=request.formats, output_dir=request.output_dir, branding=config.branding, config=config
    )
    print_summary(console, view)
    for path in written.paths:
        console.print(f"report: {path}")
    for line in written.failures:
        console.print(f"error: {line}", markup=False, highlight=False, soft_wrap=True)
    console.print(f"run {info.id} stored in {store.url}")
    failures = send_alerts(view, config.alerts)
    for line in failures:
        console.print(f"alert not delivered: {line}", markup=False, highlight=False, soft_wrap=True)
    if summary["unassessed"]:
        return ExitCode.HOSTS_UNASSESSED
    if written.failures:
        return ExitCode.REPORT_FAILED
    if failures:
        return ExitCode.NOTIFY_FAILED
    if summary["failed_checks"]:
        return ExitCode.FINDINGS
    return ExitCode.OK


def _audit_and_store(
    request: RunRequest,
    *,
    store: Store,
    info: RunInfo,
    hosts: Sequence[Host],
    audit: Callable[[Host], HostReport],
    console: Console,
    config: Config,
    cancel: Callable[[], None] | None = None,
) -> tuple[ReportView, dict[str, int]]:
    """Run the audit under the store's lock: hosts are stored as they finish; then the run's
    summaries are written and its view (with history) is built."""
    store.begin_run(info)
    summary: dict[str, int] = {"assessed": 0, "unassessed": 0, "failed_checks": 0}
    progress = Progress(
        TextColumn("auditing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}", markup=False),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not (request.show_progress and console.is_terminal),
    )
    complete = False
    with progress:
        task = progress.add_task("hosts", total=len(hosts), last="")

        def on_host(report: HostReport) -> None:
            report = store_host(store, info.id, report, console=console)
            summary["assessed" if report.assessed else "unassessed"] += 1
            summary["failed_checks"] += sum(1 for r in report.results if r.status is Status.FAIL)
            progress.update(task, advance=1, last=inert(report.name))

        try:
            audit_hosts(hosts, forks=request.forks, audit=audit, on_host=on_host, on_interrupt=cancel)
            complete = True
        finally:
            store.finish_run(info.id, finished_at=request.clock(), complete=complete)
    run = store.load_run(info.id)
    view = build_view(run, config=config.scoring)
    store.record_summaries(info.id, summaries_of(view))
    return stored_view(store, run, config=config.scoring, sla_for=config.finding_sla, view=view), summary


def _run_distributed(
    request: RunRequest,
    *,
    store: Store,
    info: RunInfo,
    hosts: Sequence[Host],
    checks: Sequence[Check],
    waivers: Sequence[WaiverEntry],
    console: Console,
    config: Config,
) -> tuple[ReportView, dict[str, int]]:
    """--distributed: workers collect and store the hosts (auditor.run.distributed); what follows
    (summaries, view, reports, exit code) is the local run's."""
    from auditor.run.distributed.controller import require_shared_store, run_distributed, tally
    from auditor.run.distributed.sharedstore import SharedStore

    assert request.distributed is not None
    require_shared_store(store.url, request.connection.transport)
    run = run_distributed(
        options=request.distributed,
        store=SharedStore(store.url),
        info=info,
        hosts=hosts,
        checks=checks,
        connect_timeout=request.connect_timeout,
        command_timeout=request.command_timeout,
        waivers=waivers,
        console=console,
        show_progress=request.show_progress,
        clock=request.clock,
    )
    view = build_view(run, config=config.scoring)
    store.record_summaries(info.id, summaries_of(view))
    return stored_view(store, run, config=config.scoring, sla_for=config.finding_sla, view=view), tally(run)


def render_stored(
    *,
    run: str,
    fmt: str,
    db: str | None,
    config: Path | None,
    re_evaluate: bool,
    client: str | None = None,
    waivers: Path | None = None,
) -> str | bytes:
    from auditor.report.render import render

    preflight([fmt])
    settings, view = stored_report_view(
        run=run, db=db, config=config, re_evaluate=re_evaluate, client=client, waivers=waivers
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
) -> tuple[Config, ReportView]:
    """A stored run (optionally one client's part, re-evaluated, with waivers) as a report view."""
    settings = load_config(config)
    store = Store(to_url(db))
    stored = select_client(store.load_run(store.resolve(run)), client)
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
    if client is None:  # the manifest names every host of the run: never in one client's report
        view = replace(view, manifest=stored_manifest(store, stored.info.id))
    return settings, view


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
        evaluation = evaluate_host(
            host.evidence,
            checks=checks,
            probes=registry,
            now=host.finished_at,
            settings=host.settings,
            first_seen=first_seen,
            truncated=host.truncated_evidence,
        )
        hosts.append(
            host.model_copy(update={"results": evaluation.results, "pending_updates": evaluation.pending_updates})
        )
    info = run.info.model_copy(update={"checks": check_infos(checks)})
    return Run(info=info, hosts=hosts)


def list_runs(*, db: str | None, limit: int) -> None:
    store = Store(to_url(db))
    table = Table(title=f"runs in {store.url}", title_justify="left")
    for column in ("id", "started", "finished", "complete", "inventory", "checks"):
        table.add_column(column)
    for info in store.list_runs(limit=limit):
        table.add_row(
            info.id,
            info.started_at.isoformat(timespec="seconds"),
            info.finished_at.isoformat(timespec="seconds") if info.finished_at else "-",
            "yes" if info.complete else "NO",
            info.inventory,
            str(len(info.checks)),
        )
    InertConsole().print(table)


def show_inventory(*, inventory: str, limit: str | None) -> None:
    selection = _load_selection(inventory, limit)
    table = Table(title=f"inventory {inventory}", title_justify="left")
    for column in ("client", "host", "address", "port", "user", "become", "groups"):
        table.add_column(column)
    for client, hosts in selection.clients().items():
        for host in hosts:
            table.add_row(
                client,
                host.name,
                host.address,
                str(host.port),
                host.user or "-",
                host.become_user if host.become else "no",
                ",".join(host.groups),
            )
    InertConsole().print(table)
    InertConsole().print(f"{len(selection.clients())} clients, {len(selection.hosts)} hosts")


def show_checks(
    *, selected: str | None, profile: str | None = None, checks_dirs: Sequence[Path] = (), config: Path | None = None
) -> None:
    from auditor.checklib.library import show_checks as show

    policy = load_config(config).policy
    show(
        selected=_selected(selected),
        profile=profile or policy.profile,
        checks_dirs=(*policy.checks_dirs, *checks_dirs),
    )


def show_check(check_id: str, *, checks_dirs: Sequence[Path] = (), config: Path | None = None) -> None:
    from auditor.checklib.library import show_check as show

    show(check_id, checks_dirs=(*load_config(config).policy.checks_dirs, *checks_dirs))
