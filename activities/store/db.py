"""The store's engine and tables (SQLAlchemy async; SQLite by default, PostgreSQL in compose).

One engine per process, created from `WARMLINE_DATABASE_URL`; tables are
created on first use so a fresh clone needs no migration step.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Integer, MetaData, String, Table, Text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

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
    Column("note", Text),
)

_engines: dict[str, AsyncEngine] = {}
_ready: dict[str, asyncio.Lock] = {}
_created: set[str] = set()


async def get_engine(url: str) -> AsyncEngine:
    """The process's engine for `url`, with the tables created once."""
    engine = _engines.get(url)
    if engine is None:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, pool_pre_ping=True)
        _engines[url] = engine
    if url not in _created:
        lock = _ready.setdefault(url, asyncio.Lock())
        async with lock:
            if url not in _created:
                async with engine.begin() as conn:
                    await conn.run_sync(metadata.create_all)
                _created.add(url)
    return engine


async def dispose_all() -> None:
    for engine in _engines.values():
        await engine.dispose()
    _engines.clear()
    _created.clear()
