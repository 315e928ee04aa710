"""Finished calls in the store: written once per call, read by the metrics and the weekly review.

The write is the workflow's last activity, so it must survive Temporal's
retries: saving a call id that is already stored with the same record is a
no-op, never a duplicate or an error. A *different* record for a stored call id
(the workflow was reset and ran its ending again) replaces the old one, because
the later run is what the operator asked for.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from activities.store.db import calls, utc
from warmline.records import CallRecord

SaveResult = Literal["inserted", "unchanged", "replaced"]


def _row(record: CallRecord) -> dict[str, Any]:
    """The indexed columns the metrics filter on, plus the whole record as JSON."""
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
        "csat": record.csat,
        "repeat_explanation": record.repeat_explanation,
        "context_delivered": record.context_delivered,
        "ack_latency_s": record.ack_latency_s,
        "record": record.model_dump(mode="json"),
    }


async def save_call(engine: AsyncEngine, record: CallRecord) -> SaveResult:
    """Store `record`; idempotent on call_id. Says whether it was new, already there, or replaced."""
    values = _row(record)
    for _ in range(2):  # a concurrent attempt may insert between our read and our insert: then read again
        try:
            async with engine.begin() as conn:
                stored = (
                    await conn.execute(select(calls.c.record).where(calls.c.call_id == record.call_id))
                ).scalar_one_or_none()
                if stored is None:
                    await conn.execute(insert(calls).values(call_id=record.call_id, **values))
                    return "inserted"
                if stored == values["record"]:
                    return "unchanged"
                await conn.execute(update(calls).where(calls.c.call_id == record.call_id).values(**values))
                return "replaced"
        except IntegrityError:
            continue
    raise RuntimeError(f"could not store call {record.call_id}")  # unreachable unless the row vanished twice


def calls_query(
    since: datetime | None, until: datetime | None, queue: str | None = None, query_type: str | None = None
) -> Select[tuple[Any]]:
    """Records whose call started in [since, until), optionally for one queue and one query type (intent)."""
    q = select(calls.c.record).order_by(calls.c.started_at, calls.c.call_id)
    if since is not None:
        q = q.where(calls.c.started_at >= utc(since))
    if until is not None:
        q = q.where(calls.c.started_at < utc(until))
    if queue is not None:
        q = q.where(calls.c.queue == queue)
    if query_type is not None:
        q = q.where(calls.c.intent == query_type)
    return q


async def load_calls(
    engine: AsyncEngine,
    since: datetime | None,
    until: datetime | None,
    queue: str | None = None,
    query_type: str | None = None,
) -> list[CallRecord]:
    """The calls that started in [since, until), oldest first; None leaves that end of the window open."""
    async with engine.connect() as conn:
        rows = (await conn.execute(calls_query(since, until, queue, query_type))).scalars().all()
    return [CallRecord.model_validate(r) for r in rows]


async def get_call(engine: AsyncEngine, call_id: str) -> CallRecord | None:
    """One stored call, or None."""
    async with engine.connect() as conn:
        row = (await conn.execute(select(calls.c.record).where(calls.c.call_id == call_id))).scalar_one_or_none()
    return None if row is None else CallRecord.model_validate(row)
