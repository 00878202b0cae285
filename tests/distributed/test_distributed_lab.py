"""Distributed mode end to end: Redis, PostgreSQL and `auditor worker` processes on loopback,
bound to different site queues, audit the lab; the verdicts equal a local run's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from auditor.store.database import Store
from tests.distributed.conftest import Worker, start_worker
from tests.lab.conftest import REPO, run_auditor

pytestmark = [pytest.mark.lab, pytest.mark.distributed]

EAST = ("hardened", "neglected")  # client acme
WEST = ("partial", "unreachable", "wrongkey")  # client globex


def _verdicts(url: str) -> dict[str, tuple[bool, str | None, dict[str, str]]]:
    store = Store(url)
    (info,) = store.list_runs()
    run = store.load_run(info.id)
    names = Counter(host.name for host in run.hosts)
    assert all(count == 1 for count in names.values()), names
    return {
        host.name: (host.assessed, host.error_kind, {r.check_id: r.status.value for r in host.results})
        for host in run.hosts
    }


def _distributed_args(inventory: Path, *, broker: str, db: str, out: Path, wait: float) -> list[str]:
    return [
        "run",
        "-i",
        str(inventory),
        "--distributed",
        "--broker",
        broker,
        "--db",
        db,
        "--format",
        "json",
        "-o",
        str(out),
        "--wait-timeout",
        str(wait),
        "--no-progress",
    ]


def test_two_site_workers_give_the_local_verdicts(
    lab: Path, redis_url: str, pg_url: str, site_inventory: Path, workers: list[Worker], tmp_path: Path
) -> None:
    local_db = f"sqlite:///{tmp_path / 'local.db'}"
    local = run_auditor(
        "run",
        "-i",
        str(site_inventory),
        "--known-hosts",
        str(lab / "known_hosts"),
        "--db",
        local_db,
        "--format",
        "json",
        "-o",
        str(tmp_path / "local"),
        "--no-progress",
    )
    assert local.returncode == 3, local.stderr  # the lab's two broken entries

    east = start_worker(workers, name="east", sites=["east"], broker=redis_url, db=pg_url, folder=tmp_path)
    west = start_worker(
        workers,
        name="west",
        sites=["west"],
        broker=redis_url,
        db=pg_url,
        folder=tmp_path,
        extra=["--retries", "1", "--retry-backoff", "0.5"],
    )
    for worker in (east, west):
        worker.wait_for(" ready.", timeout=600)  # the machine may be loaded: wait, never assert on timing
    done = run_auditor(
        *_distributed_args(site_inventory, broker=redis_url, db=pg_url, out=tmp_path / "dist", wait=900), timeout=1200
    )
    assert done.returncode == local.returncode, done.stderr
    assert "sent 5 hosts to auditor.site.east (2), auditor.site.west (3)" in done.stderr

    expected = _verdicts(local_db)
    got = _verdicts(pg_url)
    assert sorted(got) == sorted(EAST + WEST)
    assert got == expected
    assert got["hardened"][0] and got["neglected"][0] and got["partial"][0]
    assert got["unreachable"][1] == "unreachable" and got["wrongkey"][1] == "host_key"

    # each host was audited by the worker of its site, and only there
    for name in EAST:
        assert f"stored {name} (client acme" in east.text()
        assert f"auditing {name} " not in west.text()
    for name in WEST:
        assert f"stored {name} (client globex" in west.text()
        assert f"auditing {name} " not in east.text()
    assert "will retry in" in west.text()  # unreachable: a transient failure, retried once, then stored
    assert len(list((tmp_path / "dist").glob("auditor-*.json"))) == 1


def test_a_worker_killed_mid_host_loses_no_host(
    lab: Path, redis_url: str, pg_url: str, site_inventory: Path, workers: list[Worker], tmp_path: Path
) -> None:
    fast = ["--visibility-timeout", "20", "--sweep-every", "1", "--retries", "0"]
    doomed = start_worker(
        workers,
        name="east1",
        sites=["east"],
        broker=redis_url,
        db=pg_url,
        folder=tmp_path,
        extra=fast,
        slow=("neglected", 600),  # holds neglected's task until the worker is killed
    )
    west = start_worker(workers, name="west", sites=["west"], broker=redis_url, db=pg_url, folder=tmp_path, extra=fast)
    for worker in (doomed, west):
        worker.wait_for(" ready.", timeout=600)
    controller = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "auditor",
            *_distributed_args(site_inventory, broker=redis_url, db=pg_url, out=tmp_path / "dist", wait=900),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        doomed.wait_for("auditing neglected ", timeout=600)
        os.kill(doomed.process.pid, signal.SIGKILL)
        doomed.process.wait()
        time.sleep(1)
        assert controller.poll() is None, "the run finished without neglected"
        second = start_worker(
            workers, name="east2", sites=["east"], broker=redis_url, db=pg_url, folder=tmp_path, extra=fast
        )
        _out, err = controller.communicate(timeout=1200)
    finally:
        if controller.poll() is None:
            controller.kill()
            controller.wait()
    assert controller.returncode == 3, err
    assert "stored neglected (client acme" in second.text()
    assert "stored neglected" not in doomed.text()
    got = _verdicts(pg_url)
    assert sorted(got) == sorted(EAST + WEST)
    assert got["neglected"][0] is True and got["neglected"][2]  # redelivered and assessed, stored once


def test_a_host_no_worker_serves_is_reported_as_error(
    redis_url: str, pg_url: str, site_inventory: Path, tmp_path: Path
) -> None:
    done = run_auditor(
        *_distributed_args(site_inventory, broker=redis_url, db=pg_url, out=tmp_path, wait=2),
        "--limit",
        "partial",
    )
    assert done.returncode == 3, done.stderr
    store = Store(pg_url)
    (info,) = store.list_runs()
    assert info.complete
    (host,) = store.load_run(info.id).hosts
    assert (host.name, host.assessed, host.error_kind) == ("partial", False, "timeout")
    assert host.error == "no worker reported this host before the deadline (site queue auditor.site.west)"
    report: Any = next(tmp_path.glob("auditor-*.json")).read_text()
    assert "no worker reported this host before the deadline" in report
