"""The store's schema, managed with Alembic (`versions/`), and the upgrade the processes run at start.

PostgreSQL (production, compose) is upgraded to head by the first process that
opens the store, under an advisory lock so the worker and the API never race; a
database made by the old `create_all` is adopted (stamped at the initial
revision, whose tables are identical) and then upgraded. SQLite files (a fresh
clone, the tests) keep `metadata.create_all`; a test proves that the migrations
build exactly that schema, on SQLite and on PostgreSQL.

    python -m store.migrations upgrade [REVISION]   # default head, WARMLINE_DATABASE_URL
    python -m store.migrations current
    python -m store.migrations revision -m "what changed"   # autogenerate from tables.py
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, MetaData, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

HERE = Path(__file__).resolve().parent
# A database made by `create_all` before migrations existed is stamped at the newest revision whose tables
# it already has (newest first), then upgraded.
ADOPT = [
    ("0005", {"calls", "desk_contexts", "reviews", "callbacks", "dispositions", "helpdesk_tickets", "turns"}),
    ("0004", {"calls", "desk_contexts", "reviews", "callbacks", "dispositions", "helpdesk_tickets"}),
    ("0003", {"calls", "desk_contexts", "reviews", "callbacks"}),
    ("0002", {"calls", "desk_contexts", "reviews"}),
    ("0001", {"calls", "desk_contexts"}),
]
# Any constant works; it only has to be the same in every Warmline process.
ADVISORY_LOCK_ID = 0x5741524D  # "WARM"


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration without an alembic.ini: the scripts live beside this module."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _upgrade(conn: Connection, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": ADVISORY_LOCK_ID})
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        adopted = next((rev for rev, needs in ADOPT if needs <= tables), None)
        if adopted:
            command.stamp(cfg, adopted)
    command.upgrade(cfg, revision)


def load_all_tables() -> MetaData:
    """The `metadata` holding every table (for autogenerate and the drift test): all live in `store.tables`."""
    from store.tables import metadata

    return metadata


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the store's schema to `revision`, in one transaction (PostgreSQL DDL is transactional)."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)
