"""Finding lifecycle and per-client run summaries (history, drift, trends).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("client", sa.String(255), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("check_id", sa.String(128), nullable=False),
        sa.Column("subject", sa.String(512), nullable=False),
        sa.Column("title", sa.String(512), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True)),
        sa.Column("reopened_at", sa.DateTime(timezone=True)),
        sa.Column("reopened_count", sa.Integer, nullable=False),
        sa.Column("first_run_id", sa.String(64), nullable=False),
        sa.Column("last_run_id", sa.String(64), nullable=False),
        sa.UniqueConstraint("client", "host", "check_id", "subject"),
    )
    op.create_index("ix_findings_client", "findings", ["client"])
    op.create_table(
        "run_summaries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("client", sa.String(255), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hosts", sa.Integer, nullable=False),
        sa.Column("assessed", sa.Integer, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("coverage", sa.Float),
        sa.Column("failed_by_severity", sa.JSON, nullable=False),
        sa.UniqueConstraint("run_id", "client"),
    )
    op.create_index("ix_run_summaries_run_id", "run_summaries", ["run_id"])
    op.create_index("ix_run_summaries_client", "run_summaries", ["client"])


def downgrade() -> None:
    op.drop_table("run_summaries")
    op.drop_table("findings")
