"""The waiver workflow both faces of the portal share: the web pages (forms) and the JSON API.

Who may request and who may decide, which clients a caller sees, and the two steps that change a
waiver: each writes the audit log the same way whichever face it came through, so the log cannot
tell a page from an API call apart by accident of two copies drifting.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import HTTPException, Request

from auditor.core.errors import StoreError
from auditor.portal.auth import Caller, client_address
from auditor.portal.pages import not_found
from auditor.store import auditlog, governance
from auditor.store.database import Store

REQUESTERS = ("technician", "admin")
APPROVERS = ("approver", "admin")


def scope_of(caller: Caller) -> tuple[str, ...] | None:
    """The clients a caller may see; None for every client."""
    return None if caller.account.sees_all else caller.account.clients


def file_request(
    request: Request, store: Store, caller: Caller, wanted: governance.WaiverRequest
) -> governance.GovernedWaiver:
    """Record a requested waiver and log who asked; a StoreError (bad check, scope, date) is the caller's to show."""
    made = governance.request_waiver(store.engine, wanted, actor=caller.account.name, now=datetime.now(UTC))
    auditlog.record(
        store.engine,
        actor=caller.account.name,
        action="waiver.requested",
        detail=f"waiver {made.id}: {made.check_id} for {made.client}",
        address=client_address(request),
    )
    return made


def decide(
    request: Request, store: Store, caller: Caller, waiver_id: int, *, approve: bool, note: str
) -> governance.GovernedWaiver:
    """Approve or reject a waiver the caller can see (404 otherwise; 409 when it cannot be decided) and log it."""
    if governance.waiver(store.engine, waiver_id, clients=scope_of(caller)) is None:
        raise not_found()
    try:
        decided = governance.decide(
            store.engine, waiver_id, approve=approve, actor=caller.account.name, note=note, now=datetime.now(UTC)
        )
    except StoreError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    auditlog.record(
        store.engine,
        actor=caller.account.name,
        action=f"waiver.{decided.status}",
        detail=f"waiver {waiver_id}: {decided.check_id} for {decided.client}",
        address=client_address(request),
    )
    return decided
