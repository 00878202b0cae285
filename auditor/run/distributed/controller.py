"""`auditor run --distributed`: create the run, send one task per host to its site's queue, wait.

The controller holds the store's run lock like a local run, creates the run, checks that the
broker answers, then enqueues. It polls the shared store until every host has a report or
`--wait-timeout` passes; a host nobody reported by then is stored as an error naming its queue,
never left out. The run is then finished and reported by the local run's own code.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from auditor.checklib.checkdef import Check
from auditor.core.errors import AuditorError, ConfigError, ExitCode
from auditor.core.models import Status
from auditor.core.runmodel import HostReport, Run, RunInfo
from auditor.evaluate.waivers import WaiverEntry
from auditor.inventory import Host
from auditor.run.pipeline import error_report
from auditor.run.progress import RunProgress
from auditor.transport.base import ErrorKind

from .app import TASK_NAME, make_app
from .message import HostEntry, HostTask, check_refs
from .options import DistributedOptions
from .sharedstore import SharedStore
from .sites import queue_for, site_of


class BrokerError(AuditorError):
    """The broker cannot be reached; nothing was enqueued."""

    exit_code = ExitCode.INTERNAL


def plan(
    hosts: Sequence[Host],
    *,
    run_id: str,
    checks: Sequence[Check],
    connect_timeout: float,
    command_timeout: float,
    waivers: Sequence[WaiverEntry],
    deadline: datetime,
) -> list[HostTask]:
    """One task per host (hosts already carry the profile's and config's settings)."""
    refs = check_refs(checks)
    tasks = []
    for host in hosts:
        site = site_of(host)
        tasks.append(
            HostTask(
                run_id=run_id,
                site=site,
                queue=queue_for(site),
                host=HostEntry.of(host),
                checks=refs,
                connect_timeout=connect_timeout,
                command_timeout=command_timeout,
                waivers=list(waivers),
                deadline=deadline,
            )
        )
    return tasks


def missing_report(task: HostTask, *, at: datetime) -> HostReport:
    """The error report of a host that no worker reported before the deadline."""
    return error_report(
        task.host.host(),
        kind=ErrorKind.TIMEOUT.value,
        reason=f"no worker reported this host before the deadline (site queue {task.queue})",
        started=at,
        finished=at,
    )


def _safe_broker(url: str) -> str:
    from kombu.utils.url import maybe_sanitize_url

    return str(maybe_sanitize_url(url))


def check_broker(app: object, *, broker: str) -> None:
    """Fail before the run is created when the broker does not answer."""
    from kombu.exceptions import OperationalError

    try:
        with app.connection_for_write() as connection:  # type: ignore[attr-defined]
            connection.ensure_connection(max_retries=1, interval_start=1, interval_step=1)
    except OperationalError as exc:
        raise BrokerError(f"cannot reach the broker {_safe_broker(broker)}: {exc}") from None


def enqueue(app: object, tasks: Sequence[HostTask], *, broker: str) -> None:
    """Send every task to its site's queue, expiring at the deadline."""
    from kombu.exceptions import OperationalError

    try:
        for task in tasks:
            app.send_task(TASK_NAME, kwargs={"payload": task.payload()}, queue=task.queue, expires=task.deadline)  # type: ignore[attr-defined]
    except OperationalError as exc:
        raise BrokerError(f"cannot reach the broker {_safe_broker(broker)}: {exc}") from None


def run_distributed(
    *,
    options: DistributedOptions,
    store: SharedStore,
    info: RunInfo,
    hosts: Sequence[Host],
    checks: Sequence[Check],
    connect_timeout: float,
    command_timeout: float,
    waivers: Sequence[WaiverEntry],
    progress: RunProgress,
    clock: Callable[[], datetime],
) -> Run:
    """Enqueue, wait and fill in missing hosts; returns the finished run as stored."""
    deadline = datetime.now(UTC) + timedelta(seconds=options.wait_timeout)
    tasks = plan(
        hosts,
        run_id=info.id,
        checks=checks,
        connect_timeout=connect_timeout,
        command_timeout=command_timeout,
        waivers=waivers,
        deadline=deadline,
    )
    app = make_app(options.broker)
    check_broker(app, broker=options.broker)
    store.begin_run(info)
    complete = False
    try:
        enqueue(app, tasks, broker=options.broker)
        queues: dict[str, int] = {}
        for task in tasks:
            queues[task.queue] = queues.get(task.queue, 0) + 1
        sent = ", ".join(f"{queue} ({count})" for queue, count in sorted(queues.items()))
        progress.note(f"sent {len(tasks)} hosts to {sent}")
        _wait(store, info.id, tasks, options=options, progress=progress)
        reported = store.reported(info.id)
        for task in tasks:
            if (task.host.client, task.host.name) not in reported:
                store.put_host(info.id, missing_report(task, at=clock()), replace=False)
        complete = True
    finally:
        store.finish_run(info.id, finished_at=clock(), complete=complete)
    return store.load_run(info.id)


def _wait(
    store: SharedStore, run_id: str, tasks: Sequence[HostTask], *, options: DistributedOptions, progress: RunProgress
) -> None:
    expected = {(task.host.client, task.host.name) for task in tasks}
    stop = time.monotonic() + options.wait_timeout
    progress.begin(len(expected), label="hosts reported by workers")
    try:
        while True:
            done = len(store.reported(run_id) & expected)
            progress.advance(done=done)
            if done >= len(expected) or time.monotonic() >= stop:
                return
            time.sleep(min(options.poll_interval, max(0.0, stop - time.monotonic())))
    finally:
        progress.end()


def tally(run: Run) -> dict[str, int]:
    """The counts a run's exit code is decided by (as a local run counts them)."""
    return {
        "assessed": sum(1 for host in run.hosts if host.assessed),
        "unassessed": sum(1 for host in run.hosts if not host.assessed),
        "failed_checks": sum(1 for host in run.hosts for r in host.results if r.status is Status.FAIL),
    }


def require_shared_store(url: str, transport: str) -> None:
    if url.startswith("sqlite"):
        raise ConfigError("--distributed needs a store the workers can reach: --db postgresql+psycopg://USER@HOST/DB")
    if transport != "ssh":
        raise ConfigError("--distributed audits over auditor's own SSH transport only (--transport ssh)")
