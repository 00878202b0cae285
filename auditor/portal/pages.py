"""The portal's read-only pages: fleet, client, host, evidence, runs, run comparison, audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from auditor.config.loader import Config
from auditor.portal import fleet, hosts
from auditor.portal.auth import Caller, RowId, page_caller, require_role
from auditor.portal.web import render
from auditor.report.chart import history_charts
from auditor.store import auditlog, governance
from auditor.store.database import Store

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
CallerDep = Annotated[Caller, Depends(page_caller)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
Text = Annotated[str, Query(max_length=200)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _config(request: Request) -> Config:
    config: Config = request.app.state.config
    return config


def not_found() -> HTTPException:
    """The same answer for what does not exist and what the caller may not see."""
    return HTTPException(status_code=404, detail="not found")


@router.get("/")
def fleet_page(
    request: Request, caller: CallerDep, q: Text = "", sort: Text = "name", desc: bool = False, page: PageNumber = 1
) -> Response:
    now = datetime.now(UTC)
    store = _store(request)
    rows = fleet.client_rows(
        store, fleet.visible_clients(store, caller.account), now=now, sla=_config(request).finding_sla
    )
    shown, where = fleet.page_of(
        fleet.filtered_sorted(rows, query=q, sort=sort, descending=desc), number=page, size=PAGE_SIZE
    )
    scope = None if caller.account.sees_all else caller.account.clients
    expiring = governance.expiring_soon(store.engine, clients=scope, today=now.date())
    return render(
        request, "fleet.html.j2", rows=shown, page=where, q=q, sort=sort, desc=desc, expiring=expiring, total=len(rows)
    )


@router.get("/clients/{client}")
def client_page(
    request: Request,
    client: str,
    caller: CallerDep,
    q: Text = "",
    sort: Text = "name",
    desc: bool = False,
    page: PageNumber = 1,
) -> Response:
    store = _store(request)
    now = datetime.now(UTC)
    detail = fleet.client_detail(store, caller.account, client, now=now, sla=_config(request).finding_sla)
    if detail is None:
        raise not_found()
    listed = hosts.filter_hosts(hosts.client_hosts(store, client), query=q, sort=sort, descending=desc)
    shown, where = fleet.page_of(listed, number=page, size=PAGE_SIZE)
    score_chart, failed_chart = history_charts(detail.trend)
    return render(
        request,
        "client.html.j2",
        client=client,
        detail=detail,
        hosts=shown,
        page=where,
        q=q,
        sort=sort,
        desc=desc,
        score_chart=score_chart,
        failed_chart=failed_chart,
        severities=fleet.SEVERITIES,
        backups=hosts.client_backups(store, client),
        waivers=governance.waivers(store.engine, clients=[client], limit=100),
        runs=hosts.client_runs(store, client, limit=90),
    )


@router.get("/clients/{client}/hosts/{host}")
def host_page(request: Request, client: str, host: str, caller: CallerDep) -> Response:
    detail = hosts.host_detail(_store(request), caller.account, client, host)
    if detail is None:
        raise not_found()
    return render(request, "host.html.j2", detail=detail, may_request=caller.account.role in ("technician", "admin"))


@router.get("/evidence/{evidence_id}")
def evidence_page(request: Request, evidence_id: RowId, caller: CallerDep) -> Response:
    found = hosts.evidence(_store(request), caller.account, evidence_id)
    if found is None:
        raise not_found()
    return render(request, "evidence.html.j2", evidence=found)


@router.get("/runs")
def runs_page(request: Request, caller: CallerDep, page: PageNumber = 1) -> Response:
    lines, where = fleet.runs(_store(request), caller.account, number=page, size=PAGE_SIZE)
    return render(request, "runs.html.j2", runs=lines, page=where)


@router.get("/clients/{client}/compare")
def compare_page(request: Request, client: str, caller: CallerDep, base: Text = "", head: Text = "") -> Response:
    store = _store(request)
    if not caller.account.may_see(client) or client not in fleet.visible_clients(store, caller.account):
        raise not_found()
    runs = hosts.client_runs(store, client, limit=90)
    if not base or not head:
        if len(runs) < 2:
            return render(request, "compare.html.j2", client=client, runs=runs, diff=None, base=base, head=head)
        base, head = base or runs[1].id, head or runs[0].id
    diff = hosts.compare(store, caller.account, client, base=base, head=head)
    if diff is None:
        raise not_found()
    return render(request, "compare.html.j2", client=client, runs=runs, diff=diff, base=base, head=head)


@router.get("/audit")
def audit_page(request: Request, caller: CallerDep, page: PageNumber = 1) -> Response:
    require_role(caller, "admin")
    entries = auditlog.entries(_store(request).engine, limit=200, offset=(page - 1) * 200)
    return render(request, "audit.html.j2", entries=entries, page_number=page)
