"""`auditor diff`: counts first, changes before still-open (behind --still-open), limited runs, labels."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from auditor.cli.main import main
from auditor.core.models import Status
from auditor.core.runmodel import Run
from auditor.history.diff import diff_runs
from auditor.store.database import Store
from auditor.store.engine import to_url
from tests.fixtures_runs import sample_run, store_sample_run

HEAD_ID = "20240507T090000Z-acme"


def _limited_acme_run() -> Run:
    """The next day, `-l acme`: web01's first failure is fixed, the others stay open."""
    run = sample_run()
    info = run.info.model_copy(
        update={"id": HEAD_ID, "started_at": run.info.started_at + timedelta(days=1), "limit": "acme"}
    )
    hosts = [host for host in run.hosts if host.client == "acme"]
    fixed = next(result for result in hosts[0].results if result.status is Status.FAIL)
    fixed.status = Status.PASS
    return Run(info=info, hosts=hosts)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    store_sample_run(path).close()
    head = _limited_acme_run()
    store = Store(to_url(str(path)))
    store.begin_run(head.info)
    for host in head.hosts:
        store.add_host(head.info.id, host)
    store.finish_run(head.info.id, finished_at=head.info.started_at + timedelta(seconds=5), complete=True)
    store.close()
    return path


def _diff(capsys: pytest.CaptureFixture[str], db: Path, *extra: str) -> str:
    code = main(["diff", sample_run().info.id, HEAD_ID, "--db", str(db), *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_limited_run_hosts_are_not_removed() -> None:
    base = sample_run()
    result = diff_runs(base, _limited_acme_run(), history={})
    globex = sorted(f"{h.client}/{h.name}" for h in base.hosts if h.client == "globex")
    assert result.hosts_removed == ()
    assert result.hosts_not_in_run == tuple(globex)
    unlimited = _limited_acme_run()
    unlimited.info.limit = None
    assert diff_runs(base, unlimited, history={}).hosts_removed == tuple(globex)


def test_counts_first_changes_listed_still_open_collapsed(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    out = _diff(capsys, db)
    lines = out.splitlines()
    assert lines[0].startswith(f"changes from run {sample_run().info.id} to {HEAD_ID}: 0 new, 0 regressed, 1 resolved")
    assert "resolved" in out
    assert "still open" not in out.split("findings still open", 1)[0].split(lines[0], 1)[1]
    assert "findings still open: --still-open lists them" in out
    assert "host removed" not in out
    assert "host(s) not in this run (limited): globex/" in out
    assert "fleet fleet" not in out and "score fleet:" in out


def test_still_open_flag_lists_them(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    collapsed = _diff(capsys, db)
    full = _diff(capsys, db, "--still-open")
    assert full.count("still open") > collapsed.count("still open")
    assert "--still-open lists them" not in full
