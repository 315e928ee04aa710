"""Policy snapshots by content digest (store/tables.py `policy_snapshots`): a call's history names its policy.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.columns import document, instant

revision: str = "0006"
down_revision: str | None = "0005"


def upgrade() -> None:
    op.create_table(
        "policy_snapshots",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(64), nullable=False),
        instant("kept_at"),
        document("snapshot"),
    )


def downgrade() -> None:
    op.drop_table("policy_snapshots")
