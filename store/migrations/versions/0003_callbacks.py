"""Finished callbacks (store/tables.py `callbacks`, written by CallbackWorkflow).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "callbacks",
        sa.Column("call_id", sa.String(200), primary_key=True),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_offer_delay_s", sa.Float),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_callbacks_booked_at", "callbacks", ["booked_at"])
    op.create_index("ix_callbacks_queue", "callbacks", ["queue"])
    op.create_index("ix_callbacks_outcome", "callbacks", ["outcome"])


def downgrade() -> None:
    op.drop_table("callbacks")
