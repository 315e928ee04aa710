"""Callers' words encrypted at rest: sealed rows, clear reads, queries that still filter, rotation, a wrong key."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from runtime.codec import new_key
from store.callbacks import save_callback
from store.calls import save_call
from store.desk_offers import offer
from store.engine import use_keys
from store.queries import compute_metrics, get_call, get_offer, list_callbacks, list_offers, load_calls
from store.sealing import SEALED
from store.tables import callbacks, calls, contexts
from tests.store.test_desk import ctx
from tests.store_records import T0, rec
from warmline.callbacks import CallbackState
from warmline.errors import EncryptionKeyError
from warmline.keys import key_id, parse_keys
from warmline.models import ActionRecord, Outcome, Reason, Speaker, Utterance
from warmline.records import CallRecord
from warmline.voicemail import Voicemail

WORDS = "my router keeps dropping every evening"


def spoken(call_id: str, queue: str = "complex") -> CallRecord:
    return rec(
        call_id,
        outcome=Outcome.ESCALATED,
        reason=Reason.FAILED_RESOLUTION,
        queue=queue,
        intent="broadband_fault",
        transcript=[Utterance(speaker=Speaker.CALLER, text=WORDS, at=T0)],
        actions=[ActionRecord(name="answer:x", status="failed", detail=f'Caller said it did not work: "{WORDS}"')],
        disposition_notes=f"caller said {WORDS}",
    )


async def _raw(engine: AsyncEngine, column: object) -> list[str]:
    async with engine.connect() as conn:
        return [json.dumps(r) for r in (await conn.execute(select(column))).scalars().all()]  # type: ignore[call-overload]


async def test_a_record_is_sealed_in_the_row_and_reads_back_whole(engine: AsyncEngine, db_url: str) -> None:
    keys = f"{new_key()},{new_key()}"
    use_keys(db_url, keys)
    r, other = spoken("c1"), spoken("c2", queue="transactional")
    assert await save_call(engine, r) == "inserted" and await save_call(engine, other) == "inserted"
    assert await save_call(engine, r) == "unchanged"  # a retried activity: same record, fresh nonce, no rewrite
    [row, _] = await _raw(engine, calls.c.record)
    assert "router" not in row and SEALED in row and key_id(parse_keys(keys)[0]) in row
    assert await get_call(engine, "c1") == r
    # The queries filter on clear columns: still by queue, still counted.
    assert [c.call_id for c in await load_calls(engine, None, None, queue="transactional")] == ["c2"]
    assert (await compute_metrics(engine, None, None)).calls == 2


async def test_a_desk_offer_is_sealed_and_read_clear(engine: AsyncEngine, db_url: str) -> None:
    use_keys(db_url, new_key())
    c = ctx("x1").model_copy(update={"transcript": [Utterance(speaker=Speaker.CALLER, text=WORDS, at=T0)]})
    await offer(engine, c)
    assert not any("router" in row or "payment dispute" in row for row in await _raw(engine, contexts.c.payload))
    stored = await get_offer(engine, "x1")
    assert stored is not None and stored.context == c and await list_offers(engine, "complex") == [c]


async def test_rotation_reads_old_rows_and_rows_from_before_keys(engine: AsyncEngine, db_url: str) -> None:
    await save_call(engine, spoken("clear"))  # written before encryption was turned on
    old = new_key()
    use_keys(db_url, old)
    await save_call(engine, spoken("old"))
    use_keys(db_url, f"{new_key()},{old}")  # a new key first, the old one kept
    await save_call(engine, spoken("new"))
    assert [c.transcript[0].text for c in await load_calls(engine, None, None)] == [WORDS] * 3


async def test_a_wrong_key_is_a_clear_error_and_nothing_is_overwritten(engine: AsyncEngine, db_url: str) -> None:
    use_keys(db_url, new_key())
    await save_call(engine, spoken("c1"))
    before = await _raw(engine, calls.c.record)
    use_keys(db_url, new_key())
    with pytest.raises(EncryptionKeyError, match="not in WARMLINE_ENCRYPTION_KEYS"):
        await get_call(engine, "c1")
    with pytest.raises(EncryptionKeyError):  # the worker's retried write: refused, the row kept
        await save_call(engine, spoken("c1"))
    use_keys(db_url, "")
    with pytest.raises(EncryptionKeyError, match="WARMLINE_ENCRYPTION_KEYS is not set"):
        await load_calls(engine, None, None)
    assert await _raw(engine, calls.c.record) == before


async def test_a_callbacks_voicemail_is_sealed_and_read_clear(engine: AsyncEngine, db_url: str) -> None:
    use_keys(db_url, new_key())
    message = Voicemail(status="left", asked_at=T0, transcript=WORDS)
    cb = CallbackState(
        call_id="v1",
        workflow_id="callback-v1",
        reason="voicemail",
        queue="complex",
        number="+15550100",
        booked_at=T0,
        due_at=T0,
        status="done",
        outcome="cancelled",
        completed_at=T0,
        voicemail=message,
    )
    await save_callback(engine, cb)
    assert not any("router" in row for row in await _raw(engine, callbacks.c.record))
    assert await list_callbacks(engine) == [cb]
