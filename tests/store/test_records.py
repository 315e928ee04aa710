"""Saving finished calls (idempotent on call_id) and reading them back by window and filter."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from store.calls import save_call
from store.engine import create_engine
from store.queries import get_call, load_calls
from store.tables import calls
from tests.store_records import T0, rec
from warmline.models import Outcome, Reason, Speaker, Utterance

H = timedelta(hours=1)


async def _count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(calls))).scalar_one())


async def test_sqlite_runs_in_wal_mode_with_busy_timeout(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar_one() == 5000


async def test_save_is_idempotent_on_call_id(engine: AsyncEngine) -> None:
    r = rec(
        "c1",
        outcome=Outcome.ESCALATED,
        reason=Reason.SENTIMENT,
        queue="complex",
        csat=4,
        transcript=[Utterance(speaker=Speaker.AI, text="Hi", at=T0)],
    )
    assert await save_call(engine, r) == "inserted"
    assert await save_call(engine, r) == "unchanged"  # a retried activity
    assert await _count(engine) == 1
    assert await get_call(engine, "c1") == r


async def test_a_different_record_for_the_same_call_replaces_it(engine: AsyncEngine) -> None:
    await save_call(engine, rec("c1", csat=None))
    assert await save_call(engine, rec("c1", csat=5)) == "replaced"  # the workflow was reset and ended again
    assert await _count(engine) == 1
    stored = await get_call(engine, "c1")
    assert stored is not None and stored.csat == 5


async def test_concurrent_saves_of_one_call_keep_one_row(engine: AsyncEngine) -> None:
    r = rec("c1")
    results = await asyncio.gather(*(save_call(engine, r) for _ in range(5)))
    assert sorted(results).count("inserted") == 1
    assert await _count(engine) == 1


async def test_window_is_half_open_on_started_at(engine: AsyncEngine) -> None:
    for i in range(5):
        await save_call(engine, rec(f"c{i}", at=i * H))
    got = await load_calls(engine, T0 + H, T0 + 3 * H)
    assert [r.call_id for r in got] == ["c1", "c2"]  # since included, until excluded
    assert [r.call_id for r in await load_calls(engine, None, T0 + 2 * H)] == ["c0", "c1"]
    assert [r.call_id for r in await load_calls(engine, T0 + 3 * H, None)] == ["c3", "c4"]
    assert len(await load_calls(engine, None, None)) == 5
    assert await get_call(engine, "nope") is None


async def test_window_compares_instants_not_wall_clocks(engine: AsyncEngine) -> None:
    await save_call(engine, rec("utc", at=T0))  # 09:00 UTC
    await save_call(engine, rec("cet", at=datetime(2025, 3, 3, 11, 30, tzinfo=timezone(timedelta(hours=2)))))
    plus2 = timezone(timedelta(hours=2))
    got = await load_calls(engine, datetime(2025, 3, 3, 11, 0, tzinfo=plus2), datetime(2025, 3, 3, 11, 1, tzinfo=plus2))
    assert [r.call_id for r in got] == ["utc"]
    naive = await load_calls(engine, datetime(2025, 3, 3, 9, 15), datetime(2025, 3, 3, 9, 45))  # naive = UTC
    assert [r.call_id for r in naive] == ["cet"]
    assert naive[0].started_at == datetime(2025, 3, 3, 9, 30, tzinfo=UTC)


async def test_queue_and_query_type_filters(engine: AsyncEngine) -> None:
    await save_call(engine, rec("a", intent="opening_hours"))
    await save_call(engine, rec("b", H, Outcome.ESCALATED, Reason.OUT_OF_SCOPE, queue="complex", intent="fraud"))
    await save_call(
        engine,
        rec("c", 2 * H, Outcome.ESCALATED, Reason.CUSTOMER_REQUEST, queue="transactional", intent="opening_hours"),
    )
    assert [r.call_id for r in await load_calls(engine, None, None, queue="complex")] == ["b"]
    assert [r.call_id for r in await load_calls(engine, None, None, query_type="opening_hours")] == ["a", "c"]
    both = await load_calls(engine, None, None, queue="transactional", query_type="opening_hours")
    assert [r.call_id for r in both] == ["c"]
    assert await load_calls(engine, T0 + 3 * H, T0 + 4 * H) == []
    assert (await load_calls(engine, None, None))[0].started_at.tzinfo is not None
    assert all(r.started_at.tzinfo == UTC for r in await load_calls(engine, None, None))


async def test_two_engines_on_one_file_write_concurrently(db_url: str, engine: AsyncEngine) -> None:
    """The worker and the API are separate processes: separate engines must not fail with "database is locked"."""
    other = create_engine(db_url)
    try:
        writes = [save_call(e, rec(f"{n}-{i}", i * H)) for i in range(15) for n, e in (("w", engine), ("a", other))]
        assert set(await asyncio.gather(*writes)) == {"inserted"}
        assert await _count(other) == 30
    finally:
        await other.dispose()
