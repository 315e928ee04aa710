"""The store as the first release made it: finished calls and the built-in desk's contexts.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.columns import document, instant, key

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "calls",
        key("call_id", 200),
        instant("started_at"),
        instant("ended_at"),
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
        document("record"),
    )
    for column in ("started_at", "outcome", "intent", "queue", "reason"):
        op.create_index(f"ix_calls_{column}", "calls", [column])

    op.create_table(
        "desk_contexts",
        key("context_id", 64),
        sa.Column("call_id", sa.String(200), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        instant("created_at"),
        sa.Column("ticket_id", sa.String(64), nullable=False),
        document("payload"),
        sa.Column("accepted_by", sa.String(128)),
        instant("accepted_at", required=False),
        sa.Column("note", sa.Text),
    )
    for column in ("call_id", "queue"):
        op.create_index(f"ix_desk_contexts_{column}", "desk_contexts", [column])


def downgrade() -> None:
    op.drop_table("desk_contexts")
    op.drop_table("calls")
