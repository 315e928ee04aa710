"""The store's tables (SQLAlchemy Core), all on one `metadata` so `create_all` and Alembic see every one.

Every instant is stored as aware UTC (`utc`): SQLite drops the offset, so a naive
value read back means UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Integer, MetaData, String, Table, Text

metadata = MetaData()


def utc(value: datetime) -> datetime:
    """An aware UTC datetime: SQLite drops the offset, so every stored and compared instant is UTC (naive = UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _key(name: str, length: int) -> Column[str]:
    return Column(name, String(length), primary_key=True)


def _instant(name: str, *, required: bool = True, index: bool = False) -> Column[datetime]:
    return Column(name, DateTime(timezone=True), nullable=not required, index=index)


def _document(name: str) -> Column[object]:
    """A whole pydantic model as JSON: what reviews, what-if and the desk read back."""
    return Column(name, JSON, nullable=False)


# One row per finished call, written once by the workflow's last activity.
calls = Table(
    "calls",
    metadata,
    _key("call_id", 200),
    _instant("started_at", index=True),
    _instant("ended_at"),
    Column("outcome", String(32), nullable=False, index=True),
    Column("turns", Integer, nullable=False),
    Column("intent", String(64), index=True),
    Column("queue", String(64), index=True),
    Column("reason", String(32), index=True),
    Column("authenticated", Boolean, nullable=False, default=False),
    Column("handle_time_s", Float),
    Column("csat", Integer),
    Column("repeat_explanation", Boolean),
    Column("context_delivered", Boolean),
    Column("ack_latency_s", Float),
    _document("record"),  # the full CallRecord, for reviews and what-if
)

# The built-in desk helpdesk: one row per published context, acknowledged once stored.
contexts = Table(
    "desk_contexts",
    metadata,
    _key("context_id", 64),
    Column("call_id", String(200), nullable=False, index=True),
    Column("queue", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False, default="offered"),  # offered | withdrawn | accepted
    _instant("created_at"),
    Column("ticket_id", String(64), nullable=False),
    _document("payload"),
    Column("accepted_by", String(128)),
    _instant("accepted_at", required=False),
    Column("note", Text),  # why it was withdrawn
)

# One row per finished callback (CallbackWorkflow's last activity): how booked callbacks end.
callbacks = Table(
    "callbacks",
    metadata,
    _key("call_id", 200),
    _instant("booked_at", index=True),
    Column("reason", String(32), nullable=False),
    Column("queue", String(64), nullable=False, index=True),
    Column("outcome", String(32), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    _instant("completed_at"),
    Column("first_offer_delay_s", Float),
    _document("record"),  # the whole CallbackState
)

# One row per stored review report, written idempotently by the review workflow.
reviews = Table(
    "reviews",
    metadata,
    _key("review_id", 200),
    _instant("created_at", index=True),
    _instant("since"),
    _instant("until"),
    Column("calls", Integer, nullable=False),
    _document("summary"),  # the list row, so listing never parses whole reports
    _document("report"),
)
