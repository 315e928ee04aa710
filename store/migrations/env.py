"""Alembic environment, async: a connection handed over by `store.migrations.upgrade`, or an
engine made from the configured URL (the `current` and `revision` commands)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from store.engine import create_engine
from store.migrations import load_all_tables

config = context.config
metadata = load_all_tables()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_run)
    finally:
        await engine.dispose()


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
elif (given := config.attributes.get("connection")) is not None:
    _run(given)
else:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from warmline.settings import get_settings

        url = get_settings().db_url
    asyncio.run(_run_async(url))
