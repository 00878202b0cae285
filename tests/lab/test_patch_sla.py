"""Patch-age SLA over real SSH: the neglected host's pending security updates age across runs.

The clock is injected (RunRequest.clock) so that runs "days apart" happen within a test; the
updates themselves are the host's genuine pending ones from the Debian mirror.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from auditor.core.errors import ExitCode
from auditor.core.runmodel import HostReport
from auditor.run.runner import RunRequest, execute_run
from auditor.store.database import Store
from auditor.store.engine import to_url
from tests.lab.conftest import INVENTORY

pytestmark = pytest.mark.lab

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def _run(lab: Path, out: Path, *, at: datetime, run_id: str) -> tuple[ExitCode, HostReport, str]:
    request = RunRequest(
        inventory=str(INVENTORY),
        limit="neglected",
        checks=None,
        forks=1,
        formats=["html"],
        output_dir=out,
        db=str(out / "auditor.db"),
        config=None,
        known_hosts=lab / "known_hosts",
        trust_on_first_use=False,
        connect_timeout=10,
        command_timeout=120,
        become_password=None,
        operator="test",
        run_id=run_id,
        auditor_version="test",
        clock=lambda: at,
    )
    code = execute_run(request).exit_code
    run = Store(to_url(str(out / "auditor.db"))).load_run(run_id)
    html = (out / f"auditor-{run_id}.html").read_text()
    return code, run.hosts[0], html


def _sla_result(host: HostReport) -> tuple[str, list[str]]:
    result = next(r for r in host.results if r.check_id == "patch-sla-overdue")
    return result.status.value, result.details


def test_pending_update_ages_toward_its_sla_and_goes_overdue(lab: Path, tmp_path: Path) -> None:
    _, first, _ = _run(lab, tmp_path, at=T0, run_id="sla-1")
    security = [u for u in first.pending_updates if u.security]
    assert security, "the neglected host has no pending security update"
    assert all(u.age_days == 0 and u.first_seen == T0 and u.sla_days == 14 for u in security)
    assert _sla_result(first)[0] == "pass"

    _, day14, _ = _run(lab, tmp_path, at=T0 + timedelta(days=14), run_id="sla-2")
    aged = {u.key: u for u in day14.pending_updates if u.security}
    assert set(aged) == {u.key for u in security}
    assert all(u.age_days == 14 and u.overdue_days == 0 and u.first_seen == T0 for u in aged.values())
    assert _sla_result(day14)[0] == "pass"

    code, day15, html = _run(lab, tmp_path, at=T0 + timedelta(days=15), run_id="sla-3")
    assert code is ExitCode.FINDINGS
    overdue = [u for u in day15.pending_updates if u.security]
    assert all(u.age_days == 15 and u.overdue_days == 1 for u in overdue)
    status, details = _sla_result(day15)
    assert status == "fail"
    assert {d.split(" ", 1)[0] for d in details} == {u.package for u in security}
    assert all("overdue by 1 days" in d for d in details)
    package = security[0].package
    assert "No security update is overdue under the patch SLA" in html
    assert f"{package} {security[0].candidate}" in html


def test_non_security_updates_have_no_deadline(lab: Path, tmp_path: Path) -> None:
    _, host, _ = _run(lab, tmp_path, at=T0, run_id="sla-ns")
    for update in host.pending_updates:
        if not update.security:
            assert update.sla_days is None and update.overdue_days is None
