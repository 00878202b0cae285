"""auditor export findings: a period's finding lifecycles as CSV, XLSX and JSON, from a real store."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from auditor.cli.main import main
from auditor.core.errors import ExitCode
from auditor.core.models import Status
from auditor.core.runmodel import Waiver
from auditor.history.findings_export import COLUMNS
from auditor.run.export import FindingsExportRequest, export_findings
from auditor.store.database import Store
from auditor.store.engine import to_url
from tests.fixtures_runs import sample_run

T0 = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)
WAIVER = Waiver(
    check_id="security-firewall-enabled",
    justification='=HYPERLINK("http://evil.example") legacy appliance',
    approved_by="j.smith@acme.example",
    expires="2026-12-31",
    ticket="ACME-77",
)


def _store_run(store: Store, run_id: str, at: datetime, statuses: dict[str, Status]) -> None:
    """web01 of the sample run, its results set to `statuses`, seen at `at`."""
    run = sample_run()
    web = next(h for h in run.hosts if h.name == "web01.acme.example")
    results = []
    for result in web.results:
        status = statuses.get(result.check_id, result.status)
        waiver = WAIVER if status is Status.WAIVED and result.check_id == WAIVER.check_id else None
        if status is Status.WAIVED and waiver is None:
            status = Status.FAIL
        results.append(result.model_copy(update={"status": status, "waiver": waiver}))
    host = web.model_copy(update={"results": results, "started_at": at, "finished_at": at + timedelta(seconds=5)})
    store.begin_run(run.info.model_copy(update={"id": run_id, "started_at": at, "finished_at": None}))
    store.add_host(run_id, host)
    store.finish_run(run_id, finished_at=at + timedelta(seconds=9), complete=True)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Three runs: patch-reboot-required fixed on day 3, patch-security-updates fixed on day 3 and
    back on day 10, the firewall failing then waived, backup erroring throughout."""
    path = str(tmp_path / "auditor.db")
    store = Store(to_url(path))
    fixed = {"patch-reboot-required": Status.PASS, "patch-security-updates": Status.PASS}
    _store_run(store, "run-1", T0, {"security-firewall-enabled": Status.FAIL})
    _store_run(store, "run-2", T0 + timedelta(days=3), {**fixed, "security-firewall-enabled": Status.WAIVED})
    back = {"patch-reboot-required": Status.PASS, "security-firewall-enabled": Status.WAIVED}
    _store_run(store, "run-3", T0 + timedelta(days=10), back)
    store.close()
    return path


def _export(db: str, fmt: str, since: str = "2026-09-01", until: str = "2026-09-30") -> bytes:
    request = FindingsExportRequest(since=since, until=until, fmt=fmt, now=T0 + timedelta(days=40), db=db)
    return export_findings(request).data


def _by_check(data: bytes) -> dict[str, dict[str, str]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return {row["check_id"]: row for row in reader}


def test_detected_resolved_and_reopened_dates(db: str) -> None:
    rows = _by_check(_export(db, "csv"))
    assert set(rows) == {
        "patch-security-updates",
        "patch-reboot-required",
        "security-firewall-enabled",
        "security-ssh-root-login",
    }
    reboot = rows["patch-reboot-required"]
    assert (reboot["status"], reboot["detected"], reboot["detected_run"]) == (
        "resolved",
        "2026-09-01T02:00:05+00:00",
        "run-1",
    )
    assert (reboot["resolved"], reboot["resolved_run"]) == ("2026-09-04T02:00:05+00:00", "run-2")
    assert (reboot["severity"], reboot["sla_days"], reboot["sla_due"], reboot["within_sla"]) == (
        "medium",
        "90",
        "2026-11-30",
        "yes",
    )
    updates = rows["patch-security-updates"]
    assert (updates["status"], updates["reopened_count"], updates["resolved"]) == ("open", "1", "")
    assert updates["last_reopened"] == "2026-09-11T02:00:05+00:00"
    assert updates["detected"] == "2026-09-01T02:00:05+00:00"  # first seen never moves
    assert updates["within_sla"] == "no"  # critical, 7 days, still open on day 40
    firewall = rows["security-firewall-enabled"]
    assert (firewall["waiver_approved_by"], firewall["waiver_expires"], firewall["waiver_ticket"]) == (
        "j.smith@acme.example", "2026-12-31", "ACME-77",
    )  # fmt: skip
    assert firewall["waiver_justification"].startswith("'=HYPERLINK")  # a formula made inert
    assert "backup-recent-success" not in rows  # an error says nothing about a finding


def test_the_period_picks_findings_alive_in_it(db: str) -> None:
    later = _by_check(_export(db, "csv", since="2026-09-05", until="2026-09-30"))
    assert "patch-reboot-required" not in later  # resolved on 4 September
    assert {"patch-security-updates", "security-firewall-enabled"} <= set(later)
    assert _by_check(_export(db, "csv", since="2026-08-01", until="2026-08-31")) == {}  # before any detection


def test_xlsx_opens_with_openpyxl_and_matches_the_csv(db: str, tmp_path: Path) -> None:
    path = tmp_path / "findings.xlsx"
    path.write_bytes(_export(db, "xlsx"))
    sheet = load_workbook(path, read_only=False)["Findings"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    csv_rows = list(csv.reader(io.StringIO(_export(db, "csv").decode("utf-8"))))
    assert len(rows) == len(csv_rows) == 5
    by_check = {row[2]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    assert by_check["patch-reboot-required"]["resolved_run"] == "run-2"
    assert by_check["security-firewall-enabled"]["waiver_justification"] == WAIVER.justification  # text as stored
    cell = next(c for line in sheet.iter_rows(min_row=2) for c in line if c.value == WAIVER.justification)
    assert cell.data_type == "s"  # never a formula
    assert sheet.freeze_panes == "A2"


def test_json_twin(db: str) -> None:
    document = json.loads(_export(db, "json"))
    assert document["period"] == {"first_day": "2026-09-01", "last_day": "2026-09-30"}
    found = {row["check_id"]: row for row in document["findings"]}
    assert found["patch-reboot-required"]["resolved"] == "2026-09-04T02:00:05+00:00"
    assert found["patch-security-updates"]["reopened_count"] == 1


def test_cli_writes_the_file_and_refuses_bad_input(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x" / "findings.csv"
    args = ["export", "findings", "--since", "2026-09-01", "--until", "2026-09-30", "--db", db]
    assert main([*args, "--client", "acme", "--format", "csv", "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err and len(_by_check(out.read_bytes())) == 4
    assert main([*args, "--client", "initech", "-o", str(out)]) == ExitCode.USAGE
    assert capsys.readouterr().err.startswith("auditor: error: no stored run audited a client named 'initech'")
    assert main([*args, "--format", "ods", "-o", str(out)]) == ExitCode.USAGE
    assert "--format must be one of csv, xlsx, json" in capsys.readouterr().err
    bad = ["export", "findings", "--since", "2026-13-01", "--until", "2026-09-30", "--db", db]
    assert main(bad) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--since must be a date like 2026-11-03" in err
