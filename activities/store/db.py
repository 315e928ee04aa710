"""The store's engine and tables (SQLAlchemy async; SQLite by default, PostgreSQL in compose).

One engine per process, created from `WARMLINE_DATABASE_URL`; tables are
created on first use so a fresh clone needs no migration step: `create_all` on
SQLite, the Alembic migrations (`activities/store/migrations/`) on PostgreSQL. The worker and
the API are separate processes sharing one SQLite file, so SQLite connections
run in WAL mode (readers never block the writer) with a busy timeout (a writer
waits for the other process's lock instead of failing with "database is locked").
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Integer, MetaData, String, Table, Text, event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 5000

metadata = MetaData()

# One row per finished call, written once by the workflow's last activity.
calls = Table(
    "calls",
    metadata,
    Column("call_id", String(200), primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False, index=True),
    Column("ended_at", DateTime(timezone=True), nullable=False),
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
    Column("record", JSON, nullable=False),  # the full CallRecord, for reviews and what-if
)

# The built-in desk helpdesk: one row per published context, acknowledged once stored.
contexts = Table(
    "desk_contexts",
    metadata,
    Column("context_id", String(64), primary_key=True),
    Column("call_id", String(200), nullable=False, index=True),
    Column("queue", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False, default="offered"),  # offered | withdrawn | accepted
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("ticket_id", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("accepted_by", String(128)),
    Column("accepted_at", DateTime(timezone=True)),
    Column("note", Text),  # why it was withdrawn
)

# One row per finished callback (CallbackWorkflow's last activity): how booked callbacks end.
callbacks = Table(
    "callbacks",
    metadata,
    Column("call_id", String(200), primary_key=True),
    Column("booked_at", DateTime(timezone=True), nullable=False, index=True),
    Column("reason", String(32), nullable=False),
    Column("queue", String(64), nullable=False, index=True),
    Column("outcome", String(32), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    Column("completed_at", DateTime(timezone=True), nullable=False),
    Column("first_offer_delay_s", Float),
    Column("record", JSON, nullable=False),  # the whole CallbackState
)

_engines: dict[str, AsyncEngine] = {}
_ready: dict[str, asyncio.Lock] = {}
_created: set[str] = set()


def utc(value: datetime) -> datetime:
    """An aware UTC datetime: SQLite drops the offset, so every stored and compared instant is UTC (naive = UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(
            "PRAGMA synchronous=NORMAL"
        )  # safe with WAL; a record is still durable across a crash of the app
    finally:
        cursor.close()


def create_engine(url: str) -> AsyncEngine:
    """A new engine for `url`; SQLite files get their directory created and the WAL/busy-timeout pragmas."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True)


async def get_engine(url: str) -> AsyncEngine:
    """The process's engine for `url`, with the tables created once."""
    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = create_engine(url)
    if url not in _created:
        lock = _ready.setdefault(url, asyncio.Lock())
        async with lock:
            if url not in _created:
                if url.startswith("sqlite"):
                    async with engine.begin() as conn:
                        await conn.run_sync(metadata.create_all)
                else:  # PostgreSQL: Alembic migrations, under a lock the other processes wait on
                    from activities.store.migrations import upgrade

                    await upgrade(engine)
                _created.add(url)
    return engine


async def dispose_all() -> None:
    for engine in _engines.values():
        await engine.dispose()
    _engines.clear()
    _created.clear()
    _ready.clear()
