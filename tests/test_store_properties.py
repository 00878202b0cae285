"""Property: whatever one host answers, under any name and with any exit status, the run finishes,
every other host is stored and assessed, and the store passes SQLite's integrity check.

Hypothesis builds the hostile answer from raw bytes and from the collector's own markers (a
compromised host knows the nonce): sections opened and never closed, closed with any number,
repeated, interleaved, DONE anywhere. The honest host's answer is the real collector run once
with /bin/sh on this machine.
"""

from __future__ import annotations

import sqlite3
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.checklib.checkdef import Check
from auditor.checklib.registry import load_checks, probes_for
from auditor.collect.script import build_script
from auditor.core.runmodel import HostReport, RunInfo
from auditor.inventory import Host
from auditor.probes.base import Probe
from auditor.probes.registry import probe_registry
from auditor.run.pipeline import audit_host, audit_hosts, host_probes, store_host
from auditor.store.database import Store
from auditor.transport.base import CommandResult

NONCE = "00112233445566ff"
MARKER = f"AUDITOR-{NONCE}"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
GOOD = Host(name="good", client="acme", address="127.0.0.1")


@cache
def library() -> tuple[Sequence[Check], Sequence[Probe[Any]]]:
    checks = load_checks(["patch-os-supported", "ssh-root-login", "accounts-extra-uid0"])
    return checks, probes_for(checks)


@cache
def honest_answer() -> CommandResult:
    _, probes = library()
    script = build_script(host_probes(GOOD, probes), nonce=NONCE)
    done = subprocess.run(["/bin/sh", "-s"], input=script.encode(), capture_output=True, timeout=120, check=False)
    return CommandResult(done.returncode, done.stdout, done.stderr)


def _names() -> list[str]:
    return [probe.name for probe in host_probes(GOOD, library()[1])] + ["other", "x" * 70]


def _fragments() -> st.SearchStrategy[bytes]:
    name = st.sampled_from(_names())
    status = st.one_of(st.integers(), st.text(alphabet="-0123456789", max_size=30)).map(str)
    marker_lines = st.one_of(
        name.map(lambda n: f"{MARKER} BEGIN {n}\n"),
        st.tuples(name, status).map(lambda pair: f"\n{MARKER} END {pair[0]} {pair[1]}\n"),
        name.map(lambda n: f"\n{MARKER} END {n}\n"),
        st.just(f"{MARKER} DONE\n"),
        st.just("ID=debian\nVERSION_ID=12\n"),
    )
    return st.one_of(marker_lines.map(str.encode), st.binary(max_size=300), st.text(max_size=200).map(_lossy))


def _lossy(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


hostile_output = st.lists(_fragments(), max_size=40).map(b"".join)


class Answering:
    """Each host answers as given: the honest one with its real output, the other as hypothesis says."""

    def __init__(self, hostile: CommandResult) -> None:
        self.hostile = hostile

    def run_script(self, host: Host, script: str) -> CommandResult:
        return honest_answer() if host.name == GOOD.name else self.hostile


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stdout=hostile_output,
    stderr=hostile_output,
    exit_status=st.integers(),
    name=st.text(min_size=1, max_size=80),
    timed_out=st.booleans(),
    output_limited=st.booleans(),
)
def test_any_host_output_name_and_status_leave_the_run_and_the_others_whole(
    stdout: bytes, stderr: bytes, exit_status: int, name: str, timed_out: bool, output_limited: bool
) -> None:
    checks, probes = library()
    hostile = Host(name=name, client="evil\ud800", address="192.0.2.1")
    answer = CommandResult(exit_status, stdout, stderr, timed_out=timed_out, output_limited=output_limited)
    transport = Answering(answer)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "auditor.db"
        store = Store(f"sqlite:///{db}")
        info = RunInfo(id="property", started_at=T0, auditor_version="test", operator="t", inventory="-")
        store.begin_run(info)
        kept: list[HostReport] = []

        def audit(host: Host) -> HostReport:
            return audit_host(
                host, transport=transport, probes=probes, checks=checks, probe_registry=probe_registry(), nonce=NONCE
            )

        def on_host(report: HostReport) -> None:
            kept.append(store_host(store, info.id, report, note=lambda _line: None))

        audit_hosts([GOOD, hostile], forks=2, audit=audit, on_host=on_host)
        store.finish_run(info.id, finished_at=T0, complete=True)
        run = store.load_run(info.id)
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(run.hosts) == 2
    good = next(host for host in run.hosts if host.name == GOOD.name)
    assert good.assessed and len(good.results) == len(checks)
