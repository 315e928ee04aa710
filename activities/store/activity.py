"""The `record_call` activity: the workflow's last step writes the finished call to the store.

Retried by Temporal until it succeeds (a record is never lost), so the write
underneath is idempotent on call_id.
"""

from __future__ import annotations

from typing import Literal

import structlog
from pydantic import BaseModel
from temporalio import activity

from activities.store.callbacks_db import save_callback
from activities.store.db import get_engine
from activities.store.records import save_call
from warmline.callbacks import CallbackState
from warmline.records import CallRecord

log = structlog.get_logger("warmline.store")


class RecordResult(BaseModel):
    """What the store did with the record; `write` is "unchanged" when a retry found it already stored."""

    call_id: str
    stored: bool
    write: Literal["inserted", "unchanged", "replaced"]


class StoreActivities:
    """Activities over the store; the engine is created lazily in the worker's event loop."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    @activity.defn(name="record_call")
    async def record_call(self, record: CallRecord) -> RecordResult:
        bound = log.bind(call_id=record.call_id, outcome=record.outcome.value, attempt=activity.info().attempt)
        engine = await get_engine(self.database_url)
        write = await save_call(engine, record)
        bound.info("call recorded", write=write, reason=record.reason.value if record.reason else None)
        return RecordResult(call_id=record.call_id, stored=True, write=write)

    @activity.defn(name="record_callback")
    async def record_callback(self, cb: CallbackState) -> RecordResult:
        """CallbackWorkflow's last step: how the booked callback ended (idempotent on call_id)."""
        engine = await get_engine(self.database_url)
        await save_callback(engine, cb)
        log.bind(call_id=cb.call_id, attempt=activity.info().attempt).info(
            "callback recorded", outcome=cb.outcome, attempts=len(cb.attempts), reason=cb.reason
        )
        return RecordResult(call_id=cb.call_id, stored=True, write="replaced")
