"""The store's activities: the workflows' writes to the records (`store/`), each retried until it succeeds.

Temporal retries them until the store takes the write (a record is never lost),
so every write underneath is idempotent: on call_id for records, on context_id
and agent for the desk's accept.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

import structlog
from temporalio import activity

from store.callbacks import save_callback
from store.calls import save_call
from store.desk_offers import mark_accepted
from store.dispositions import save_disposition
from store.engine import get_engine
from warmline.callbacks import CallbackState
from warmline.dispositions import LateDisposition
from warmline.queue_models import Accept
from warmline.records import CallRecord, RecordResult

log = structlog.get_logger("warmline.store")


@cache
def code_version() -> str:
    """The installed Warmline's version: with the back-end's name, what understood a stored turn.

    Read once per process: `importlib.metadata` walks every installed distribution on each lookup (~0.2 ms of
    CPU per finished call, bench/README "The spike's starts profiled"), and the code that runs is the code
    imported at start, so the first reading is also the right one if the package is upgraded under a running
    worker.
    """
    try:
        return version("warmline")
    except PackageNotFoundError:  # run from a checkout without an install
        return "unknown"


def stamped(record: CallRecord) -> CallRecord:
    """The record with each turn's understanding back-end and code version, as the what-if reports them."""
    v = code_version()
    logs = [t.model_copy(update={"backend_version": f"{t.understanding.backend}@{v}"}) for t in record.turn_log]
    return record.model_copy(update={"turn_log": logs})


class StoreActivities:
    """Activities over the store; the engine is created lazily in the worker's event loop."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    @activity.defn(name="record_call")
    async def record_call(self, record: CallRecord) -> RecordResult:
        """The call workflow's last step: the finished call (idempotent on call_id)."""
        bound = log.bind(call_id=record.call_id, outcome=record.outcome.value, attempt=activity.info().attempt)
        engine = await get_engine(self.database_url)
        write = await save_call(engine, stamped(record))
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

    @activity.defn(name="record_disposition")
    async def record_disposition(self, d: LateDisposition) -> RecordResult:
        """DispositionWorkflow's one step: a wrap-up that came back after the call was recorded (idempotent)."""
        await save_disposition(await get_engine(self.database_url), d)
        log.bind(call_id=d.call_id, attempt=activity.info().attempt).info(
            "late disposition recorded", source=d.source, ticket_id=d.ticket_id, codes=[c.value for c in d.codes]
        )
        return RecordResult(call_id=d.call_id, stored=True, write="replaced")

    @activity.defn(name="record_accept")
    async def record_accept(self, accept: Accept) -> None:
        """The queue workflow's accept, on the desk's stored offer (idempotent: a repeat accept still holds it).

        An offer the desk never stored, or one already taken back, is left as it is: the
        queue workflow has already decided who took the call, and the log says the store disagreed.
        """
        engine = await get_engine(self.database_url)
        held = await mark_accepted(engine, accept.context_id, accept.agent_id)
        log.info("offer accepted in the store", context_id=accept.context_id, agent_id=accept.agent_id, held=held)
