"""Small stored runs for ticket tests: hosts with chosen verdicts, stored as `auditor run` stores them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from auditor.config.loader import load_config
from auditor.config.tickets import TicketConfig
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckResult, HostReport, Run, RunInfo
from auditor.store.database import Store
from tests.tlscerts import Pki

T0 = datetime(2026, 11, 2, 2, 30, tzinfo=UTC)
CHECKS = {
    "ssh-root-login": ("SSH permits root login", Severity.HIGH),
    "patch-security-updates": ("No pending security updates", Severity.CRITICAL),
    "time-sync": ("Clock synchronised", Severity.LOW),
}


def result(check_id: str, status: Status, *, severity: Severity | None = None) -> CheckResult:
    title, default = CHECKS[check_id]
    return CheckResult(
        check_id=check_id,
        check_version=1,
        title=title,
        category=Category.SECURITY,
        severity=severity or default,
        status=status,
        message="",
    )


def host(name: str, verdicts: Mapping[str, Status] | None, *, client: str = "acme", day: int = 0) -> HostReport:
    """A host report; `verdicts` None is a host that could not be assessed."""
    at = T0 + timedelta(days=day)
    return HostReport(
        name=name,
        client=client,
        address="192.0.2.10",
        port=22,
        user="audit",
        become=True,
        groups=[client, "hardened" if name.startswith("hardened") else "linux"],
        assessed=verdicts is not None,
        error="cannot connect: timed out" if verdicts is None else None,
        started_at=at,
        finished_at=at + timedelta(seconds=5),
        results=[result(check, status) for check, status in (verdicts or {}).items()],
    )


def store_run(store: Store, day: int, hosts: list[HostReport], *, limit: str | None = None) -> Run:
    """A complete run stored on day `day` (after T0), as the runner stores one."""
    info = RunInfo(
        id=f"run{day:02d}",
        started_at=T0 + timedelta(days=day),
        auditor_version="test",
        operator="test",
        inventory="inventory.ini",
        limit=limit,
    )
    store.begin_run(info)
    for report in hosts:
        store.add_host(info.id, report)
    store.finish_run(info.id, finished_at=info.started_at + timedelta(minutes=1), complete=True)
    return store.load_run(info.id, evidence=False)


def ticket_config(
    tmp_path: Path, *, psa: str, url: str, pki: Pki | None, extra: str = "", group_by: str = "check"
) -> TicketConfig:
    """The [tickets] table for a fake PSA, parsed from a real config file."""
    company = '"AcmeCorp"' if psa == "connectwise" else "17"
    board = '"Security"' if psa != "autotask" else "4"
    lines = [
        "[tickets]",
        f'psa = "{psa}"',
        f'url = "{url}/api"' if psa == "halopsa" else f'url = "{url}"',
        f'group_by = "{group_by}"',
        'min_severity = "high"',
        "timeout = 1.5",
    ]
    if psa == "halopsa":
        lines.append(f'auth_url = "{url}/auth"')
    if pki is not None:
        lines.append(f'ca_file = "{pki.ca_file}"')
    lines += [extra, "[tickets.clients.acme]", f"company = {company}", f"board = {board}"]
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_config(path).tickets
