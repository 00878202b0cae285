"""The findings export over three real audits of the hardened lab host, days apart (injected clock).

Verdicts change between runs the way they do for an MSP: a policy setting tightens or loosens
([settings] in the config) and a waiver is approved. Run 1 (day 0): the restore-test age limit of
10 days and the password age limit of 90 days both fail, kernel-kptr-restrict fails. Run 2 (day 3):
the restore-test limit is back to 92 days (the finding resolves), the kptr failure is waived. Run 3
(day 10): the 10-day restore-test limit returns (the finding reopens) and the password limit goes
to 365 days (that finding resolves). The export must give each finding's detected and resolved
dates and runs, its reopen count and the waiver in force; the XLSX opens with openpyxl and its CSV
twin parses to the same rows.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from auditor.run.runner import RunRequest, execute_run
from tests.lab.conftest import INVENTORY, run_auditor

pytestmark = pytest.mark.lab

T0 = datetime.now(UTC).replace(microsecond=0)  # the hosts' backup evidence is dated from today
CHECKS = "backup-restore-tested,accounts-password-max-age,kernel-kptr-restrict"
WAIVERS = """waivers:
  - check: kernel-kptr-restrict
    scope: {client: acme, host: hardened}
    justification: kernel pointers needed by the vendor's monitoring agent
    approved_by: ciso@acme.example
    ticket: ACME-1042
    expires: 2099-06-30
"""


def _run(folder: Path, *, day: int, restore_days: int, password_days: int, waived: bool) -> str:
    config = folder / f"day{day}.toml"
    config.write_text(
        f"[settings]\nbackup_restore_test_max_age_days = {restore_days}\npassword_max_days = {password_days}\n"
    )
    waivers = folder / "waivers.yaml"
    waivers.write_text(WAIVERS if waived else "waivers: []\n")
    at = T0 + timedelta(days=day)
    run_id = f"export-day{day}"
    request = RunRequest(
        inventory=str(INVENTORY),
        limit="hardened",
        checks=CHECKS,
        forks=1,
        formats=["json"],
        output_dir=folder / "reports",
        db=str(folder / "auditor.db"),
        config=config,
        known_hosts=Path("/var/tmp/auditor-lab/known_hosts"),
        trust_on_first_use=False,
        connect_timeout=10,
        command_timeout=120,
        become_password=None,
        operator="test",
        run_id=run_id,
        auditor_version="test",
        clock=lambda: at,
        waivers=waivers,
    )
    execute_run(request)
    return run_id


def _export(folder: Path, fmt: str, since: datetime, until: datetime) -> Path:
    out = folder / f"findings-{since:%m%d}.{fmt}"
    done = run_auditor(
        "export", "findings", "--since", since.date().isoformat(), "--until", until.date().isoformat(),
        "--client", "acme", "--format", fmt, "--db", str(folder / "auditor.db"), "-o", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def _day(n: int) -> str:
    return (T0 + timedelta(days=n)).date().isoformat()


def test_export_over_three_lab_runs(lab: Path, tmp_path: Path) -> None:
    first = _run(tmp_path, day=0, restore_days=10, password_days=90, waived=False)
    second = _run(tmp_path, day=3, restore_days=92, password_days=90, waived=True)
    third = _run(tmp_path, day=10, restore_days=10, password_days=365, waived=True)

    path = _export(tmp_path, "csv", T0, T0 + timedelta(days=10))
    rows = {row["check_id"]: row for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))}
    assert set(rows) == set(CHECKS.split(","))
    for row in rows.values():
        assert (row["client"], row["host"], row["detected_run"]) == ("acme", "hardened", first)
        assert row["detected"].startswith(_day(0))

    restore = rows["backup-restore-tested"]
    assert (restore["status"], restore["reopened_count"], restore["resolved"]) == ("open", "1", "")
    assert restore["last_reopened"].startswith(_day(10))
    password = rows["accounts-password-max-age"]
    assert (password["status"], password["resolved_run"]) == ("resolved", third)
    assert password["resolved"].startswith(_day(10))
    assert password["sla_due"] == _day(int(password["sla_days"])) and password["within_sla"] == "yes"
    kptr = rows["kernel-kptr-restrict"]
    assert (kptr["status"], kptr["waiver_approved_by"], kptr["waiver_expires"]) == (
        "open",
        "ciso@acme.example",
        "2099-06-30",
    )
    assert kptr["waiver_ticket"] == "ACME-1042"

    # a period after the password finding was fixed leaves it out; the others are still open
    later = _export(tmp_path, "csv", T0 + timedelta(days=11), T0 + timedelta(days=20))
    assert {row["check_id"] for row in csv.DictReader(io.StringIO(later.read_text()))} == {
        "backup-restore-tested", "kernel-kptr-restrict",
    }  # fmt: skip

    book = load_workbook(_export(tmp_path, "xlsx", T0, T0 + timedelta(days=10)))
    sheet = book["Findings"]
    values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    parsed = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert values == parsed  # the CSV twin holds the same cells
    assert second  # the day-3 run resolved the restore finding before it reopened on day 10
