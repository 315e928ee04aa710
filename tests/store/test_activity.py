"""The `record_call` activity, run in Temporal's activity test environment."""

from __future__ import annotations

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import ActivityEnvironment

from activities.records import StoreActivities
from store.engine import dispose_all, get_engine
from store.queries import load_calls
from tests.store_records import rec
from warmline.models import Outcome, Reason
from warmline.records import CallRecord, RecordResult


async def test_record_call_stores_once_across_retries(db_url: str) -> None:
    env = ActivityEnvironment()
    acts = StoreActivities(db_url)
    r = rec("call-1", outcome=Outcome.ESCALATED, reason=Reason.LOW_CONFIDENCE, queue="complex", csat=3)
    try:
        first = await env.run(acts.record_call, r)
        again = await env.run(acts.record_call, r)
        assert first == RecordResult(call_id="call-1", stored=True, write="inserted")
        assert again == RecordResult(call_id="call-1", stored=True, write="unchanged")
        assert await load_calls(await get_engine(db_url), None, None) == [r]
    finally:
        await dispose_all()


async def test_activity_input_and_output_survive_the_pydantic_converter() -> None:
    r = rec("call-2", outcome=Outcome.CALLBACK, reason=Reason.OUT_OF_SCOPE, context_delivered=False)
    conv = pydantic_data_converter
    assert (await conv.decode(await conv.encode([r]), [CallRecord])) == [r]
    out = RecordResult(call_id="call-2", stored=True, write="replaced")
    assert (await conv.decode(await conv.encode([out]), [RecordResult])) == [out]
