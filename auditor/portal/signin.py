"""Signing in and out: argon2id passwords, per-address throttling, per-account lockout, all audited."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from auditor.portal.auth import LOGIN_COOKIE, SESSION_COOKIE, LoginThrottle, client_address, resolve, set_cookie
from auditor.portal.passwords import hash_password, needs_rehash, verify
from auditor.portal.web import render, url
from auditor.store import auditlog
from auditor.store.accounts import (
    SESSION_LIFETIME,
    close_session,
    is_locked,
    open_session,
    password_record,
    record_login,
    set_password_hash,
)
from auditor.store.database import Store

router = APIRouter(include_in_schema=False)
REFUSED = "Wrong user name or password, or the account is locked or disabled."


def _safe_next(request: Request, target: str | None) -> str:
    """Only a path inside this app, never another site (an open redirect)."""
    root = request.scope.get("root_path", "")
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target if target.startswith(root) else root + target
    return url(request, "")


def _form(request: Request, *, error: str | None, status_code: int, next_path: str | None) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request, "login.html.j2", status_code=status_code, error=error, login_token=token, next_path=next_path or ""
    )
    set_cookie(request, response, LOGIN_COOKIE, token, max_age=1800)
    return response


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    if resolve(request) is not None:
        return RedirectResponse(_safe_next(request, next), status_code=303)
    return _form(request, error=None, status_code=200, next_path=next)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    login_token: Annotated[str, Form(max_length=128)],
    next: Annotated[str, Form(max_length=2048)] = "",
) -> Response:
    store: Store = request.app.state.store
    throttle: LoginThrottle = request.app.state.throttle
    address = client_address(request)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, login_token):
        return _form(request, error="The sign-in form expired: try again.", status_code=403, next_path=next)
    if not throttle.allow(address):
        auditlog.record(store.engine, actor=username, action="login.throttled", address=address)
        return _form(request, error="Too many sign-in attempts: wait a few minutes.", status_code=429, next_path=next)
    now = datetime.now(UTC)
    found = password_record(store.engine, username, now=now)
    if found is None or not verify(found[1], password):
        if found is None:
            verify(None, password)  # the same work for an unknown or locked name
        locked_now = record_login(store.engine, username, ok=False, now=now)
        action = "login.locked" if locked_now or is_locked(store.engine, username, now=now) else "login.failed"
        auditlog.record(store.engine, actor=username, action=action, address=address)
        return _form(request, error=REFUSED, status_code=401, next_path=next)
    account, password_hash = found
    record_login(store.engine, username, ok=True, now=now)
    if needs_rehash(password_hash):
        set_password_hash(store.engine, username, hash_password(password))
    auditlog.record(store.engine, actor=account.name, action="login.ok", address=address)
    response = RedirectResponse(_safe_next(request, next), status_code=303)
    set_cookie(
        request,
        response,
        SESSION_COOKIE,
        open_session(store.engine, account, now=now),
        max_age=int(SESSION_LIFETIME.total_seconds()),
    )
    response.delete_cookie(LOGIN_COOKIE, path=request.scope.get("root_path") or "/")
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    store: Store = request.app.state.store
    caller = resolve(request)
    if caller is not None and caller.session_id and caller.csrf and secrets.compare_digest(csrf, caller.csrf):
        close_session(store.engine, caller.session_id)
        auditlog.record(store.engine, actor=caller.account.name, action="logout", address=client_address(request))
    response = RedirectResponse(url(request, "login"), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=request.scope.get("root_path") or "/")
    return response
