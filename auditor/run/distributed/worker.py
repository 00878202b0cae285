"""`auditor worker`: audit hosts pulled from the queues of the sites this machine can reach.

Each task audits one host through the local run's own pieces (transport choice, collector script,
`pipeline.audit_host`, waivers) and stores the report under the run id it carries, replacing any
earlier report of that host (a redelivered task). Secrets never travel in tasks: the become
password and the key passphrase come from this worker's environment, host keys from its own
known_hosts. Transient connection failures (unreachable, connect timeout) and an unreachable
store are retried with exponential backoff, a bounded number of times; then the error is stored.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.checklib.checkdef import Check
from auditor.core.errors import ConfigError, StoreError
from auditor.core.runmodel import HostReport
from auditor.core.terminal import inert
from auditor.inventory import Host
from auditor.transport.base import ErrorKind, Transport

from .app import DEFAULT_VISIBILITY_TIMEOUT, TASK_NAME, make_app
from .message import CheckRef, HostTask
from .sharedstore import SharedStore
from .sites import check_site, queue_for

log = logging.getLogger("auditor.worker")
TRANSIENT = frozenset({ErrorKind.UNREACHABLE.value, ErrorKind.TIMEOUT.value})


@dataclass(frozen=True)
class WorkerSettings:
    sites: tuple[str, ...]
    broker: str = field(repr=False)  # may hold a password
    db: str = field(repr=False)
    known_hosts: Path | None = None
    trust_on_first_use: bool = False
    ssh_config: Path | None = None
    become_password: str | None = field(default=None, repr=False)
    key_passphrase: str | None = field(default=None, repr=False)
    checks_dirs: tuple[Path, ...] = ()
    concurrency: int = 4
    retries: int = 1
    retry_backoff: float = 30.0
    visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT
    sweep_every: int = 10
    name: str | None = None
    loglevel: str = "INFO"


class Retry(Exception):
    """The task should be tried again after `countdown` seconds."""

    def __init__(self, countdown: float, reason: str) -> None:
        super().__init__(reason)
        self.countdown = countdown


class WorkerContext:
    """What tasks share in one worker process: the store, the check library, transports."""

    def __init__(self, settings: WorkerSettings) -> None:
        from auditor.checklib.registry import load_checks

        self.settings = settings
        self.store = SharedStore(settings.db)
        self.library = {check.meta.id: check for check in load_checks(extra_dirs=settings.checks_dirs)}
        self._transports: dict[tuple[float, float], Transport] = {}
        self._lock = threading.Lock()

    def handle(self, payload: Mapping[str, Any], *, attempt: int) -> str:
        """Audit and store one host; returns what happened, for the log. Raises Retry."""
        task = HostTask.model_validate(payload)
        where = inert(f"{task.host.name} (client {task.host.client}, run {task.run_id}, site {task.site})")
        if datetime.now(UTC) > task.deadline:
            return f"dropped {where}: past the run's deadline"
        if not self.store.run_open(task.run_id):
            return f"dropped {where}: the run is finished or unknown"
        log.info("auditing %s, attempt %d", where, attempt + 1)
        report = self.audit(task)
        if report.error_kind in TRANSIENT and not report.evidence and attempt < self.settings.retries:
            raise Retry(self.settings.retry_backoff * 2**attempt, f"{where}: {report.error}")
        written = self.store.put_host(task.run_id, report, replace=True)
        state = "assessed" if report.assessed else f"not assessed ({report.error_kind})"
        return f"stored {where}: {state}" if written else f"dropped {where}: the run finished meanwhile"

    def audit(self, task: HostTask) -> HostReport:
        from auditor.run.pipeline import guarded, utc_now

        host = task.host.host()
        return guarded(lambda chosen: self._audit(task, chosen), host, utc_now)

    def _audit(self, task: HostTask, host: Host) -> HostReport:
        from auditor.checklib.registry import probes_for
        from auditor.collect.script import new_nonce
        from auditor.evaluate.waivers import apply_waivers
        from auditor.feeds.runfeeds import open_for_run
        from auditor.probes.registry import probe_registry
        from auditor.run.pipeline import audit_host, collector_script, error_report
        from auditor.transport.choose import collection

        checks = self._checks(task.checks)
        if isinstance(checks, str):
            now = datetime.now(UTC)
            return error_report(host, kind=ErrorKind.CONFIG.value, reason=checks, started=now, finished=now)
        probes = probes_for(checks)
        nonce = new_nonce()
        history = self.store.first_seen([(host.client, host.name)])
        # the worker matches pending updates against its own feeds index (its data directory's), if any
        feeds = open_for_run(None, now=datetime.now(UTC))
        try:
            with collection(
                self._transport(task), [host], script_for=lambda chosen: collector_script(chosen, probes, nonce=nonce)
            ) as collector:
                report = audit_host(
                    host,
                    transport=collector,
                    probes=probes,
                    checks=checks,
                    probe_registry=probe_registry(),
                    first_seen=history.get((host.client, host.name), {}),
                    nonce=nonce,
                    intel=feeds.lookup.host_intel if feeds.lookup else None,
                )
        finally:
            if feeds.lookup is not None:
                feeds.lookup.close()
        return apply_waivers(report, task.waivers, today=report.finished_at) if task.waivers else report

    def _checks(self, refs: Sequence[CheckRef]) -> list[Check] | str:
        """The run's checks from this worker's library, or why this worker cannot run them."""
        missing = [ref.id for ref in refs if ref.id not in self.library]
        if missing:
            return f"this worker's check library lacks {', '.join(missing[:5])}: install the same checks (--checks-dir)"
        changed = [ref.id for ref in refs if self.library[ref.id].meta.version != ref.version]
        if changed:
            return f"this worker's checks {', '.join(changed[:5])} differ in version from the run's: update the worker"
        return [self.library[ref.id] for ref in refs]

    def _transport(self, task: HostTask) -> Transport:
        from auditor.transport.choose import ConnectionSettings, make_transport

        key = (task.connect_timeout, task.command_timeout)
        with self._lock:
            if key not in self._transports:
                settings = self.settings
                self._transports[key] = make_transport(
                    ConnectionSettings(
                        transport="ssh", ssh_config=settings.ssh_config, key_passphrase=settings.key_passphrase
                    ),
                    inventory="",
                    known_hosts=settings.known_hosts,
                    trust_on_first_use=settings.trust_on_first_use,
                    connect_timeout=task.connect_timeout,
                    command_timeout=task.command_timeout,
                    become_password=settings.become_password,
                    forks=1,
                )
            return self._transports[key]


def register(app: Any, context: WorkerContext) -> Callable[..., Any]:
    """Register the audit task on `app`, bound to this worker's context."""

    @app.task(name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)  # type: ignore[untyped-decorator]
    def audit_host_task(self: Any, payload: dict[str, Any]) -> None:
        attempt = self.request.retries
        try:
            log.info(context.handle(payload, attempt=attempt))
            return
        except StoreError as exc:  # the shared store is unreachable or refused the write: try again later
            if attempt >= context.settings.retries:
                raise
            retry = Retry(context.settings.retry_backoff * 2**attempt, str(exc))
        except Retry as transient:
            retry = transient
        log.warning("will retry in %.1f s: %s", retry.countdown, inert(str(retry)))
        raise self.retry(countdown=retry.countdown, max_retries=context.settings.retries)

    return audit_host_task  # type: ignore[no-any-return]


def run_worker(settings: WorkerSettings) -> None:
    """Start a Celery worker (thread pool) consuming only the queues of `settings.sites`; blocks."""
    if not settings.sites:
        raise ConfigError("give at least one --site for the worker to serve")
    queues = [queue_for(check_site(site)) for site in settings.sites]
    app = make_app(settings.broker, visibility_timeout=settings.visibility_timeout, sweep_every=settings.sweep_every)
    context = WorkerContext(settings)  # opens the store first: a wrong --db fails before consuming anything
    register(app, context)
    name = settings.name or f"auditor-{'+'.join(settings.sites)}@{os.uname().nodename}"
    argv = [
        "worker",
        f"--queues={','.join(queues)}",
        "--pool=threads",
        f"--concurrency={settings.concurrency}",
        f"--hostname={name}",
        f"--loglevel={settings.loglevel}",
        "--without-gossip",
        "--without-mingle",
    ]
    app.worker_main(argv=argv)
