"""Distributed-mode fixtures: a private redis-server on a free loopback port, a fresh PostgreSQL
database, `auditor worker` subprocesses, and the lab inventory split into two sites.

With AUDITOR_LAB=1 (scripts/test) a missing redis-server or PostgreSQL fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.lab.conftest import INVENTORY, LAB_STATE, REPO, lab  # noqa: F401 - the lab fixture, for these tests
from tests.stores import postgres_database

SITES = {"acme": "east", "globex": "west"}  # the lab's clients, one site each


def _missing(what: str) -> None:
    if os.environ.get("AUDITOR_LAB") == "1":
        pytest.fail(f"{what} (scripts/bootstrap installs it)")
    pytest.skip(what)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A throwaway redis-server (no persistence) on a free loopback port."""
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("redis-server is not installed")
    assert binary is not None
    import redis

    port = _free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture
def site_inventory(tmp_path: Path) -> Path:
    """The lab inventory with each client on its own site (auditor_site group vars)."""
    text = INVENTORY.read_text()
    for client, site in SITES.items():
        text += f"\n[{client}:vars]\nauditor_site={site}\n"
    path = tmp_path / "sites.ini"
    path.write_text(text)
    return path


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for(self, needle: str, *, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            assert self.process.poll() is None, f"worker exited ({self.process.returncode}):\n{self.text()}"
            assert time.monotonic() < deadline, f"{needle!r} not in the worker log:\n{self.text()}"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[Worker]]:
    """Started workers, stopped at the end; `start_worker` adds to it."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def start_worker(
    started: list[Worker],
    *,
    name: str,
    sites: list[str],
    broker: str,
    db: str,
    folder: Path,
    extra: list[str] | None = None,
    slow: tuple[str, float] | None = None,
) -> Worker:
    """An `auditor worker` subprocess; `slow` (host, seconds) starts it through tests.distributed.slow_worker."""
    log = folder / f"worker-{name}.log"
    launcher = ["-m", "auditor"] if slow is None else ["-m", "tests.distributed.slow_worker", slow[0], str(slow[1])]
    args = [sys.executable, *launcher, "worker", "--broker", broker, "--db", db, "--name", f"{name}@test"]
    for site in sites:
        args += ["--site", site]
    args += ["--known-hosts", str(LAB_STATE / "known_hosts"), "--concurrency", "4", *(extra or [])]
    with log.open("wb") as handle:
        process = subprocess.Popen(args, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT)
    worker = Worker(process=process, log=log)
    started.append(worker)
    return worker
