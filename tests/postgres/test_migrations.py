"""Alembic: the migrations build exactly the tables `store/tables.py` declares, on SQLite and on PostgreSQL;
an old `create_all` database is adopted; processes opening the store at once do not race."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import create_engine, dispose_all, get_engine
from store.migrations import alembic_config, load_all_tables, upgrade
from store.tables import metadata
from tests.postgres.conftest import Postgres


def _diff(conn: Connection) -> list[object]:
    load_all_tables()
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return [d for d in compare_metadata(context, metadata) if not _ignored(d)]


def _ignored(diff: object) -> bool:
    # Alembic's own bookkeeping table is not part of the store.
    return isinstance(diff, tuple) and diff[0] == "remove_table" and diff[1].name == "alembic_version"


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one_or_none()
    finally:
        await engine.dispose()


async def _migrated_schema_matches_the_tables(
    url: str, before: Callable[[AsyncEngine], Awaitable[None]] | None = None
) -> None:
    """Upgrade `url` (after `before` prepared it) and check the result is exactly the declared tables at head."""
    engine = create_engine(url)
    try:
        if before is not None:
            await before(engine)
        await upgrade(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_diff) == []
    finally:
        await engine.dispose()
    assert await _revision(url) == _head()


async def test_migrations_build_the_declared_tables_on_sqlite(tmp_path: Path) -> None:
    await _migrated_schema_matches_the_tables(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")


async def test_migrations_build_the_declared_tables_on_postgres(postgres: Postgres) -> None:
    await _migrated_schema_matches_the_tables(postgres.url(await postgres.create_database()))


async def test_the_store_migrates_postgres_when_it_first_opens_it(postgres: Postgres) -> None:
    url = postgres.url(await postgres.create_database())
    try:
        await get_engine(url)
    finally:
        await dispose_all()
    assert await _revision(url) == _head()


async def test_a_create_all_database_is_adopted_then_upgraded(postgres: Postgres) -> None:
    async def create_all_era(engine: AsyncEngine) -> None:
        async with engine.begin() as conn:  # what get_engine did before migrations existed
            await conn.run_sync(lambda c: metadata.tables["calls"].create(c))
            await conn.run_sync(lambda c: metadata.tables["desk_contexts"].create(c))

    await _migrated_schema_matches_the_tables(postgres.url(await postgres.create_database()), create_all_era)


async def test_processes_opening_a_new_database_at_once_do_not_race(postgres: Postgres) -> None:
    url = postgres.url(await postgres.create_database())
    engines = [create_engine(url) for _ in range(4)]  # the worker and API processes, each with its own pool
    try:
        await asyncio.gather(*(upgrade(e) for e in engines))
    finally:
        for e in engines:
            await e.dispose()
    assert await _revision(url) == _head()
