"""Batch collection: one transport run for all hosts, handed to the per-host pipeline as it lands.

A batch transport (Ansible: one ansible-runner run with --forks hosts at once) takes every
host's script up front. `open_collection` starts it in a background thread and returns a
Transport whose `run_script(host, script)` waits for that host's result, so `audit_host` and
`audit_hosts` stay as they are: each host is evaluated and stored as soon as its result arrives,
and a run stopped halfway keeps the hosts finished so far. The script a host is audited with
must be the one that was sent; a mismatch (a bug) is an error result, never someone else's output.
A plain transport (SSH) is returned unchanged.
"""

from __future__ import annotations

# Imported before the batch thread starts, not when the run's thread pool is first made: this module
# registers fork hooks (acquire its lock before a fork, release it after). Registered while the batch
# thread was inside a fork (ansible-runner starting Ansible on a pty), the release ran without the
# acquire and freed the lock the main thread held in ThreadPoolExecutor.submit: "RuntimeError:
# release unlocked lock", an internal error in some Ansible runs.
import concurrent.futures.thread  # noqa: F401
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Protocol, runtime_checkable

from auditor.inventory import Host
from auditor.transport.base import CommandResult, ErrorKind, Transport, TransportError

Outcome = CommandResult | TransportError


@runtime_checkable
class BatchTransport(Protocol):
    """A transport that runs many hosts' scripts in one go (see auditor.transport.ansible.Job)."""

    def run_scripts(
        self,
        jobs: Sequence[object],
        *,
        on_result: Callable[[str, Outcome], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Mapping[str, Outcome]: ...


class PendingResults:
    """A Transport over results that arrive from a batch run; safe to call from worker threads."""

    def __init__(self, scripts: Mapping[str, str]) -> None:
        self._scripts = dict(scripts)
        self._arrived = {name: threading.Event() for name in scripts}
        self._results: dict[str, Outcome] = {}
        self._lock = threading.Lock()

    def deliver(self, name: str, outcome: Outcome) -> None:
        with self._lock:
            if name not in self._arrived or name in self._results:
                return
            self._results[name] = outcome
        self._arrived[name].set()

    def fail_missing(self, error: TransportError) -> None:
        for name in self._scripts:
            self.deliver(name, error)

    def run_script(self, host: Host, script: str) -> CommandResult:
        if self._scripts.get(host.name) != script:
            raise TransportError(ErrorKind.PROTOCOL, "internal error: this host was not collected with this script")
        self._arrived[host.name].wait()
        outcome = self._results[host.name]
        if isinstance(outcome, TransportError):
            raise outcome
        return outcome


@contextmanager
def open_collection(
    transport: Transport | BatchTransport,
    hosts: Sequence[Host],
    *,
    script_for: Callable[[Host], str],
    job_for: Callable[[Host, str], object],
) -> Iterator[Transport]:
    """The transport `audit_host` should use; for a batch transport, its run runs meanwhile.

    `script_for(host)` must give the script `audit_host` will build (same nonce); `job_for` makes
    the batch transport's job from the host and its script.
    """
    if not isinstance(transport, BatchTransport):
        yield transport
        return
    scripts = {host.name: script_for(host) for host in hosts}
    pending = PendingResults(scripts)
    stop = threading.Event()

    def work() -> None:
        try:
            transport.run_scripts(
                [job_for(host, scripts[host.name]) for host in hosts], on_result=pending.deliver, cancelled=stop.is_set
            )
        except TransportError as exc:
            pending.fail_missing(exc)
        except Exception as exc:  # a failing batch must end as error results, never hang the run
            pending.fail_missing(
                TransportError(ErrorKind.PROTOCOL, f"the batch run failed: {type(exc).__name__}: {exc}")
            )
        finally:
            pending.fail_missing(TransportError(ErrorKind.PROTOCOL, "the batch run ended without a result"))

    worker = threading.Thread(target=work, name="auditor-batch", daemon=True)
    worker.start()
    try:
        yield pending
    except BaseException:
        stop.set()  # Ctrl-C or a failure: cancel the batch run, then wait for it to clean up
        raise
    finally:
        worker.join()
