"""Bounded concurrency in the pipeline: a bounded queue, Ctrl-C, and connect retries with backoff."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime

import pytest

from auditor.core.runmodel import HostReport
from auditor.inventory import Host
from auditor.run.pipeline import audit_hosts
from auditor.transport.base import ErrorKind, TransportError
from auditor.transport.ssh import SshOptions, SshTransport

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _host(name: str, port: int = 22) -> Host:
    return Host(name=name, client="acme", address="127.0.0.1", port=port, user="audit")


def _report(host: Host) -> HostReport:
    return HostReport(
        name=host.name,
        client=host.client,
        address=host.address,
        port=host.port,
        user=host.user,
        become=False,
        started_at=NOW,
        finished_at=NOW,
        assessed=True,
    )


def test_at_most_two_hosts_per_fork_wait_unhandled() -> None:
    """A fleet is fed to the pool as slots free up, so finished reports never pile up in memory."""
    hosts = [_host(f"h{i:03}") for i in range(60)]
    started: list[str] = []
    handed: list[str] = []
    outstanding: list[int] = []
    lock = threading.Lock()

    def audit(host: Host) -> HostReport:
        with lock:
            started.append(host.name)
            outstanding.append(len(started) - len(handed))
        return _report(host)

    def on_host(report: HostReport) -> None:
        time.sleep(0.001)  # a slow store: audits must not run far ahead of it
        handed.append(report.name if report.assessed else f"internal error: {report.error}")

    audit_hosts(hosts, forks=3, audit=audit, on_host=on_host)
    assert sorted(handed) == [h.name for h in hosts]
    assert max(outstanding) <= 6


def test_ctrl_c_cancels_the_transport_keeps_finished_hosts_and_starts_no_more() -> None:
    hosts = [_host(f"h{i}") for i in range(20)]
    cancelled = threading.Event()
    handed: list[HostReport] = []

    def audit(host: Host) -> HostReport:
        if host.name == "h0":
            return _report(host)
        cancelled.wait(10)  # a running host: ends as soon as the transport is cancelled
        return HostReport(
            **{**_report(host).model_dump(), "assessed": False, "error_kind": "interrupted", "error": "interrupted"}
        )

    def on_host(report: HostReport) -> None:
        handed.append(report)
        if report.name == "h0":
            raise KeyboardInterrupt

    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        audit_hosts(hosts, forks=2, audit=audit, on_host=on_host, on_interrupt=cancelled.set)
    assert time.monotonic() - began < 5
    assert handed[0].name == "h0" and handed[0].assessed
    # the hosts that were running when Ctrl-C came are handed on as interrupted; none started after
    assert {r.error_kind for r in handed[1:]} <= {"interrupted"}
    assert len(handed) <= 1 + 2


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_refused_connection_is_retried_with_backoff_then_reported(tmp_path: object) -> None:
    options = SshOptions(connect_retries=2, retry_backoff=0.05, use_agent=False)
    began = time.monotonic()
    with pytest.raises(TransportError) as caught:
        SshTransport(options).run_script(_host("down", _closed_port()), "true\n")
    assert caught.value.kind is ErrorKind.UNREACHABLE
    assert caught.value.reason.endswith("(3 attempts)")
    assert "connection refused" in caught.value.reason
    assert time.monotonic() - began >= 0.05 + 0.1  # the two backoff sleeps happened


def test_no_retry_when_disabled_and_no_start_after_cancel() -> None:
    transport = SshTransport(SshOptions(connect_retries=0, use_agent=False))
    with pytest.raises(TransportError) as caught:
        transport.run_script(_host("down", _closed_port()), "true\n")
    assert "attempts" not in caught.value.reason
    transport.cancel()
    with pytest.raises(TransportError) as stopped:
        transport.run_script(_host("down", _closed_port()), "true\n")
    assert stopped.value.kind is ErrorKind.INTERRUPTED


def test_ctrl_c_without_a_cancellable_transport_does_not_wait_for_running_hosts() -> None:
    """A batch transport (Ansible) cannot cut a host short: Ctrl-C must not wait for it either."""
    release = threading.Event()
    hosts = [_host("fast"), _host("slow")]

    def audit(host: Host) -> HostReport:
        if host.name == "slow":
            release.wait(30)
        return _report(host)

    def on_host(report: HostReport) -> None:
        raise KeyboardInterrupt

    began = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            audit_hosts(hosts, forks=2, audit=audit, on_host=on_host)
        assert time.monotonic() - began < 10
    finally:
        release.set()
