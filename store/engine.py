"""The store's engine (SQLAlchemy async; SQLite by default, PostgreSQL in compose).

One engine per process, created from `WARMLINE_DATABASE_URL`; tables are
created on first use so a fresh clone needs no migration step: `create_all` on
SQLite, the Alembic migrations (`store/migrations/`) on PostgreSQL. The worker and
the API are separate processes sharing one SQLite file, so SQLite connections
run in WAL mode (readers never block the writer) with a busy timeout (a writer
waits for the other process's lock instead of failing with "database is locked").
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, event, insert
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from store.sealing import use_keys as use_keys  # a process names its keys for a database with its URL
from store.tables import metadata

SQLITE_BUSY_TIMEOUT_MS = 5000

_engines: dict[str, AsyncEngine] = {}
_ready: dict[str, asyncio.Lock] = {}
_created: set[str] = set()


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
                    from store.migrations import upgrade

                    await upgrade(engine)
                _created.add(url)
    return engine


async def dispose_all() -> None:
    """Close every engine this process opened (the API's shutdown, the tests' teardown)."""
    for engine in _engines.values():
        await engine.dispose()
    _engines.clear()
    _created.clear()
    _ready.clear()


async def replace_row(engine: AsyncEngine, table: Table, values: dict[str, Any]) -> None:
    """Write `values` as the one row under its primary key, replacing an earlier attempt's row.

    For records whose activity may be retried and whose later write is the one to keep.
    """
    [key] = table.primary_key.columns
    async with engine.begin() as conn:
        await conn.execute(delete(table).where(key == values[key.name]))
        await conn.execute(insert(table).values(**values))
