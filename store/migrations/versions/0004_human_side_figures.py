"""The human side's figures: handle time's parts on `calls`, and wrap-ups that come back late.

`calls` gains talk, hold and after-call work (warmline/handle_time.py). Calls stored
before this revision keep NULL parts: their `handle_time_s` was measured connect →
completed, which is talk on some paths and talk plus wrap-up on others, and cannot be
split after the fact. `dispositions` keeps a wrap-up that arrives after the call's
record was written (a solved Zendesk ticket; warmline/dispositions.py); `helpdesk_tickets`
which call each Zendesk ticket the adapter created is for, so that wrap-up finds its call.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.columns import document, instant, key

revision: str = "0004"
down_revision: str | None = "0003"
PARTS = ("talk_s", "hold_s", "acw_s")


def upgrade() -> None:
    # A database adopted from `create_all` (store/migrations/__init__.py) may have the columns already.
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("calls")}
    with op.batch_alter_table("calls") as batch:  # batch: SQLite cannot add columns in every form otherwise
        for name in PARTS:
            if name not in have:
                batch.add_column(sa.Column(name, sa.Float))
    op.create_table(
        "dispositions",
        key("disposition_id", 200),
        sa.Column("call_id", sa.String(200), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        instant("at"),
        document("record"),
    )
    op.create_index("ix_dispositions_call_id", "dispositions", ["call_id"])
    op.create_index("ix_dispositions_at", "dispositions", ["at"])
    op.create_table(
        "helpdesk_tickets",
        key("ticket_id", 64),
        sa.Column("context_id", sa.String(64), nullable=False),
        sa.Column("call_id", sa.String(200), nullable=False),
        sa.Column("callback_workflow_id", sa.String(220)),
        instant("created_at"),
    )
    op.create_index("ix_helpdesk_tickets_context_id", "helpdesk_tickets", ["context_id"])


def downgrade() -> None:
    op.drop_table("helpdesk_tickets")
    op.drop_table("dispositions")
    with op.batch_alter_table("calls") as batch:
        for name in PARTS:
            batch.drop_column(name)
