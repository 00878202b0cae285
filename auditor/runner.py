"""What the CLI commands do, as functions of plain values: load, audit, store, render, print.

Kept apart from the typer layer so that tests call the same code paths without a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from auditor.config import load_config
from auditor.errors import ConfigError, ExitCode
from auditor.inventory import Inventory, load_inventory
from auditor.models import Status
from auditor.pipeline import Clock, audit_host, audit_hosts, utc_now
from auditor.reportdata import ReportView, build_view
from auditor.runmodel import CheckInfo, HostReport, Run, RunInfo
from auditor.store import Store, to_url
from auditor.transport.ssh import SshOptions, SshTransport


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


def _load_selection(inventory: str, limit: str | None) -> Inventory:
    return load_inventory(inventory).select(limit)


def _selected(checks: str | None) -> list[str] | None:
    return [part.strip() for part in checks.split(",") if part.strip()] if checks else None


def check_infos(checks: Sequence[object]) -> list[CheckInfo]:
    from auditor.checkdef import Check

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
    from auditor.probes.registry import probe_registry
    from auditor.registry import load_checks, probes_for

    config = load_config(request.config)  # bad input stops before any host is contacted
    inventory = _load_selection(request.inventory, request.limit)
    checks = load_checks(_selected(request.checks))
    probes = probes_for(checks)
    registry = probe_registry()
    store = Store(to_url(request.db))
    transport = SshTransport(
        SshOptions(
            known_hosts=(request.known_hosts or SshOptions().known_hosts).expanduser(),
            trust_on_first_use=request.trust_on_first_use,
            connect_timeout=request.connect_timeout,
            command_timeout=request.command_timeout,
            become_password=request.become_password,
        )
    )
    info = RunInfo(
        id=request.run_id,
        started_at=request.clock(),
        auditor_version=request.auditor_version,
        operator=request.operator,
        inventory=request.inventory,
        limit=request.limit,
        checks=check_infos(checks),
    )
    store.begin_run(info)
    history = store.first_seen((host.client, host.name) for host in inventory.hosts)
    console = Console(stderr=True)
    hosts = inventory.hosts
    summary: dict[str, int] = {"assessed": 0, "unassessed": 0, "failed_checks": 0}

    def audit(host: object) -> HostReport:
        from auditor.inventory import Host

        assert isinstance(host, Host)
        return audit_host(
            host,
            transport=transport,
            probes=probes,
            checks=checks,
            probe_registry=registry,
            first_seen=history.get((host.client, host.name), {}),
            clock=request.clock,
        )

    progress = Progress(
        TextColumn("auditing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not (request.show_progress and console.is_terminal),
    )
    complete = False
    with progress:
        task = progress.add_task("hosts", total=len(hosts), last="")

        def on_host(report: HostReport) -> None:
            store.add_host(info.id, report)
            summary["assessed" if report.assessed else "unassessed"] += 1
            summary["failed_checks"] += sum(1 for r in report.results if r.status is Status.FAIL)
            progress.update(task, advance=1, last=report.name)

        try:
            audit_hosts(hosts, forks=request.forks, audit=audit, on_host=on_host)
            complete = True
        finally:
            store.finish_run(info.id, finished_at=request.clock(), complete=complete)
    view = build_view(store.load_run(info.id), config=config.scoring)
    written = write_reports(view, formats=request.formats, output_dir=request.output_dir)
    print_summary(console, view)
    for path in written:
        console.print(f"report: {path}")
    console.print(f"run {info.id} stored in {store.url}")
    if summary["unassessed"]:
        return ExitCode.HOSTS_UNASSESSED
    if summary["failed_checks"]:
        return ExitCode.FINDINGS
    return ExitCode.OK


def write_reports(view: ReportView, *, formats: Sequence[str], output_dir: Path) -> list[Path]:
    from auditor.render import render

    written = []
    generated = datetime.now(UTC)
    for fmt in formats:
        path = output_dir / f"auditor-{view.run.info.id}.{fmt}"
        text = render(view, fmt, generated_at=generated)
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot write report {path}: {exc.strerror}") from None
        written.append(path.resolve())
    return written


def print_summary(console: Console, view: ReportView) -> None:
    table = Table(title=f"auditor run {view.run.info.id}", title_justify="left")
    for column in ("client", "host", "status", "score", "grade", "coverage", "fail", "error"):
        table.add_column(column, justify="right" if column in {"score", "coverage", "fail", "error"} else "left")
    for client in view.clients:
        for host in client.hosts:
            tally = host.score.overall
            status = "assessed" if host.host.assessed else "NOT ASSESSED"
            table.add_row(
                client.name,
                host.host.name,
                status,
                _fmt(tally.score),
                tally.grade,
                _fmt(tally.coverage, "%"),
                str(tally.count(Status.FAIL)),
                str(tally.count(Status.ERROR)),
            )
    console.print(table)
    for host in view.unassessed:
        reason = f"could not assess {host.host.name} ({host.host.error_kind}): {host.host.error}"
        console.print(reason, markup=False, highlight=False, soft_wrap=True)
    fleet = view.fleet.overall
    console.print(f"fleet score {_fmt(fleet.score)} (grade {fleet.grade}), coverage {_fmt(fleet.coverage, '%')}")


def _fmt(value: float | None, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.1f}{suffix}"


def render_stored(*, run: str, fmt: str, db: str | None, config: Path | None, re_evaluate: bool) -> str:
    from auditor.render import render

    settings = load_config(config)
    store = Store(to_url(db))
    stored = store.load_run(store.resolve(run))
    if re_evaluate:
        stored = reevaluate(stored)
    return render(build_view(stored, config=settings.scoring), fmt, generated_at=datetime.now(UTC))


def reevaluate(run: Run) -> Run:
    """Apply the current check library to the stored evidence of a run (no host is contacted)."""
    from auditor.evaluate import evaluate_host
    from auditor.probes.registry import probe_registry
    from auditor.registry import load_checks

    checks = load_checks([info.id for info in run.info.checks] or None)
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
    Console().print(table)


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
    Console().print(table)
    Console().print(f"{len(selection.clients())} clients, {len(selection.hosts)} hosts")


def show_checks(*, selected: str | None) -> None:
    from auditor.registry import load_checks

    table = Table(title="checks", title_justify="left")
    for column in ("id", "category", "severity", "title", "facts"):
        table.add_column(column)
    checks = load_checks(_selected(selected))
    for check in checks:
        meta = check.meta
        table.add_row(meta.id, meta.category.value, meta.severity.value, meta.title, ", ".join(meta.facts))
    Console().print(table)
    Console().print(f"{len(checks)} checks")
