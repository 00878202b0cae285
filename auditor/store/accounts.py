"""Portal accounts in the store: users, API tokens and browser sessions.

The store keeps only what cannot be turned back into a secret: argon2id password hashes (made by
auditor.portal.passwords, which owns the hashing library) and SHA-256 digests of API tokens and
session ids. Lockout after repeated bad passwords lives here so that it holds across server
processes and restarts.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from auditor.core.errors import StoreError
from auditor.store.db.schema import SessionRow, TokenRow, UserRow

ROLES = ("admin", "technician", "approver", "viewer")
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class Account:
    """Who is calling: a name, a role, and for a viewer the clients it may see."""

    id: int
    name: str
    role: str
    clients: tuple[str, ...]
    disabled: bool

    @property
    def sees_all(self) -> bool:
        return self.role != "viewer"

    def may_see(self, client: str) -> bool:
        return self.sees_all or client in self.clients


@dataclass(frozen=True)
class BrowserSession:
    account: Account
    csrf: str


def digest(secret: str) -> str:
    """The stored form of a token or session id: high-entropy secrets need no slow hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _account(row: UserRow) -> Account:
    return Account(id=row.id, name=row.name, role=row.role, clients=tuple(row.clients), disabled=row.disabled)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_user(engine: Engine, *, name: str, role: str, clients: Sequence[str], password_hash: str) -> Account:
    """A new account; a viewer needs at least one client, staff roles take none."""
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if role == "viewer" and not clients:
        raise StoreError("a viewer is a client's login: give --client CLIENT (one or more)")
    if role != "viewer" and clients:
        raise StoreError(f"--client scopes viewers only; a {role} sees every client")
    row = UserRow(
        name=name,
        role=role,
        clients=sorted(set(clients)),
        password_hash=password_hash,
        disabled=False,
        failed_logins=0,
        created_at=datetime.now(UTC),
    )
    try:
        with Session(engine) as session, session.begin():
            session.add(row)
            session.flush()
            return _account(row)
    except IntegrityError:
        raise StoreError(f"a user named {name!r} already exists") from None


def list_users(engine: Engine) -> list[Account]:
    with Session(engine) as session:
        return [_account(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]


def disable_user(engine: Engine, name: str) -> None:
    """Disable an account: its sessions end now and its API tokens stop working."""
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            raise StoreError(f"no user named {name!r}")
        row.disabled = True
        session.execute(delete(SessionRow).where(SessionRow.user_id == row.id))


def password_record(engine: Engine, name: str, *, now: datetime) -> tuple[Account, str] | None:
    """(account, hash) of an enabled, unlocked account; None when sign-in must be refused."""
    with Session(engine) as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None or row.disabled:
            return None
        if row.locked_until is not None and _aware(row.locked_until) > now:
            return None
        return _account(row), row.password_hash


def is_locked(engine: Engine, name: str, *, now: datetime) -> bool:
    with Session(engine) as session:
        until = session.scalar(select(UserRow.locked_until).where(UserRow.name == name))
    return until is not None and _aware(until) > now


def record_login(engine: Engine, name: str, *, ok: bool, now: datetime) -> bool:
    """Count a sign-in attempt; True when this failure locked the account."""
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            return False
        if ok:
            row.failed_logins = 0
            row.locked_until = None
            return False
        row.failed_logins += 1
        if row.failed_logins >= MAX_FAILED_LOGINS:
            row.failed_logins = 0
            row.locked_until = now + LOCKOUT
            return True
        return False


def set_password_hash(engine: Engine, name: str, password_hash: str) -> None:
    """Store a re-hashed password (argon2 parameters raised since it was made)."""
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is not None:
            row.password_hash = password_hash


def create_token(engine: Engine, *, user: str, label: str) -> str:
    """A new API token for `user`, returned once; only its digest is stored."""
    token = "aud_" + secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.name == user))
        if row is None:
            raise StoreError(f"no user named {user!r}; add one with `auditor user add`")
        session.add(
            TokenRow(user_id=row.id, label=label, digest=digest(token), created_at=datetime.now(UTC), revoked=False)
        )
    return token


def token_account(engine: Engine, token: str) -> Account | None:
    with Session(engine) as session:
        row = session.scalar(
            select(UserRow)
            .join(TokenRow, TokenRow.user_id == UserRow.id)
            .where(TokenRow.digest == digest(token), TokenRow.revoked.is_(False), UserRow.disabled.is_(False))
        )
        return _account(row) if row is not None else None


def open_session(engine: Engine, account: Account, *, now: datetime) -> str:
    """A new browser session for `account`; returns the cookie value (stored only as a digest)."""
    session_id = secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        session.execute(delete(SessionRow).where(SessionRow.expires_at < now))
        session.add(
            SessionRow(
                digest=digest(session_id),
                user_id=account.id,
                csrf=secrets.token_urlsafe(32),
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
        )
    return session_id


def session_of(engine: Engine, session_id: str, *, now: datetime) -> BrowserSession | None:
    with Session(engine) as session:
        found = session.execute(
            select(UserRow, SessionRow.csrf, SessionRow.expires_at)
            .join(SessionRow, SessionRow.user_id == UserRow.id)
            .where(SessionRow.digest == digest(session_id), UserRow.disabled.is_(False))
        ).first()
    if found is None or _aware(found[2]) <= now:
        return None
    return BrowserSession(account=_account(found[0]), csrf=found[1])


def close_session(engine: Engine, session_id: str) -> None:
    with Session(engine) as session, session.begin():
        session.execute(delete(SessionRow).where(SessionRow.digest == digest(session_id)))
