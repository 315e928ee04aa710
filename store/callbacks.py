"""Writing finished callbacks: once by CallbackWorkflow's last activity (read back in `store.queries`).

Saving is idempotent on call_id (the activity may be retried): the later record
replaces the earlier, which is the same record unless the workflow was reset.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import replace_row
from store.sealing import CALLBACK_FIELDS, sealer
from store.tables import callbacks, utc
from warmline.callbacks import CallbackState


async def save_callback(engine: AsyncEngine, cb: CallbackState) -> None:
    """Store a finished callback under its call id (its outcome and completion time are set by then)."""
    assert cb.completed_at is not None and cb.outcome is not None
    await replace_row(
        engine,
        callbacks,
        {
            "call_id": cb.call_id,
            "booked_at": utc(cb.booked_at),
            "reason": cb.reason,
            "queue": cb.queue,
            "outcome": cb.outcome,
            "attempts": len(cb.attempts),
            "completed_at": utc(cb.completed_at),
            "first_offer_delay_s": cb.first_offer_delay_s,
            "record": sealer(engine).seal(cb.model_dump(mode="json"), CALLBACK_FIELDS),
        },
    )
