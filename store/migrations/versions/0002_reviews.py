"""Stored weekly review reports (store/tables.py `reviews`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.columns import document, instant, key

revision: str = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    op.create_table(
        "reviews",
        key("review_id", 200),
        instant("created_at"),
        instant("since"),
        instant("until"),
        sa.Column("calls", sa.Integer, nullable=False),
        document("summary"),
        document("report"),
    )
    op.create_index("ix_reviews_created_at", "reviews", ["created_at"])


def downgrade() -> None:
    op.drop_table("reviews")
