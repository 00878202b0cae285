"""The store's tables (SQLAlchemy ORM). Their history is auditor/store/db/migrations (Alembic).

Change a table here and add a migration beside the others; tests/store/test_migrate.py checks that a
database migrated from scratch matches these definitions (a new store is built from them directly).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class RunRow(Base):
    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    info: Mapped[dict[str, object]] = mapped_column(JSON)
    hosts: Mapped[list[HostRow]] = relationship(back_populates="run", order_by="HostRow.id")


class HostRow(Base):
    __tablename__ = "hosts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    client: Mapped[str] = mapped_column(String(255), index=True)
    assessed: Mapped[bool] = mapped_column(Boolean)
    report: Mapped[dict[str, object]] = mapped_column(JSON)  # HostReport without evidence and results
    run: Mapped[RunRow] = relationship(back_populates="hosts")
    evidence: Mapped[list[EvidenceRow]] = relationship(order_by="EvidenceRow.id", cascade="all, delete-orphan")
    results: Mapped[list[ResultRow]] = relationship(order_by="ResultRow.id", cascade="all, delete-orphan")


class EvidenceRow(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="CASCADE"), index=True)
    probe: Mapped[str] = mapped_column(String(64))
    command: Mapped[str] = mapped_column(Text)
    stdout: Mapped[str] = mapped_column(Text)
    stderr: Mapped[str] = mapped_column(Text)
    exit_status: Mapped[int] = mapped_column(Integer)
    complete: Mapped[bool] = mapped_column(Boolean)


class ResultRow(Base):
    __tablename__ = "results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="CASCADE"), index=True)
    check_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    result: Mapped[dict[str, object]] = mapped_column(JSON)


class SightingRow(Base):
    """When a pending update was first and last seen on a host: the age of updates with no advisory date."""

    __tablename__ = "update_sightings"
    __table_args__ = (UniqueConstraint("client", "host", "update_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(255))
    host: Mapped[str] = mapped_column(String(255))
    update_key: Mapped[str] = mapped_column(String(512))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FindingRow(Base):
    """A finding's life across runs: one row per (client, host, check, subject).

    `subject` tells apart several findings of one check on one host (e.g. one per package); the
    checks of today report one finding per check, with an empty subject.
    """

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("client", "host", "check_id", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(255), index=True)
    host: Mapped[str] = mapped_column(String(255))
    check_id: Mapped[str] = mapped_column(String(128))
    subject: Mapped[str] = mapped_column(String(512), default="")
    title: Mapped[str] = mapped_column(String(512))
    category: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # open | resolved
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reopened_count: Mapped[int] = mapped_column(Integer, default=0)
    first_run_id: Mapped[str] = mapped_column(String(64))
    last_run_id: Mapped[str] = mapped_column(String(64))


class RunSummaryRow(Base):
    """Per run and client: what trends are drawn from; kept when old evidence is pruned."""

    __tablename__ = "run_summaries"
    __table_args__ = (UniqueConstraint("run_id", "client"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    client: Mapped[str] = mapped_column(String(255), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    hosts: Mapped[int] = mapped_column(Integer)
    assessed: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[float | None] = mapped_column(Float)
    failed_by_severity: Mapped[dict[str, int]] = mapped_column(JSON)


class DeliveryRow(Base):
    """One attempt to e-mail a client's report for a period (`auditor deliver`): the delivery log.

    A client and period with a `sent` row is not sent again; a `failed` one is retried by the next
    deliver. The SMTP password is never stored; recipients are stored because the log must show
    who received what.
    """

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(255), index=True)
    period: Mapped[str] = mapped_column(String(64), index=True)
    recipients: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # sent | failed
    message_id: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ManifestRow(Base):
    """A run's evidence manifest, signed when the MSP has a signing key (auditor.store.integrity)."""

    __tablename__ = "run_manifests"

    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    signed: Mapped[dict[str, object]] = mapped_column(JSON)  # SignedManifest
    digest: Mapped[str] = mapped_column(String(64))
    key_fingerprint: Mapped[str | None] = mapped_column(String(128))


class UserRow(Base):
    """A portal account: argon2id hash only, a role, and for a client viewer the clients it may see."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # admin | technician | approver | viewer
    clients: Mapped[list[str]] = mapped_column(JSON)  # a viewer's clients; empty for staff roles
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TokenRow(Base):
    """An API token of a user, kept as its SHA-256 only: the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(128))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class SessionRow(Base):
    """A signed-in browser: the cookie carries a random id, the store its SHA-256 and the CSRF token."""

    __tablename__ = "portal_sessions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GovernedWaiverRow(Base):
    """A waiver requested, approved or rejected in the store (or imported from a waivers file)."""

    __tablename__ = "waivers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    check_id: Mapped[str] = mapped_column(String(128))
    client: Mapped[str | None] = mapped_column(String(255), index=True)
    host_group: Mapped[str | None] = mapped_column(String(255))
    host: Mapped[str | None] = mapped_column(String(255))
    justification: Mapped[str] = mapped_column(Text)
    ticket: Mapped[str | None] = mapped_column(String(255))
    expires: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), index=True)  # requested | approved | rejected | revoked
    requested_by: Mapped[str] = mapped_column(String(128))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(16))  # portal | file


class WaiverEventRow(Base):
    """One change of a governed waiver: who did what, when."""

    __tablename__ = "waiver_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    waiver_id: Mapped[int] = mapped_column(ForeignKey("waivers.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")


class AuditRow(Base):
    """The portal's audit log: sign-ins (good and bad), account and waiver changes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str | None] = mapped_column(String(64))


class TicketRow(Base):
    """A PSA ticket auditor opened for one client and finding group (a check, or a host).

    The PSA's own ticket id is kept so that a later run updates that ticket instead of opening
    another; `members` are the (host, check) findings the ticket covers, each with its title and
    severity, so a finding carried over from a host this run did not assess keeps its text. A
    closed row is history: the group's next failure opens a new ticket. No credential is stored.
    """

    __tablename__ = "psa_tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    psa: Mapped[str] = mapped_column(String(16))  # connectwise | autotask | halopsa
    client: Mapped[str] = mapped_column(String(255), index=True)
    group_by: Mapped[str] = mapped_column(String(8))  # check | host
    group_key: Mapped[str] = mapped_column(String(255))
    ticket_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)  # open | closed
    severity: Mapped[str] = mapped_column(String(16))
    members: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_run_id: Mapped[str] = mapped_column(String(64))
    last_run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
