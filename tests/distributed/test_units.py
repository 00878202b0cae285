"""Distributed mode without a broker: sites and queues, the task message, the shared store's
one-report-per-host rule, and the controller's error report for a host nobody reported."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from auditor.checklib.registry import load_checks
from auditor.core.errors import ConfigError
from auditor.core.models import Status
from auditor.core.runmodel import HostReport, RunInfo
from auditor.inventory import Host
from auditor.inventory.model import Secrets
from auditor.run.distributed.controller import missing_report, plan, require_shared_store, tally
from auditor.run.distributed.message import CheckRef, HostTask
from auditor.run.distributed.sharedstore import SharedStore
from auditor.run.distributed.sites import queue_for, site_of
from auditor.run.distributed.worker import WorkerContext, WorkerSettings
from auditor.run.progress import QUIET

AT = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
HOST = Host(
    name="web1",
    client="acme",
    address="10.0.0.5",
    port=2222,
    user="audit",
    become=True,
    groups=("acme", "web"),
    vars={"auditor_ssh_max_auth_tries": 4},
    secrets=Secrets(become_password="s3cret-become", ssh_password="s3cret-ssh"),
)


def test_a_hosts_site_is_its_auditor_site_var_else_its_client() -> None:
    assert site_of(HOST) == "acme"
    assert site_of(dataclasses.replace(HOST, vars={"auditor_site": "acme-dc2"})) == "acme-dc2"
    assert queue_for("acme-dc2") == "auditor.site.acme-dc2"
    with pytest.raises(ConfigError, match="host web1: site name 'a b' cannot name a queue"):
        site_of(dataclasses.replace(HOST, vars={"auditor_site": "a b"}))


def test_the_task_message_carries_the_host_and_no_secret() -> None:
    checks = load_checks(["ssh-root-login"])
    (task,) = plan(
        [HOST],
        run_id="R1",
        checks=checks,
        connect_timeout=7.0,
        command_timeout=70.0,
        waivers=(),
        deadline=AT,
    )
    payload = task.payload()
    assert "s3cret" not in repr(payload)
    assert payload["queue"] == "auditor.site.acme"
    assert payload["checks"] == [{"id": "ssh-root-login", "version": checks[0].meta.version}]
    back = HostTask.model_validate(payload).host.host()
    assert back == HOST  # secrets are not compared, and they did not travel
    assert back.secrets == Secrets()


def test_a_worker_reads_a_hosts_own_sudo_password_from_its_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    own = dataclasses.replace(HOST, vars={"auditor_become_password_env": "ACME_SUDO"})
    (task,) = plan(
        [own],
        run_id="R1",
        checks=load_checks(["ssh-root-login"]),
        connect_timeout=7.0,
        command_timeout=70.0,
        waivers=(),
        deadline=AT,
    )
    payload = task.payload()
    assert "s3cret" not in repr(payload)
    monkeypatch.setenv("ACME_SUDO", "acme-own-pa55")
    back = HostTask.model_validate(payload).host.host()
    assert back.secrets.become_password_or("fleet-pa55") == "acme-own-pa55"
    monkeypatch.delenv("ACME_SUDO")
    unset = HostTask.model_validate(payload).host.host()
    assert unset.secrets.become_password_or("fleet-pa55") is None, "never the fleet's password instead"


def _report(*, assessed: bool, at: datetime, status: Status = Status.PASS) -> HostReport:
    from auditor.core.models import Category, Severity
    from auditor.core.runmodel import CheckResult

    result = CheckResult.model_validate(
        {
            "check_id": "ssh-root-login",
            "check_version": 1,
            "title": "t",
            "category": Category.SECURITY,
            "severity": Severity.HIGH,
            "status": status,
            "message": "m",
        }
    )
    return HostReport(
        name="web1",
        client="acme",
        address="10.0.0.5",
        port=2222,
        user="audit",
        become=True,
        assessed=assessed,
        started_at=at,
        finished_at=at,
        results=[result] if assessed else [],
        error_kind=None if assessed else "unreachable",
    )


def _info(run_id: str) -> RunInfo:
    return RunInfo(id=run_id, started_at=AT, auditor_version="t", operator="t", inventory="i", checks=[])


def test_a_redelivered_host_replaces_its_report_and_late_ones_are_dropped(db_url: str) -> None:
    store = SharedStore(db_url)
    store.begin_run(_info("R1"))
    assert store.put_host("R1", _report(assessed=False, at=AT), replace=True)
    assert store.put_host("R1", _report(assessed=True, at=AT + timedelta(minutes=1)), replace=True)
    assert store.reported("R1") == {("acme", "web1")}
    (host,) = store.load_run("R1").hosts
    assert host.assessed and [r.status for r in host.results] == [Status.PASS]
    # the controller fills in only what is missing
    assert not store.put_host("R1", _report(assessed=False, at=AT), replace=False)
    store.finish_run("R1", finished_at=AT, complete=True)
    assert not store.run_open("R1")
    assert not store.put_host("R1", _report(assessed=False, at=AT), replace=True)  # a task after the deadline
    (host,) = store.load_run("R1").hosts
    assert host.assessed
    assert not store.run_open("unknown-run")


def test_a_host_nobody_reported_becomes_an_error_naming_its_queue() -> None:
    (task,) = plan(
        [HOST], run_id="R1", checks=load_checks(["ssh-root-login"]), connect_timeout=1, command_timeout=1,
        waivers=(), deadline=AT,
    )  # fmt: skip
    report = missing_report(task, at=AT)
    assert (report.assessed, report.error_kind) == (False, "timeout")
    assert report.error == "no worker reported this host before the deadline (site queue auditor.site.acme)"
    assert report.settings == {"ssh_max_auth_tries": 4}


def test_distributed_mode_refuses_a_store_workers_cannot_share() -> None:
    with pytest.raises(ConfigError, match="--distributed needs a store the workers can reach"):
        require_shared_store("sqlite:////tmp/x.db", "ssh")
    with pytest.raises(ConfigError, match="SSH transport only"):
        require_shared_store("postgresql+psycopg://a@b/c", "ansible")


def test_tally_counts_like_a_local_run() -> None:
    from auditor.core.runmodel import Run

    run = Run(
        info=_info("R"), hosts=[_report(assessed=True, at=AT, status=Status.FAIL), _report(assessed=False, at=AT)]
    )
    assert tally(run) == {"assessed": 1, "unassessed": 1, "failed_checks": 1}


def _context(tmp_path: Path) -> WorkerContext:
    settings = WorkerSettings(sites=("acme",), broker="redis://127.0.0.1:1/0", db=f"sqlite:///{tmp_path / 'w.db'}")
    return WorkerContext(settings)


def test_a_worker_refuses_a_check_library_that_differs_from_the_runs(tmp_path: Path) -> None:
    context = _context(tmp_path)
    version = context.library["ssh-root-login"].meta.version
    assert [c.meta.id for c in context._checks([CheckRef(id="ssh-root-login", version=version)])] == ["ssh-root-login"]  # type: ignore[union-attr]
    assert context._checks([CheckRef(id="ssh-root-login", version=version + 1)]) == (
        "this worker's checks ssh-root-login differ in version from the run's: update the worker"
    )
    assert context._checks([CheckRef(id="msp-own-check", version=1)]) == (
        "this worker's check library lacks msp-own-check: install the same checks (--checks-dir)"
    )


def test_a_worker_drops_tasks_of_finished_runs_and_past_deadlines_without_contacting_the_host(tmp_path: Path) -> None:
    context = _context(tmp_path)
    context.store.begin_run(_info("R1"))
    (task,) = plan(
        [HOST], run_id="R1", checks=load_checks(["ssh-root-login"]), connect_timeout=1, command_timeout=1,
        waivers=(), deadline=datetime.now(UTC) - timedelta(seconds=1),
    )  # fmt: skip
    assert context.handle(task.payload(), attempt=0).endswith("past the run's deadline")
    late = task.model_copy(update={"deadline": datetime.now(UTC) + timedelta(hours=1)})
    context.store.finish_run("R1", finished_at=AT, complete=True)
    assert context.handle(late.payload(), attempt=0).endswith("the run is finished or unknown")
    assert context.store.load_run("R1").hosts == []


def test_an_unreachable_broker_stops_the_run_before_it_is_created(db_url: str) -> None:
    from auditor.run.distributed.controller import BrokerError, run_distributed
    from auditor.run.distributed.options import DistributedOptions

    store = SharedStore(db_url)
    with pytest.raises(BrokerError, match=r"cannot reach the broker redis://:\*\*@127\.0\.0\.1:1/0"):
        run_distributed(
            options=DistributedOptions(broker="redis://:hunter2@127.0.0.1:1/0", wait_timeout=1),
            store=store,
            info=_info("R1"),
            hosts=[HOST],
            checks=load_checks(["ssh-root-login"]),
            connect_timeout=1,
            command_timeout=1,
            waivers=(),
            progress=QUIET,
            clock=lambda: AT,
        )
    assert store.list_runs() == []


def test_a_rediss_broker_is_verified_tls_and_refuses_unverified() -> None:
    import ssl

    from auditor.core.errors import ConfigError
    from auditor.run.distributed.app import broker_tls, make_app

    assert broker_tls("redis://127.0.0.1:6379/0") is None
    verified = broker_tls("rediss://:pw@broker.msp.example:6380/0")
    assert verified == {"ssl_cert_reqs": ssl.CERT_REQUIRED, "ssl_check_hostname": True}
    assert broker_tls("rediss://b:6380/0?ssl_cert_reqs=required&ssl_ca_certs=/etc/ca.pem") == {
        "ssl_cert_reqs": ssl.CERT_REQUIRED,
        "ssl_check_hostname": True,
        "ssl_ca_certs": "/etc/ca.pem",
    }
    for weak in ("none", "CERT_NONE", "optional"):
        with pytest.raises(ConfigError, match="only verified TLS"):
            broker_tls(f"rediss://b:6380/0?ssl_cert_reqs={weak}")
    assert make_app("rediss://b:6380/0").conf.broker_use_ssl["ssl_cert_reqs"] is ssl.CERT_REQUIRED
