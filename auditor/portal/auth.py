"""Who is calling: a browser session cookie or an API bearer token; CSRF; sign-in throttling.

Browser sessions live in the store (auditor.store.accounts): the cookie holds a random id, never
a user name, so disabling a user or signing out ends the session everywhere. Every state-changing
request made with a session cookie carries the session's CSRF token (a form field, or the
X-CSRF-Token header for scripts); bearer-token calls carry no cookie and need none.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import HTTPException, Path, Request
from starlette.responses import Response

from auditor.store.accounts import Account, session_of, token_account
from auditor.store.database import Store

SESSION_COOKIE = "auditor_session"
LOGIN_COOKIE = "auditor_login"  # double-submit token of the sign-in form (no session exists yet)
THROTTLE_ATTEMPTS = 10
THROTTLE_WINDOW = 300.0  # seconds
# a row id in a path: bounded, so a huge guessed number is a 422 and never reaches the database driver
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@dataclass(frozen=True)
class Caller:
    account: Account
    csrf: str | None  # None for bearer-token callers
    session_id: str | None


class SignInRequired(Exception):
    """A page was asked for without a session: the app answers with the sign-in page."""


def resolve(request: Request) -> Caller | None:
    store: Store = request.app.state.store
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        account = token_account(store.engine, token.strip())
        return Caller(account=account, csrf=None, session_id=None) if account else None
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    found = session_of(store.engine, session_id, now=datetime.now(UTC))
    return Caller(account=found.account, csrf=found.csrf, session_id=session_id) if found else None


def page_caller(request: Request) -> Caller:
    """Dependency of the HTML pages: a signed-in caller, or the sign-in page."""
    caller = resolve(request)
    if caller is None:
        raise SignInRequired
    request.state.caller = caller  # the page layout shows who is signed in and carries the CSRF token
    return caller


def api_caller(request: Request) -> Caller:
    """Dependency of the API: a caller with a valid token or session, or 401."""
    caller = resolve(request)
    if caller is None:
        detail = "sign in or send Authorization: Bearer TOKEN"
        raise HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})
    return caller


def require_csrf(caller: Caller, presented: str | None) -> None:
    """A cookie-authenticated change must present the session's CSRF token."""
    if caller.csrf is None:
        return
    if not presented or not secrets.compare_digest(presented, caller.csrf):
        raise HTTPException(status_code=403, detail="missing or stale CSRF token: reload the page and try again")


def require_role(caller: Caller, *roles: str) -> None:
    if caller.account.role not in roles:
        raise HTTPException(status_code=403, detail=f"this needs the role {' or '.join(roles)}")


def secure_request(request: Request) -> bool:
    """Under TLS (directly, or as the reverse proxy's forwarded headers tell uvicorn)."""
    return request.url.scheme == "https" or bool(request.app.state.settings.secure_cookies)


def set_cookie(request: Request, response: Response, name: str, value: str, *, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=request.scope.get("root_path") or "/",
        secure=secure_request(request),
        httponly=True,
        samesite="strict" if name == LOGIN_COOKIE else "lax",
    )


class LoginThrottle:
    """At most THROTTLE_ATTEMPTS sign-in attempts per address per THROTTLE_WINDOW (in this process).

    The per-account lockout in the store stops guessing one account's password from many
    addresses; this stops one address trying many accounts.
    """

    def __init__(self, *, attempts: int = THROTTLE_ATTEMPTS, window: float = THROTTLE_WINDOW) -> None:
        self._attempts = attempts
        self._window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(address, deque())
            while seen and now - seen[0] > self._window:
                seen.popleft()
            if len(seen) >= self._attempts:
                return False
            seen.append(now)
            if len(self._seen) > 10_000:  # bounded memory under a spray of addresses
                self._seen = {key: value for key, value in self._seen.items() if value}
            return True


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
