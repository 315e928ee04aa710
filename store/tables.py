"""The store's tables (SQLAlchemy Core), all on one `metadata` so `create_all` and Alembic see every one.

Every instant is stored as aware UTC (`utc`): SQLite drops the offset, so a naive
value read back means UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, Column, Float, Integer, MetaData, String, Table, Text

from store.columns import document, instant, key

metadata = MetaData()


def utc(value: datetime) -> datetime:
    """An aware UTC datetime: SQLite drops the offset, so every stored and compared instant is UTC (naive = UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _table(name: str, *columns: Column[Any]) -> Table:
    """A table on the one `metadata`, where `create_all`, Alembic's autogenerate and the drift test look."""
    return Table(name, metadata, *columns)


# One row per finished call, written once by the workflow's last activity.
calls = _table(
    "calls",
    key("call_id", 200),
    instant("started_at", index=True),
    instant("ended_at"),
    Column("outcome", String(32), nullable=False, index=True),
    Column("turns", Integer, nullable=False),
    Column("intent", String(64), index=True),
    Column("queue", String(64), index=True),
    Column("reason", String(32), index=True),
    Column("authenticated", Boolean, nullable=False, default=False),
    Column("handle_time_s", Float),  # talk + hold + after-call work, each kept too (warmline/handle_time.py)
    Column("talk_s", Float),
    Column("hold_s", Float),
    Column("acw_s", Float),
    Column("csat", Integer),
    Column("repeat_explanation", Boolean),
    Column("context_delivered", Boolean),
    Column("ack_latency_s", Float),
    document("record"),  # the full CallRecord, for reviews and what-if
)

# One row per caller turn of a finished call: what the turn's plan was fed (warmline/turn_log.py), for the
# what-if's exact replay. Written with the call's row, by the same activity.
turns = _table(
    "turns",
    Column("call_id", String(200), primary_key=True),
    Column("turn", Integer, primary_key=True),
    instant("at"),
    Column("backend", String(32), nullable=False),  # the understanding back-end that ran
    Column("backend_version", String(64), nullable=False),
    document("log"),  # the whole TurnLog
)

# The built-in desk helpdesk: one row per published context, acknowledged once stored.
contexts = _table(
    "desk_contexts",
    key("context_id", 64),
    Column("call_id", String(200), nullable=False, index=True),
    Column("queue", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False, default="offered"),  # offered | withdrawn | accepted
    instant("created_at"),
    Column("ticket_id", String(64), nullable=False),
    document("payload"),
    Column("accepted_by", String(128)),
    instant("accepted_at", required=False),
    Column("note", Text),  # why it was withdrawn
)


# One row per finished callback (CallbackWorkflow's last activity): how booked callbacks end.
callbacks = _table(
    "callbacks",
    key("call_id", 200),
    instant("booked_at", index=True),
    Column("reason", String(32), nullable=False),
    Column("queue", String(64), nullable=False, index=True),
    Column("outcome", String(32), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    instant("completed_at"),
    Column("first_offer_delay_s", Float),
    document("record"),  # the whole CallbackState
)

# The Zendesk adapter's tickets: which call (and callback attempt) each ticket it created is for, so the
# ticket's wrap-up (a signed webhook on solve) finds its call.
tickets = _table(
    "helpdesk_tickets",
    key("ticket_id", 64),
    Column("context_id", String(64), nullable=False, index=True),
    Column("call_id", String(200), nullable=False),
    Column("callback_workflow_id", String(220)),
    instant("created_at"),
)

# Wrap-ups that came back after the call's record was written (a solved Zendesk ticket), one per ticket.
dispositions = _table(
    "dispositions",
    key("disposition_id", 200),
    Column("call_id", String(200), nullable=False, index=True),
    Column("source", String(32), nullable=False),
    instant("at", index=True),
    document("record"),  # the whole LateDisposition
)

# One row per stored review report, written idempotently by the review workflow.
reviews = _table(
    "reviews",
    key("review_id", 200),
    instant("created_at", index=True),
    instant("since"),
    instant("until"),
    Column("calls", Integer, nullable=False),
    document("summary"),  # the list row, so listing never parses whole reports
    document("report"),
)

# Every policy snapshot a worker of the line has run calls on, by content digest (warmline/policy_snapshots.py):
# a call's history names its snapshot by digest, so a worker started later still finds the one a live call began on.
policy_snapshots = _table(
    "policy_snapshots",
    key("digest", 64),
    Column("version", String(64), nullable=False),
    instant("kept_at"),
    document("snapshot"),  # the whole Policy without its training phrases
)
