"""Finished callbacks in the store: written once by CallbackWorkflow, read by operators and the metrics.

Saving is idempotent on call_id (the activity may be retried): the later record
replaces the earlier, which is the same record unless the workflow was reset.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from activities.store.db import callbacks, utc
from warmline.callbacks import CallbackState


async def save_callback(engine: AsyncEngine, cb: CallbackState) -> None:
    assert cb.completed_at is not None and cb.outcome is not None
    async with engine.begin() as conn:
        await conn.execute(delete(callbacks).where(callbacks.c.call_id == cb.call_id))
        await conn.execute(
            insert(callbacks).values(
                call_id=cb.call_id,
                booked_at=utc(cb.booked_at),
                reason=cb.reason,
                queue=cb.queue,
                outcome=cb.outcome,
                attempts=len(cb.attempts),
                completed_at=utc(cb.completed_at),
                first_offer_delay_s=cb.first_offer_delay_s,
                record=cb.model_dump(mode="json"),
            )
        )


async def list_callbacks(
    engine: AsyncEngine, since: datetime | None = None, until: datetime | None = None, limit: int = 200
) -> list[CallbackState]:
    """Finished callbacks booked in [since, until), newest first."""
    q = select(callbacks.c.record).order_by(callbacks.c.booked_at.desc()).limit(limit)
    if since is not None:
        q = q.where(callbacks.c.booked_at >= utc(since))
    if until is not None:
        q = q.where(callbacks.c.booked_at < utc(until))
    async with engine.connect() as conn:
        rows = (await conn.execute(q)).scalars().all()
    return [CallbackState.model_validate(r) for r in rows]
