"""Governed waivers in the browser: request, approve or reject, the trail, expiring soon, export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

import yaml
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from auditor.core.errors import StoreError
from auditor.portal import fleet
from auditor.portal.auth import Caller, RowId, page_caller, require_csrf, require_role
from auditor.portal.pages import not_found
from auditor.portal.waiverflow import APPROVERS, REQUESTERS, decide, file_request, scope_of
from auditor.portal.web import render, url
from auditor.store import governance
from auditor.store.database import Store

router = APIRouter(include_in_schema=False)
CallerDep = Annotated[Caller, Depends(page_caller)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@router.get("/waivers")
def waivers_page(request: Request, caller: CallerDep, status: str | None = None) -> Response:
    store = _store(request)
    scope = scope_of(caller)
    chosen = status if status in (governance.REQUESTED, governance.APPROVED, governance.REJECTED) else None
    return render(
        request,
        "waivers.html.j2",
        waivers=governance.waivers(store.engine, clients=scope, status=chosen),
        expiring=governance.expiring_soon(store.engine, clients=scope, today=datetime.now(UTC).date()),
        status=chosen,
        may_request=caller.account.role in REQUESTERS,
        may_decide=caller.account.role in APPROVERS,
    )


@router.get("/waivers/new")
def new_waiver_page(request: Request, caller: CallerDep, client: str = "", host: str = "", check: str = "") -> Response:
    require_role(caller, *REQUESTERS)
    clients = fleet.visible_clients(_store(request), caller.account)
    default_expiry = (datetime.now(UTC).date() + timedelta(days=90)).isoformat()
    return render(
        request,
        "waiver_new.html.j2",
        clients=clients,
        client=client,
        host=host,
        check=check,
        expires=default_expiry,
        error=None,
    )


@router.post("/waivers")
def request_waiver(
    request: Request,
    caller: CallerDep,
    csrf: Annotated[str, Form(max_length=128)],
    check: Annotated[str, Form(min_length=1, max_length=128)],
    client: Annotated[str, Form(min_length=1, max_length=255)],
    justification: Annotated[str, Form(max_length=4000)],
    expires: Annotated[date, Form()],
    host: Annotated[str, Form(max_length=255)] = "",
    group: Annotated[str, Form(max_length=255)] = "",
    ticket: Annotated[str, Form(max_length=255)] = "",
) -> Response:
    require_csrf(caller, csrf)
    require_role(caller, *REQUESTERS)
    store = _store(request)
    clients = fleet.visible_clients(store, caller.account)
    if client not in clients:
        raise not_found()
    wanted = governance.WaiverRequest(
        check_id=check.strip(),
        client=client,
        group=group.strip() or None,
        host=host.strip() or None,
        justification=justification,
        ticket=ticket.strip() or None,
        expires=expires,
    )
    try:
        made = file_request(request, store, caller, wanted)
    except StoreError as exc:
        return render(
            request,
            "waiver_new.html.j2",
            status_code=400,
            clients=clients,
            client=client,
            host=host,
            check=check,
            expires=expires.isoformat(),
            error=str(exc),
        )
    return RedirectResponse(url(request, "waivers", made.id), status_code=303)


@router.get("/waivers/export.yaml")
def export_waivers(request: Request, caller: CallerDep) -> Response:
    """The approved waivers as a waivers file (a viewer's: its clients' only)."""
    store = _store(request)
    scope = scope_of(caller)
    items = governance.waivers(store.engine, clients=scope, status=governance.APPROVED, limit=100_000)
    document = governance.document_of([w.entry() for w in items])
    return Response(
        yaml.safe_dump(document, sort_keys=False, allow_unicode=True),
        media_type="application/yaml",
        headers={"Content-Disposition": 'attachment; filename="waivers.yaml"'},
    )


@router.get("/waivers/{waiver_id}")
def waiver_page(request: Request, waiver_id: RowId, caller: CallerDep) -> Response:
    store = _store(request)
    found = governance.waiver(store.engine, waiver_id, clients=scope_of(caller))
    if found is None:
        raise not_found()
    return render(
        request,
        "waiver.html.j2",
        waiver=found,
        events=governance.events(store.engine, waiver_id),
        may_decide=caller.account.role in APPROVERS and found.requested_by != caller.account.name,
    )


@router.post("/waivers/{waiver_id}/decision")
def decide_waiver(
    request: Request,
    waiver_id: RowId,
    caller: CallerDep,
    csrf: Annotated[str, Form(max_length=128)],
    decision: Annotated[str, Form(pattern="^(approve|reject)$")],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    require_csrf(caller, csrf)
    require_role(caller, *APPROVERS)
    store = _store(request)
    decide(request, store, caller, waiver_id, approve=decision == "approve", note=note)
    return RedirectResponse(url(request, "waivers", waiver_id), status_code=303)
