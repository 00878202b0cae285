"""Nightly operations without hosts: the store lock, pruning, schedule files, waiver parsing."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from auditor.core.errors import ConfigError, ExitCode, StoreBusyError
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckResult, Evidence, HostReport, RunInfo
from auditor.evaluate.waivers import apply_waivers, load_waivers
from auditor.run.ops import parse_duration
from auditor.run.schedules import NightlySpec, install_nightly
from auditor.store.database import Store

NOW = datetime.now(UTC)


def _auditor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_second_run_on_a_locked_store_stops_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "auditor.db"
    inventory = tmp_path / "inv.ini"
    inventory.write_text("[acme]\nweb ansible_host=127.0.0.1 ansible_port=1\n")
    store = Store(f"sqlite:///{db}")
    with store.lock():
        done = _auditor("run", "-i", str(inventory), "--db", str(db), "-o", str(tmp_path))
    assert done.returncode == ExitCode.BUSY
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "another auditor run" in lines[0] and "pid" in lines[0]
    assert store.list_runs() == []
    done = _auditor("run", "-i", str(inventory), "--db", str(db), "-o", str(tmp_path))  # lock released
    assert done.returncode == ExitCode.HOSTS_UNASSESSED


def test_lock_on_both_backends(db_url: str) -> None:
    first, second = Store(db_url), Store(db_url)
    with first.lock(), pytest.raises(StoreBusyError), second.lock():
        pass
    with second.lock():
        pass


def _store_run(store: Store, run_id: str, at: datetime) -> None:
    store.begin_run(RunInfo(id=run_id, started_at=at, auditor_version="t", operator="t", inventory="i"))
    result = CheckResult(
        check_id="ssh-root-login",
        check_version=1,
        title="t",
        category=Category.SECURITY,
        severity=Severity.HIGH,
        status=Status.FAIL,
        message="m",
        facts=["sshd_effective"],
    )
    host = HostReport(
        name="web",
        client="acme",
        address="a",
        port=22,
        user=None,
        become=False,
        assessed=True,
        started_at=at,
        finished_at=at,
        results=[result],
        evidence=[
            Evidence(
                probe="sshd_effective", command="sshd -T", stdout="permitrootlogin yes\n", stderr="", exit_status=0
            )
        ],
    )
    store.add_host(run_id, host)
    store.finish_run(run_id, finished_at=at, complete=True)


def test_prune_drops_old_evidence_and_keeps_results(db_url: str) -> None:
    store = Store(db_url)
    _store_run(store, "old", NOW - timedelta(days=100))
    _store_run(store, "new", NOW - timedelta(days=1))
    assert store.prune(older_than=NOW - parse_duration("90d")) == (1, 1)
    old, new = store.load_run("old"), store.load_run("new")
    assert old.info.evidence_pruned and old.hosts[0].evidence == [] and old.hosts[0].results[0].status is Status.FAIL
    assert not new.info.evidence_pruned and len(new.hosts[0].evidence) == 1
    assert len(store.findings(clients=["acme"])) == 1


def test_prune_command_line(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _store_run(Store(f"sqlite:///{db}"), "old", NOW - timedelta(days=30))
    done = _auditor("prune", "--keep", "2w", "--db", str(db))
    assert done.returncode == 0 and "pruned raw evidence of 1 run" in done.stdout
    assert _auditor("prune", "--keep", "ninety days", "--db", str(db)).returncode == 2


def test_schedule_cron_and_systemd(tmp_path: Path) -> None:
    inventory = tmp_path / "fleet.ini"
    inventory.write_text("[acme]\nweb\n")
    spec = NightlySpec(name="nightly", inventory=str(inventory), at="02:30", db="/var/lib/auditor/auditor.db")
    (cron,) = install_nightly(spec, systemd_dir=None, cron_file=tmp_path / "cron.d" / "auditor", dry_run=False)
    line = cron.read_text().splitlines()[-1]
    assert line.startswith("30 2 * * * root ")
    assert f"run -i {inventory} --no-progress --db sqlite:////var/lib/auditor/auditor.db" in line
    units = install_nightly(replace(spec, at="23:05"), systemd_dir=tmp_path / "systemd", cron_file=None, dry_run=False)
    timer = next(p for p in units if p.suffix == ".timer").read_text()
    service = next(p for p in units if p.suffix == ".service").read_text()
    assert "OnCalendar=*-*-* 23:05:00" in timer and "Persistent=true" in timer
    assert "ExecStart=" in service and "SuccessExitStatus=1 3" in service
    with pytest.raises(ConfigError):
        install_nightly(replace(spec, at="25:00"), systemd_dir=None, cron_file=cron, dry_run=True)


def test_waiver_file_errors_name_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "waivers:\n  - check: a-b\n    justification: long enough text\n    approved_by: x\n    expires: soon\n"
    )
    with pytest.raises(ConfigError, match=r"entry 1 \(a-b\): expires"):
        load_waivers(path)
    path.write_text("waivers:\n  - check: a-b\n    justification: [unclosed\n")
    with pytest.raises(ConfigError, match=r"w.yaml:4: YAML error"):
        load_waivers(path)


def test_waiver_scope_and_expiry(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "waivers:\n"
        "  - check: ssh-root-login\n    scope: {group: web}\n    justification: accepted for the web tier\n"
        "    approved_by: CISO\n    expires: 2026-12-31\n"
    )
    waivers = load_waivers(path)
    result = CheckResult(
        check_id="ssh-root-login",
        check_version=1,
        title="t",
        category=Category.SECURITY,
        severity=Severity.HIGH,
        status=Status.FAIL,
        message="root login allowed",
    )
    host = HostReport(
        name="web1",
        client="acme",
        address="a",
        port=22,
        user=None,
        become=False,
        assessed=True,
        groups=["acme", "web"],
        started_at=NOW,
        finished_at=NOW,
        results=[result],
    )
    waived = apply_waivers(host, waivers, today=date(2026, 12, 31)).results[0]
    assert waived.status is Status.WAIVED and waived.waiver is not None and waived.waiver.scope == "group=web"
    expired = apply_waivers(host, waivers, today=date(2027, 1, 1)).results[0]
    assert expired.status is Status.FAIL and expired.waiver is not None and expired.waiver.expired
    other = host.model_copy(update={"groups": ["acme", "db"]})
    assert apply_waivers(other, waivers, today=date(2026, 12, 1)).results[0].status is Status.FAIL
    # re-applying to an already waived host gives the same answer (reports re-apply waivers)
    again = apply_waivers(apply_waivers(host, waivers, today=date(2027, 1, 1)), waivers, today=date(2027, 1, 1))
    assert again.results[0].message == "root login allowed (waiver expired 2026-12-31)"
