"""The store as the first release made it: finished calls and the built-in desk's contexts.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calls",
        sa.Column("call_id", sa.String(200), primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("turns", sa.Integer, nullable=False),
        sa.Column("intent", sa.String(64)),
        sa.Column("queue", sa.String(64)),
        sa.Column("reason", sa.String(32)),
        sa.Column("authenticated", sa.Boolean, nullable=False),
        sa.Column("handle_time_s", sa.Float),
        sa.Column("csat", sa.Integer),
        sa.Column("repeat_explanation", sa.Boolean),
        sa.Column("context_delivered", sa.Boolean),
        sa.Column("ack_latency_s", sa.Float),
        sa.Column("record", sa.JSON, nullable=False),
    )
    for column in ("started_at", "outcome", "intent", "queue", "reason"):
        op.create_index(f"ix_calls_{column}", "calls", [column])

    op.create_table(
        "desk_contexts",
        sa.Column("context_id", sa.String(64), primary_key=True),
        sa.Column("call_id", sa.String(200), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ticket_id", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("accepted_by", sa.String(128)),
        sa.Column("accepted_at", sa.DateTime(timezone=True)),
        sa.Column("note", sa.Text),
    )
    for column in ("call_id", "queue"):
        op.create_index(f"ix_desk_contexts_{column}", "desk_contexts", [column])


def downgrade() -> None:
    op.drop_table("desk_contexts")
    op.drop_table("calls")
