"""Writing finished calls: once per call, by the call workflow's last activity (read back in `store.queries`).

The write is the workflow's last activity, so it must survive Temporal's
retries: saving a call id that is already stored with the same record is a
no-op, never a duplicate or an error. A *different* record for a stored call id
(the workflow was reset and ran its ending again) replaces the old one, because
the later run is what the operator asked for.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from store.sealing import RECORD_FIELDS, TURN_FIELDS, Sealer, sealer
from store.tables import calls, turns, utc
from warmline.records import CallRecord

SaveResult = Literal["inserted", "unchanged", "replaced"]


def _row(record: CallRecord) -> dict[str, Any]:
    """The indexed columns the metrics filter on, plus the whole record as JSON (its caller fields sealed later)."""
    return {
        "started_at": utc(record.started_at),
        "ended_at": utc(record.ended_at),
        "outcome": record.outcome.value,
        "turns": record.turns,
        "intent": record.intent,
        "queue": record.queue,
        "reason": record.reason.value if record.reason else None,
        "authenticated": record.authenticated,
        "handle_time_s": record.handle_time_s,
        "talk_s": record.talk_s,
        "hold_s": record.hold_s,
        "acw_s": record.acw_s,
        "csat": record.csat,
        "repeat_explanation": record.repeat_explanation,
        "context_delivered": record.context_delivered,
        "ack_latency_s": record.ack_latency_s,
        "record": record.model_dump(mode="json", exclude={"turn_log"}),  # the turns have their own table
    }


async def _save_turns(conn: AsyncConnection, record: CallRecord, seal: Sealer) -> None:
    """The call's turn log, one row per turn (replacing any a reset run left), its words sealed as the record's."""
    await conn.execute(delete(turns).where(turns.c.call_id == record.call_id))
    rows = [
        {
            "call_id": record.call_id,
            "turn": t.turn,
            "at": utc(t.at),
            "backend": t.understanding.backend[:32],
            "backend_version": t.backend_version[:64],
            "log": seal.seal(t.model_dump(mode="json"), TURN_FIELDS),
        }
        for t in record.turn_log
    ]
    if rows:
        await conn.execute(insert(turns), rows)


async def save_call(engine: AsyncEngine, record: CallRecord) -> SaveResult:
    """Store `record`; idempotent on call_id. Says whether it was new, already there, or replaced."""
    values, seal = _row(record), sealer(engine)
    clear = values["record"]
    values["record"] = seal.seal(clear, RECORD_FIELDS)
    for _ in range(2):  # a concurrent attempt may insert between our read and our insert: then read again
        try:
            async with engine.begin() as conn:
                stored = (
                    await conn.execute(select(calls.c.record).where(calls.c.call_id == record.call_id))
                ).scalar_one_or_none()
                if stored is None:
                    await conn.execute(insert(calls).values(call_id=record.call_id, **values))
                    await _save_turns(conn, record, seal)
                    return "inserted"
                if seal.open(stored) == clear:  # a row this process cannot open raises: it is never overwritten
                    return "unchanged"
                await conn.execute(update(calls).where(calls.c.call_id == record.call_id).values(**values))
                await _save_turns(conn, record, seal)
                return "replaced"
        except IntegrityError:
            continue
    raise RuntimeError(f"could not store call {record.call_id}")  # unreachable unless the row vanished twice
