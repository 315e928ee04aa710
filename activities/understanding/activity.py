"""The `understand` Temporal activity, run as a local activity on the hot path of a voice turn.

The embedded back-end spends ~10 ms of CPU per never-seen utterance (the sentence
encoder), so it computes on a thread (`EmbeddedUnderstander.understand`) and the
worker's event loop keeps serving other calls meanwhile. The log line carries the
call id so a turn can be followed from the gateway through the workflow to here.
"""

from __future__ import annotations

import time

import structlog
from temporalio import activity

from activities.understanding.base import Understander
from warmline.understanding import Understanding, UnderstandingRequest


class UnderstandingActivities:
    """Activities over one `Understander`, built once per worker for the loaded policy."""

    def __init__(self, understander: Understander) -> None:
        self.understander = understander

    @activity.defn(name="understand")
    async def understand(self, req: UnderstandingRequest) -> Understanding:
        # Named: `get_logger()` with no name finds the module by walking the caller's stack, on a turn the SDK's
        # deep activity stack (bench/README.md, "The call workflow's own CPU"). The same name; fetched per call
        # so the logging set-up of the moment applies (a module-level logger is cached on first use).
        log = structlog.get_logger(__name__).bind(call_id=req.call_id, turn=req.turn)
        started = time.perf_counter()
        result = await self.understander.understand(req)
        log.info(
            "turn understood",
            backend=result.backend,
            intent=result.intent,
            confidence=result.confidence,
            out_of_scope=result.out_of_scope,
            acts=[a.value for a in result.acts],
            sentiment=result.sentiment,
            pending=req.pending,
            ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return result
