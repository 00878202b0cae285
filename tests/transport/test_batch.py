"""Batch collection: results arrive per host from one run and feed the unchanged per-host pipeline."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest

from auditor.inventory import Host
from auditor.transport.ansible import Job
from auditor.transport.base import CommandResult, ErrorKind, TransportError
from auditor.transport.batch import BatchTransport, PendingResults, open_collection

Outcome = CommandResult | TransportError
HOSTS = [Host(name=f"h{i}", client="c", address=f"10.0.0.{i}") for i in range(3)]


class FakeBatch:
    """Delivers h0 and h1 in reverse order and never h2; records the jobs it was given."""

    def __init__(self, *, fail: Exception | None = None) -> None:
        self.jobs: list[Job] = []
        self.fail = fail
        self.calls = 0

    def run_scripts(
        self,
        jobs: Sequence[object],
        *,
        on_result: Callable[[str, Outcome], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Mapping[str, Outcome]:
        self.calls += 1
        self.jobs = [job for job in jobs if isinstance(job, Job)]
        if self.fail is not None:
            raise self.fail
        assert on_result is not None
        on_result("h1", CommandResult(0, b"one", b""))
        on_result("h0", TransportError(ErrorKind.UNREACHABLE, "ansible: refused"))
        return {}


def _open(batch: Any) -> Any:
    return open_collection(
        batch, HOSTS, script_for=lambda host: f"script for {host.name}\n", job_for=lambda h, s: Job(host=h, script=s)
    )


def test_one_batch_run_for_all_hosts_and_each_host_gets_its_own_result() -> None:
    batch = FakeBatch()
    assert isinstance(batch, BatchTransport)
    with _open(batch) as transport:
        assert transport.run_script(HOSTS[1], "script for h1\n") == CommandResult(0, b"one", b"")
        with pytest.raises(TransportError, match="refused"):
            transport.run_script(HOSTS[0], "script for h0\n")
        with pytest.raises(TransportError, match="ended without a result") as missing:
            transport.run_script(HOSTS[2], "script for h2\n")
    assert missing.value.kind is ErrorKind.PROTOCOL
    assert batch.calls == 1
    assert [(job.host.name, job.script) for job in batch.jobs] == [(h.name, f"script for {h.name}\n") for h in HOSTS]


def test_a_different_script_never_gets_another_runs_output() -> None:
    with _open(FakeBatch()) as transport, pytest.raises(TransportError, match="not collected with this script"):
        transport.run_script(HOSTS[1], "script for h0\n")


def test_a_failing_batch_makes_every_host_an_error_instead_of_hanging() -> None:
    with _open(FakeBatch(fail=RuntimeError("runner exploded"))) as transport:
        for host in HOSTS:
            with pytest.raises(TransportError, match="RuntimeError: runner exploded"):
                transport.run_script(host, f"script for {host.name}\n")


def test_a_plain_transport_is_used_as_is() -> None:
    class Plain:
        def run_script(self, host: Host, script: str) -> CommandResult:
            return CommandResult(0, script.encode(), b"")

    plain = Plain()
    with _open(plain) as transport:
        assert transport is plain


def test_results_may_arrive_before_the_host_asks_and_from_another_thread() -> None:
    pending = PendingResults({"h0": "s"})
    worker = threading.Thread(target=pending.deliver, args=("h0", CommandResult(0, b"x", b"")))
    worker.start()
    worker.join()
    pending.deliver("h0", CommandResult(1, b"second", b""))  # the first result stands
    pending.deliver("stranger", CommandResult(0, b"", b""))  # unknown hosts are ignored
    assert pending.run_script(HOSTS[0], "s").stdout == b"x"


def test_the_thread_pool_fork_hooks_are_registered_before_a_batch_thread_can_fork() -> None:
    """concurrent.futures.thread registers fork hooks when first imported. Imported while a batch thread
    was forking Ansible, its 'release after fork' ran without the 'acquire before fork' and freed the
    lock the main thread held in ThreadPoolExecutor.submit (RuntimeError: release unlocked lock)."""
    probe = "import sys, auditor.transport.batch; print('concurrent.futures.thread' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"
