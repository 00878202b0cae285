"""PSA tickets: one row per ticket auditor opened for a client's finding group.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "psa_tickets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("psa", sa.String(16), nullable=False),
        sa.Column("client", sa.String(255), nullable=False, index=True),
        sa.Column("group_by", sa.String(8), nullable=False),
        sa.Column("group_key", sa.String(255), nullable=False),
        sa.Column("ticket_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("members", sa.JSON, nullable=False),
        sa.Column("opened_at", _AT, nullable=False),
        sa.Column("updated_at", _AT, nullable=False),
        sa.Column("closed_at", _AT),
        sa.Column("last_run_id", sa.String(64), nullable=False),
        sa.Column("last_run_at", _AT, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("psa_tickets")
