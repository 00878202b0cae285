"""The JSON API under /api/v1/: what the pages show, for integrations (Authorization: Bearer TOKEN).

No credentials: 401. Anything outside the caller's clients answers 404, exactly like something
that does not exist. Changes made with a session cookie need the X-CSRF-Token header.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from auditor.core.errors import StoreError
from auditor.portal import fleet, hosts, waiverflow
from auditor.portal.auth import Caller, RowId, api_caller, require_csrf, require_role
from auditor.portal.pages import not_found
from auditor.portal.waiverflow import APPROVERS, REQUESTERS, scope_of
from auditor.store import governance
from auditor.store.database import Store

router = APIRouter(prefix="/api/v1", tags=["auditor"])
# documents the scheme in the OpenAPI document; api_caller reads the header (or a session cookie) itself
bearer = HTTPBearer(auto_error=False, description="An API token from `auditor token create NAME`.")


def _caller(request: Request, _token: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]) -> Caller:
    return api_caller(request)


CallerDep = Annotated[Caller, Depends(_caller)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
Text = Annotated[str, Query(max_length=200)]
PAGE_SIZE = 100
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found, or outside the caller's clients"},
    401: {"description": "No credentials"},
}


class PageOut(BaseModel):
    number: int
    size: int
    total: int
    pages: int


class ClientOut(BaseModel):
    name: str
    last_run_id: str | None
    last_run_at: datetime | None
    score: float | None
    grade: str
    coverage: float | None
    trend: list[float | None]
    change: float | None
    sla_breaches: int
    new_since_last_run: int
    hosts: int
    not_assessed: int
    open_findings: int


class ClientDetailOut(ClientOut):
    sla_compliance: float | None
    open_by_age: dict[str, dict[str, int]]


class HostOut(BaseModel):
    client: str
    name: str
    assessed: bool
    os: str
    error: str | None
    failed: int
    worst: str | None
    passed: int


class HostsPage(BaseModel):
    page: PageOut
    hosts: list[HostOut]


class RunOut(BaseModel):
    id: str
    started_at: datetime
    complete: bool
    clients: list[str]
    hosts: int
    assessed: int
    score: float | None


class RunsPage(BaseModel):
    page: PageOut
    runs: list[RunOut]


class FindingOut(BaseModel):
    client: str
    host: str
    check_id: str
    title: str
    severity: str
    status: str
    first_seen: datetime
    last_seen: datetime
    resolved_at: datetime | None
    reopened_count: int


class FindingsPage(BaseModel):
    page: PageOut
    findings: list[FindingOut]


class WaiverOut(BaseModel):
    id: int
    check_id: str
    client: str | None
    group: str | None
    host: str | None
    justification: str
    ticket: str | None
    expires: date
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None


class WaiverIn(BaseModel):
    check_id: str = Field(min_length=1, max_length=128)
    client: str = Field(min_length=1, max_length=255)
    host: str | None = Field(default=None, max_length=255)
    group: str | None = Field(default=None, max_length=255)
    justification: str = Field(min_length=10, max_length=4000)
    ticket: str | None = Field(default=None, max_length=255)
    expires: date


class DecisionIn(BaseModel):
    decision: Literal["approve", "reject"]
    note: str = Field(default="", max_length=2000)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _page(page: fleet.Page) -> PageOut:
    return PageOut(number=page.number, size=page.size, total=page.total, pages=page.pages)


def _client(row: fleet.ClientRow) -> ClientOut:
    return ClientOut.model_validate(row, from_attributes=True)


@router.get("/clients", responses=NOT_FOUND)
def list_clients(request: Request, caller: CallerDep) -> list[ClientOut]:
    """The clients the caller may see, with their latest figures."""
    store = _store(request)
    clients = fleet.visible_clients(store, caller.account)
    rows = fleet.client_rows(store, clients, now=datetime.now(UTC), sla=request.app.state.config.finding_sla)
    return [_client(row) for row in rows]


@router.get("/clients/{name}", responses=NOT_FOUND)
def get_client(request: Request, name: str, caller: CallerDep) -> ClientDetailOut:
    sla = request.app.state.config.finding_sla
    detail = fleet.client_detail(_store(request), caller.account, name, now=datetime.now(UTC), sla=sla)
    if detail is None:
        raise not_found()
    return ClientDetailOut(
        **_client(detail.row).model_dump(),
        sla_compliance=detail.sla_compliance,
        open_by_age={bucket: dict(counts) for bucket, counts in detail.open_by_age.items()},
    )


@router.get("/hosts", responses=NOT_FOUND)
def list_hosts(
    request: Request, caller: CallerDep, client: Text = "", q: Text = "", sort: Text = "name", page: PageNumber = 1
) -> HostsPage:
    """Hosts of the latest run of each client (or of `client`), filtered by `q`, sorted, paged."""
    store = _store(request)
    clients = fleet.visible_clients(store, caller.account)
    if client:
        if client not in clients:
            raise not_found()
        clients = [client]
    lines = [
        (c, h)
        for c, h in hosts.latest_hosts(store, clients)
        if not q or q.lower() in h.name.lower() or q.lower() in h.os.lower()
    ]
    lines.sort(key=lambda pair: (pair[0], hosts.HOST_SORTS.get(sort, hosts.HOST_SORTS["name"])(pair[1])))
    shown, where = fleet.page_of(lines, number=page, size=PAGE_SIZE)
    return HostsPage(page=_page(where), hosts=[HostOut(client=c, **h.__dict__) for c, h in shown])


@router.get("/runs", responses=NOT_FOUND)
def list_runs(request: Request, caller: CallerDep, page: PageNumber = 1) -> RunsPage:
    """Runs that audited the caller's clients, newest first, with those clients' figures only."""
    lines, where = fleet.runs(_store(request), caller.account, number=page, size=PAGE_SIZE)
    return RunsPage(page=_page(where), runs=[RunOut.model_validate(line, from_attributes=True) for line in lines])


@router.get("/findings", responses=NOT_FOUND)
def list_findings(
    request: Request,
    caller: CallerDep,
    client: Text = "",
    status: Literal["open", "resolved"] | None = None,
    page: PageNumber = 1,
) -> FindingsPage:
    store = _store(request)
    clients = fleet.visible_clients(store, caller.account)
    if client:
        if client not in clients:
            raise not_found()
        clients = [client]
    shown, total = hosts.findings_page(store, clients, status=status, number=page, size=PAGE_SIZE)
    where = fleet.Page(number=page, size=PAGE_SIZE, total=total)
    return FindingsPage(
        page=_page(where),
        findings=[
            FindingOut(
                client=f.client,
                host=f.host,
                check_id=f.check_id,
                title=f.title,
                severity=f.severity,
                status=f.state.status,
                first_seen=f.state.first_seen,
                last_seen=f.state.last_seen,
                resolved_at=f.state.resolved_at,
                reopened_count=f.state.reopened_count,
            )
            for f in shown
        ],
    )


def _waiver(item: governance.GovernedWaiver) -> WaiverOut:
    return WaiverOut.model_validate(item, from_attributes=True)


@router.get("/waivers", responses=NOT_FOUND)
def list_waivers(
    request: Request, caller: CallerDep, status: Literal["requested", "approved", "rejected", "revoked"] | None = None
) -> list[WaiverOut]:
    items = governance.waivers(_store(request).engine, clients=scope_of(caller), status=status)
    return [_waiver(item) for item in items]


@router.post("/waivers", status_code=201, responses={**NOT_FOUND, 403: {"description": "Not a technician"}})
def create_waiver(
    request: Request, body: WaiverIn, caller: CallerDep, x_csrf_token: Annotated[str | None, Header()] = None
) -> WaiverOut:
    """Request a waiver (technicians and admins); it waives nothing until approved."""
    require_csrf(caller, x_csrf_token)
    require_role(caller, *REQUESTERS)
    store = _store(request)
    if body.client not in fleet.visible_clients(store, caller.account):
        raise not_found()
    wanted = governance.WaiverRequest(
        check_id=body.check_id,
        client=body.client,
        group=body.group or None,
        host=body.host or None,
        justification=body.justification,
        ticket=body.ticket or None,
        expires=body.expires,
    )
    try:
        made = waiverflow.file_request(request, store, caller, wanted)
    except StoreError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return _waiver(made)


@router.post("/waivers/{waiver_id}/decision", responses={**NOT_FOUND, 403: {"description": "Not an approver"}, 409: {}})
def decide_waiver(
    request: Request,
    waiver_id: RowId,
    body: DecisionIn,
    caller: CallerDep,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> WaiverOut:
    """Approve or reject a requested waiver (approvers and admins; never one's own request)."""
    require_csrf(caller, x_csrf_token)
    require_role(caller, *APPROVERS)
    store = _store(request)
    decided = waiverflow.decide(request, store, caller, waiver_id, approve=body.decision == "approve", note=body.note)
    return _waiver(decided)
