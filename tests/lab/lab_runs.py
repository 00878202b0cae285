"""Helpers for the lab tests of the Ansible path, jump hosts, least privilege and remediation."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.lab.conftest import LAB_STATE, REPO, run_auditor

KEY = LAB_STATE / "id_ed25519"
KNOWN_HOSTS = LAB_STATE / "known_hosts"
SSH_CONFIG = REPO / "inventories" / "lab" / "ssh_config"
JUMP_INVENTORY = REPO / "inventories" / "lab" / "jump.ini"
VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Report:
    exit_code: int
    stderr: str
    document: dict[str, Any]
    seconds: float

    def host(self, name: str) -> dict[str, Any]:
        found: dict[str, Any] = next(h for h in self.document["hosts"] if h["name"] == name)
        return found

    def statuses(self, name: str) -> dict[str, str]:
        return {r["check_id"]: r["status"] for r in self.host(name)["results"]}

    def result(self, name: str, check: str) -> dict[str, Any]:
        found: dict[str, Any] = next(r for r in self.host(name)["results"] if r["check_id"] == check)
        return found


def audit(out: Path, *args: str, env: dict[str, str] | None = None, known_hosts: Path = KNOWN_HOSTS) -> Report:
    """`auditor run` with a JSON report in `out`; its own store there too."""
    out.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    done = run_auditor(
        "run",
        *args,
        "--known-hosts",
        str(known_hosts),
        "--db",
        str(out / "auditor.db"),
        "--output-dir",
        str(out),
        "--format",
        "json",
        "--no-progress",
        env=env,
    )
    seconds = time.monotonic() - began
    reports = sorted(out.glob("auditor-*.json"), key=lambda path: path.stat().st_mtime)
    assert reports, done.stderr
    return Report(done.returncode, done.stderr, json.loads(reports[-1].read_text()), seconds)


def ansible_env(tmp: Path) -> dict[str, str]:
    """Ansible's own commands from this environment, with their scratch files in `tmp`."""
    return {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "ANSIBLE_LOCAL_TEMP": str(tmp),
        "ANSIBLE_NOCOLOR": "1",
    }


def lab_command(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPO / "scripts" / "lab"), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


@contextmanager
def lab_lock(name: str, *, timeout: float = 1800) -> Iterator[None]:
    """Hold an exclusive lock for a test that changes shared lab state (scratch, behind's sudoers),
    so that two test sessions on this machine (a developer's and CI's) take turns instead of
    undoing each other's setup."""
    path = LAB_STATE / f"test-{name}.lock"
    with path.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{path} stayed locked for {timeout:g}s") from None
                time.sleep(1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
