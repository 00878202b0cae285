"""Portal accounts, API tokens, sessions, governed waivers with their events, and the audit log.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(128), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("clients", sa.JSON, nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", _AT),
        sa.Column("created_at", _AT, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("label", sa.String(128), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "portal_sessions",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("expires_at", _AT, nullable=False),
    )
    op.create_table(
        "waivers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("check_id", sa.String(128), nullable=False),
        sa.Column("client", sa.String(255), index=True),
        sa.Column("host_group", sa.String(255)),
        sa.Column("host", sa.String(255)),
        sa.Column("justification", sa.Text, nullable=False),
        sa.Column("ticket", sa.String(255)),
        sa.Column("expires", _AT, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("requested_by", sa.String(128), nullable=False),
        sa.Column("requested_at", _AT, nullable=False),
        sa.Column("decided_by", sa.String(128)),
        sa.Column("decided_at", _AT),
        sa.Column("source", sa.String(16), nullable=False),
    )
    op.create_table(
        "waiver_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("waiver_id", sa.Integer, sa.ForeignKey("waivers.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("at", _AT, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _AT, nullable=False, index=True),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("address", sa.String(64)),
    )


def downgrade() -> None:
    for table in ("audit_log", "waiver_events", "waivers", "portal_sessions", "api_tokens", "users"):
        op.drop_table(table)
