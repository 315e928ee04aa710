"""Each call's turn log: stored with the call in its own table, read back only by the what-if's query."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.calls import save_call
from store.queries import get_call, load_calls, load_calls_with_turns
from store.tables import turns
from tests.store_records import T0, rec
from warmline.turn_log import StepLog, TurnLog
from warmline.understanding import Understanding


def _log(n: int, backend: str = "embedded") -> TurnLog:
    u = Understanding(intent="opening_hours", confidence=0.9, backend=backend)
    steps = [StepLog(purpose="verify", ok=True, captured=["account_id"])] if n == 2 else []
    return TurnLog(turn=n, at=T0, understanding=u, identifiers=["postcode"], steps=steps, backend_version="x@1")


async def _rows(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(turns))).scalar_one())


async def test_the_turn_log_is_stored_beside_the_call_and_read_back_by_the_whatif_query(engine: AsyncEngine) -> None:
    r = rec("c1", turns=2, turn_log=[_log(1), _log(2)], verified_at_start=False)
    assert await save_call(engine, r) == "inserted"
    assert await save_call(engine, r) == "unchanged" and await _rows(engine) == 2  # a retried activity
    [back] = await load_calls_with_turns(engine, None, None)
    assert back == r
    plain = await get_call(engine, "c1")  # the other reads carry no log (its document leaves it out)
    assert plain is not None and plain.turn_log == [] and plain.verified_at_start is False
    assert (await load_calls(engine, None, None))[0].turn_log == []


async def test_a_replaced_record_replaces_its_turns(engine: AsyncEngine) -> None:
    await save_call(engine, rec("c1", turn_log=[_log(1), _log(2)]))
    assert await save_call(engine, rec("c1", csat=5, turn_log=[_log(1, "llm")])) == "replaced"
    [back] = await load_calls_with_turns(engine, None, None)
    assert [(t.turn, t.understanding.backend) for t in back.turn_log] == [(1, "llm")] and await _rows(engine) == 1


async def test_the_whatif_query_keeps_the_most_recent_calls(engine: AsyncEngine) -> None:
    for i in range(3):
        await save_call(engine, rec(f"c{i}", timedelta(hours=i), turn_log=[_log(1)]))
    assert [r.call_id for r in await load_calls_with_turns(engine, None, None, limit=2)] == ["c1", "c2"]
