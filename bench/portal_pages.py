"""Server time of the portal's pages and API on a store of 1,000 hosts x 90 runs.

The store is filled by a generator that writes synthetic runs straight into the tables (SQLAlchemy
Core bulk inserts; no host is contacted, no report rendered): 50 clients of 20 hosts, one run a
day for 90 days, the first 20 checks of the library per host, failures that come and go every ten
runs (so findings open, resolve and reopen), one unreachable host per client every 7th run, a run
summary per client and run as real runs record them, the finding lifecycle replayed run by run, and
evidence kept for the latest run only (older evidence pruned, as `auditor prune` does).

    .venv/bin/python bench/portal_pages.py --db /tmp/portal-bench.db --fill     # once (SQLite)
    .venv/bin/python bench/portal_pages.py --db /tmp/portal-bench.db            # measure
    .venv/bin/python bench/portal_pages.py --db postgresql+psycopg://... --fill

Each page is requested in-process through the ASGI app (httpx, no socket) as an admin: one warm-up,
then the median and worst of --repeat requests; that is the server's time (queries + rendering).
The CPU column is this process's own CPU time (a PostgreSQL server's work is not in it).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

CLIENTS = 50
HOSTS_PER_CLIENT = 20
RUNS = 90
CHECKS = 20
PROBES = ("os_release", "apt_updates", "sshd_effective")
START = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
PASSWORD = "bench-password-1"  # noqa: S105 - the synthetic store's own users


def _status(host: int, check: int, run: int) -> str:
    """Deterministic churn: a (host, check) pair fails in some ten-run windows and passes in others."""
    return "fail" if (host * 31 + check * 17 + run // 10) % 4 == 0 else "pass"


def _batches(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def fill(url: str) -> None:
    from sqlalchemy import insert

    from auditor.checklib.registry import load_checks
    from auditor.core.runmodel import HostReport, RunInfo
    from auditor.portal.passwords import hash_password
    from auditor.run.selection import check_infos
    from auditor.store.accounts import add_user
    from auditor.store.database import Store
    from auditor.store.db.schema import EvidenceRow, FindingRow, HostRow, ResultRow, RunRow, RunSummaryRow
    from auditor.store.engine import to_url

    store = Store(to_url(url))
    infos = check_infos(load_checks())[:CHECKS]
    findings: dict[tuple[int, int], dict[str, Any]] = {}
    began = time.perf_counter()
    host_id = 0
    for run in range(RUNS):
        at = START + timedelta(days=run)
        run_id = f"{at:%Y%m%dT%H%M%SZ}-bench"
        info = RunInfo(
            id=run_id,
            started_at=at,
            finished_at=at + timedelta(minutes=20),
            complete=True,
            auditor_version="bench",
            operator="bench",
            inventory="bench.ini",
            checks=infos,
        )
        hosts, results, summaries, evidence = [], [], [], []
        for client in range(CLIENTS):
            failed: dict[str, int] = {}
            passed = total = assessed = 0
            for index in range(HOSTS_PER_CLIENT):
                number = client * HOSTS_PER_CLIENT + index
                host_id += 1
                reachable = not (index == 0 and run % 7 == 3)
                report = HostReport(
                    name=f"host{number:05d}.c{client:02d}.example",
                    client=f"client{client:02d}",
                    address=f"10.{client}.{index // 250}.{index % 250 + 1}",
                    port=22,
                    user="audit",
                    become=True,
                    assessed=reachable,
                    started_at=at,
                    finished_at=at,
                    error=None if reachable else "cannot connect: connection refused",
                    os_pretty="Debian GNU/Linux 12 (bookworm)",
                )
                hosts.append(
                    {
                        "id": host_id,
                        "run_id": run_id,
                        "name": report.name,
                        "client": report.client,
                        "assessed": reachable,
                        "report": report.model_dump(mode="json"),
                    }
                )
                if not reachable:
                    continue
                assessed += 1
                for position, check in enumerate(infos):
                    status = _status(number, position, run)
                    total += 1
                    passed += status == "pass"
                    if status == "fail":
                        failed[check.severity.value] = failed.get(check.severity.value, 0) + 1
                    results.append(
                        {
                            "host_id": host_id,
                            "check_id": check.id,
                            "status": status,
                            "severity": check.severity.value,
                            "result": {
                                "check_id": check.id,
                                "check_version": check.version,
                                "title": check.title,
                                "category": check.category.value,
                                "severity": check.severity.value,
                                "status": status,
                                "message": "as found",
                                "facts": list(PROBES[:1]),
                            },
                        }
                    )
                    _advance(findings, number, position, status, at=at, run_id=run_id, client=client, check=check)
                if run == RUNS - 1:
                    evidence += [
                        {
                            "host_id": host_id,
                            "probe": probe,
                            "command": f"collect {probe}",
                            "stdout": f"{probe} output of {report.name}\n" * 40,
                            "stderr": "",
                            "exit_status": 0,
                            "complete": True,
                        }
                        for probe in PROBES
                    ]
            summaries.append(
                {
                    "run_id": run_id,
                    "client": f"client{client:02d}",
                    "started_at": at,
                    "hosts": HOSTS_PER_CLIENT,
                    "assessed": assessed,
                    "score": round(100.0 * passed / total, 1) if total else None,
                    "coverage": round(100.0 * assessed / HOSTS_PER_CLIENT, 1),
                    "failed_by_severity": failed,
                }
            )
        with store.engine.begin() as connection:
            connection.execute(
                insert(RunRow),
                [
                    {
                        "id": run_id,
                        "started_at": at,
                        "finished_at": info.finished_at,
                        "complete": True,
                        "info": info.model_dump(mode="json"),
                    }
                ],
            )
            connection.execute(insert(HostRow), hosts)
            for table, rows in ((ResultRow, results), (RunSummaryRow, summaries), (EvidenceRow, evidence)):
                for batch in _batches(rows):
                    connection.execute(insert(table), batch)
        print(f"run {run + 1}/{RUNS} stored ({time.perf_counter() - began:.0f} s)", flush=True)
    with store.engine.begin() as connection:
        for batch in _batches(list(findings.values())):
            connection.execute(insert(FindingRow), batch)
    add_user(store.engine, name="admin", role="admin", clients=[], password_hash=hash_password(PASSWORD))
    add_user(store.engine, name="viewer", role="viewer", clients=["client07"], password_hash=hash_password(PASSWORD))
    print(f"filled {url} in {time.perf_counter() - began:.0f} s: {len(findings)} findings")


def _advance(
    findings: dict[tuple[int, int], dict[str, Any]],
    number: int,
    position: int,
    status: str,
    *,
    at: datetime,
    run_id: str,
    client: int,
    check: Any,
) -> None:
    """The finding lifecycle as the store keeps it: opened, resolved, reopened."""
    row = findings.get((number, position))
    if status == "fail":
        if row is None:
            findings[(number, position)] = {
                "client": f"client{client:02d}",
                "host": f"host{number:05d}.c{client:02d}.example",
                "check_id": check.id,
                "subject": "",
                "title": check.title,
                "category": check.category.value,
                "severity": check.severity.value,
                "status": "open",
                "first_seen": at,
                "last_seen": at,
                "resolved_at": None,
                "reopened_at": None,
                "reopened_count": 0,
                "first_run_id": run_id,
                "last_run_id": run_id,
            }
            return
        if row["status"] == "resolved":
            row.update(status="open", reopened_at=at, reopened_count=row["reopened_count"] + 1, resolved_at=None)
        row.update(last_seen=at, last_run_id=run_id)
    elif row is not None and row["status"] == "open":
        row.update(status="resolved", resolved_at=at, last_run_id=run_id)


def measure(url: str, *, repeat: int, who: str) -> None:
    import re

    from fastapi.testclient import TestClient

    from auditor.portal.app import PortalSettings, create_app
    from auditor.store.engine import to_url

    client = TestClient(create_app(PortalSettings(db_url=to_url(url))), follow_redirects=False)
    form = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token is not None
    signed = client.post("/login", data={"username": who, "password": PASSWORD, "login_token": token.group(1)})
    assert signed.status_code == 303, signed.text
    host = "/clients/client07/hosts/host00141.c07.example"
    evidence = re.search(r'href="(/evidence/\d+)"', client.get(host).text)
    pages = [
        ("fleet", "/"),
        ("fleet sorted by score", "/?sort=score&desc=1"),
        ("fleet filtered", "/?q=client1"),
        ("client", "/clients/client07"),
        ("client hosts sorted, page 1", "/clients/client07?sort=failed"),
        ("host", host),
        ("evidence", evidence.group(1) if evidence else "/evidence/1"),
        ("runs", "/runs"),
        ("runs page 2", "/runs?page=2"),
        ("compare last two runs", "/clients/client07/compare"),
        ("waivers", "/waivers"),
        ("API clients", "/api/v1/clients"),
        ("API client", "/api/v1/clients/client07"),
        ("API hosts page 5", "/api/v1/hosts?page=5"),
        ("API hosts of a client", "/api/v1/hosts?client=client07"),
        ("API runs", "/api/v1/runs"),
        ("API findings open", "/api/v1/findings?status=open"),
    ]
    print(f"| page ({who}) | median ms | worst ms | median CPU ms | status |\n|---|---|---|---|---|")
    for label, path in pages:
        client.get(path)
        times, cpu = [], []
        for _ in range(repeat):
            began, began_cpu = time.perf_counter(), time.process_time()
            answer = client.get(path)
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)  # this process only: less moved by other load
        print(
            f"| {label} `{path}` | {statistics.median(times):.0f} | {max(times):.0f} | {statistics.median(cpu):.0f} "
            f"| {answer.status_code} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite file or SQLAlchemy URL")
    parser.add_argument("--fill", action="store_true", help="write the synthetic runs first (an empty store)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--as", dest="who", default="admin", choices=("admin", "viewer"))
    args = parser.parse_args()
    if args.fill:
        fill(args.db)
    measure(args.db, repeat=args.repeat, who=args.who)


if __name__ == "__main__":
    main()
