"""Finished callbacks (store/tables.py `callbacks`, written by CallbackWorkflow).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.columns import document, instant, key

revision: str = "0003"
down_revision: str | None = "0002"


def upgrade() -> None:
    op.create_table(
        "callbacks",
        key("call_id", 200),
        instant("booked_at"),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        instant("completed_at"),
        sa.Column("first_offer_delay_s", sa.Float),
        document("record"),
    )
    op.create_index("ix_callbacks_booked_at", "callbacks", ["booked_at"])
    op.create_index("ix_callbacks_queue", "callbacks", ["queue"])
    op.create_index("ix_callbacks_outcome", "callbacks", ["outcome"])


def downgrade() -> None:
    op.drop_table("callbacks")
