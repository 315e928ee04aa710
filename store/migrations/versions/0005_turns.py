"""Each caller turn's inputs to the plan (store/tables.py `turns`, written with the call), for the what-if.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.columns import document, instant

revision: str = "0005"
down_revision: str | None = "0004"


def upgrade() -> None:
    op.create_table(
        "turns",
        sa.Column("call_id", sa.String(200), primary_key=True),
        sa.Column("turn", sa.Integer, primary_key=True),
        instant("at"),
        sa.Column("backend", sa.String(32), nullable=False),
        sa.Column("backend_version", sa.String(64), nullable=False),
        document("log"),
    )


def downgrade() -> None:
    op.drop_table("turns")
