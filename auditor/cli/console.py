"""What the CLI shows on a terminal: run progress, a run's outcome, and the tables of other commands.

Everything the commands print is drawn here from data that auditor.run returns, on an
InertConsole (auditor.core.terminal): host-supplied text (names, errors) is printed with markup
off and control characters escaped, so a host cannot style, hide or rewrite the output.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from auditor.core.models import Status
from auditor.core.terminal import inert

if TYPE_CHECKING:  # types only: `auditor --help` must not load the run, the store or the report model
    from rich.progress import Progress, TaskID

    from auditor.checklib.catalogue import Listing
    from auditor.history.diff import FindingChange, RunDiff
    from auditor.inventory import Inventory
    from auditor.report.data import ReportView
    from auditor.run.runner import RunOutcome
    from auditor.run.tickets import TicketSync
    from auditor.store.listing import RunLine
    from auditor.store.tickets import TicketRecord


class ConsoleProgress:
    """A progress bar on a terminal (auditor.run.progress.RunProgress); nothing when `show` is off or piped."""

    def __init__(self, console: Console, *, show: bool) -> None:
        self._console = console
        self._show = show
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def note(self, text: str) -> None:
        self._console.print(text, markup=False, highlight=False, soft_wrap=True)

    def begin(self, total: int, *, label: str) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn(label, markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}", markup=False),
            TimeElapsedColumn(),
            console=self._console,
            transient=True,
            disable=not (self._show and self._console.is_terminal),
        )
        self._bar.start()
        self._task = self._bar.add_task("hosts", total=total, last="")

    def advance(self, *, done: int, last: str = "") -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=done, last=inert(last))

    def end(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        self._bar = self._task = None


def print_outcome(console: Console, outcome: RunOutcome) -> None:
    """After a run: the summary table, the reports written, where the run is stored, undelivered alerts."""
    print_summary(console, outcome.view)
    for line in outcome.view.run.info.feed_warnings:
        console.print(f"warning: {line}", markup=False, highlight=False, soft_wrap=True)
    for path in outcome.reports:
        console.print(f"report: {path}")
    for line in outcome.report_failures:
        console.print(f"error: {line}", markup=False, highlight=False, soft_wrap=True)
    console.print(f"run {outcome.view.run.info.id} stored in {outcome.store_url}")
    for line in outcome.alert_failures:
        console.print(f"alert not delivered: {line}", markup=False, highlight=False, soft_wrap=True)
    if outcome.tickets is not None:
        print_ticket_sync(console, outcome.tickets)


def print_ticket_sync(console: Console, result: TicketSync) -> None:
    """One line per ticket change (or, with --dry-run, per change it would make), then any failure."""
    prefix = "would " if result.dry_run else ""
    for line in result.changes:
        console.print(f"ticket: {prefix}{line}", markup=False, highlight=False, soft_wrap=True)
    if not result.changes and not result.failure:
        console.print(f"tickets: no change for run {result.run_id}", markup=False, highlight=False)
    if result.failure:
        console.print(f"tickets not synced: {result.failure}", markup=False, highlight=False, soft_wrap=True)


def print_tickets(console: Console, records: Sequence[TicketRecord]) -> None:
    """The ticket book as a table; the ticket id is never cut (users look it up in the PSA)."""
    table = Table(title="PSA tickets", title_justify="left")
    table.add_column("ticket", no_wrap=True, overflow="ignore")
    table.add_column("group", no_wrap=True, overflow="ignore")  # a check id or host name
    for column in ("client", "psa", "severity", "status", "findings"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(
            record.ticket_id,
            f"{record.group_by} {record.group_key}",
            record.client,
            record.psa,
            record.severity,
            record.status,
            str(len(record.members)),
        )
    console.print(table)


def print_summary(console: Console, view: ReportView) -> None:
    """The hosts, then one line per client, the fleet, waivers, and why checks could not be assessed."""
    from auditor.report.summary import error_causes, waiver_counts

    table = Table(title=f"auditor run {view.run.info.id}", title_justify="left")
    for column in ("client", "host", "status", "score", "grade", "coverage", "fail", "waived", "error"):
        numeric = column in {"score", "coverage", "fail", "waived", "error"}
        table.add_column(column, justify="right" if numeric else "left", no_wrap=column == "host")
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
                str(tally.count(Status.WAIVED)),
                str(tally.count(Status.ERROR)),
            )
    console.print(table)
    if len(view.clients) > 1:
        console.print(_client_rollup(view))
    for host in view.unassessed:
        reason = f"could not assess {host.host.name} ({host.host.error_kind}): {host.host.error}"
        console.print(reason, markup=False, highlight=False, soft_wrap=True)
    fleet = view.fleet.overall
    console.print(f"fleet score {_fmt(fleet.score)} (grade {fleet.grade}), coverage {_fmt(fleet.coverage, '%')}")
    waivers = waiver_counts(view)
    if waivers.waived or waivers.expired:
        console.print(f"waived: {waivers.waived} findings; expired waivers: {waivers.expired} (failing again)")
    for count, cause in error_causes(view):
        console.print(f"{count} checks {cause}", markup=False, highlight=False, soft_wrap=True)


def _client_rollup(view: ReportView) -> Table:
    table = Table(title="per client", title_justify="left")
    for column in ("client", "hosts", "assessed", "score", "grade", "coverage", "fail", "waived", "error"):
        table.add_column(column, justify="left" if column == "client" else "right")
    for client in view.clients:
        tally = client.score.overall
        table.add_row(
            client.name,
            str(len(client.hosts)),
            str(sum(host.host.assessed for host in client.hosts)),
            _fmt(tally.score),
            tally.grade,
            _fmt(tally.coverage, "%"),
            str(tally.count(Status.FAIL)),
            str(tally.count(Status.WAIVED)),
            str(tally.count(Status.ERROR)),
        )
    return table


def _fmt(value: float | None, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.1f}{suffix}"


def print_runs(console: Console, runs: Sequence[RunLine], *, where: str) -> None:
    """The stored runs, newest first, in aligned columns (auditor.cli.runlines); the id is never cut."""
    from auditor.cli.runlines import run_lines

    console.print(f"runs in {where}", soft_wrap=True)
    if runs:
        console.print("\n".join(run_lines(runs, width=console.width)), soft_wrap=True)
    else:
        console.print("no runs yet: `auditor run -i INVENTORY` stores one")


def print_checks(console: Console, listing: Listing) -> None:
    """The selected checks in aligned columns (auditor.cli.checklist); the id is never cut (users type
    it), the title and facts wrap. Printed as one block without wrapping: the lines fit already."""
    from auditor.cli.checklist import check_lines

    title = f"checks (profile {listing.profile.name})" if listing.profile else "checks"
    console.print(title)
    console.print("\n".join(check_lines(listing.checks, width=console.width)), soft_wrap=True)
    counts = {c: sum(1 for check in listing.checks if check.category == c) for c in ("patch", "backup", "security")}
    console.print(f"{len(listing.checks)} checks: " + ", ".join(f"{n} {c}" for c, n in counts.items()))
    if listing.profile and listing.profile.settings:
        settings = ", ".join(f"{k}={v}" for k, v in listing.profile.settings.items())
        console.print(f"profile settings: {settings}", markup=False, highlight=False)


def print_inventory(console: Console, selection: Inventory, *, name: str) -> None:
    """Clients and their hosts as auditor resolved them from the inventory."""
    table = Table(title=f"inventory {name}", title_justify="left")
    table.add_column("client", overflow="fold")
    table.add_column("host", no_wrap=True, overflow="ignore")  # what --limit takes: never cut
    for column in ("address", "port", "user", "become", "groups"):
        table.add_column(column, overflow="fold")
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
    console.print(table)
    console.print(f"{len(selection.clients())} clients, {len(selection.hosts)} hosts")


def print_diff(console: Console, result: RunDiff, *, still_open: bool = False) -> None:
    """What changed between two stored runs, as `auditor diff` shows it: the counts first, then the
    changes (new, regressed, resolved); still-open findings only with `still_open`."""
    console.print(
        f"changes from run {result.base_id} to {result.head_id}: {len(result.new)} new, "
        f"{len(result.regressed)} regressed, {len(result.resolved)} resolved, {len(result.still_open)} still open",
        soft_wrap=True,
    )
    groups = [("new", result.new), ("regressed", result.regressed), ("resolved", result.resolved)]
    if still_open:
        groups.append(("still open", result.still_open))
    if any(changes for _, changes in groups):
        console.print(_diff_table(groups))
    if result.still_open and not still_open:
        console.print(f"{len(result.still_open)} findings still open: --still-open lists them")
    for host in result.hosts_added:
        console.print(f"host added: {host}", markup=False)
    for host in result.hosts_removed:
        console.print(f"host removed: {host}", markup=False)
    if result.hosts_not_in_run:
        console.print(
            f"{len(result.hosts_not_in_run)} host(s) not in this run (limited): {', '.join(result.hosts_not_in_run)}"
        )
    for score in result.score_changes:
        before = "-" if score.before is None else f"{score.before:.1f}"
        after = "-" if score.after is None else f"{score.after:.1f}"
        label = "fleet" if score.scope == "fleet" else f"{score.scope} {score.name}"
        console.print(f"score {label}: {before} -> {after}", markup=False)


def _diff_table(groups: Sequence[tuple[str, Sequence[FindingChange]]]) -> Table:
    table = Table()
    for column in ("change", "client", "host", "check", "severity", "before", "after", "first seen"):
        table.add_column(column, no_wrap=column in ("host", "check"), overflow="fold")
    for label, changes in groups:
        for change in changes:
            table.add_row(
                label,
                change.client,
                change.host,
                change.check_id,
                change.severity.value,
                change.before.value if change.before else "-",
                change.after.value if change.after else "-",
                change.first_seen.isoformat(timespec="minutes") if change.first_seen else "-",
            )
    return table
