"""The `understand` Temporal activity, run as a local activity on the hot path of a voice turn, and `plan_turn`.

The embedded back-end spends ~10 ms of CPU per never-seen utterance (the sentence
encoder), so it computes on a thread (`EmbeddedUnderstander.understand`) and the
worker's event loop keeps serving other calls meanwhile. The log line carries the
call id so a turn can be followed from the gateway through the workflow to here.

Asked to (`TurnAsk.plan_with`), `understand` also plans the turn (`warmline.turn_plan.plan_turn`, pure, under a
millisecond) and returns the plan beside the understanding: the plan is then in the call's history, and a
replay after a deploy reads it instead of re-deciding with the new code (warmline/recorded_plan.py). One local
activity per turn, as before. `plan_turn` here plans again after a step's outcome (a lookup, an identity check).
"""

from __future__ import annotations

import time

import structlog
from temporalio import activity

from activities.understanding.base import Understander
from warmline import policy_snapshots
from warmline.recorded_plan import Planned, PlanRequest, TurnAsk, Understood, recordable
from warmline.turn_models import TurnInput
from warmline.turn_plan import plan_turn


class UnderstandingActivities:
    """Activities over one `Understander`, built once per worker for the loaded policy."""

    def __init__(self, understander: Understander) -> None:
        self.understander = understander

    @activity.defn(name="understand")
    async def understand(self, req: TurnAsk) -> Understood:
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
        c = req.plan_with
        if c is None:
            return Understood(**dict(result))
        said = TurnInput(turn=req.turn, text=c.text, understanding=result, asr_confidence=req.asr_confidence)
        plan = plan_turn(policy_snapshots.resolve(c.policy), c.dialog, said, [], c.now)
        return Understood(**dict(result), plan=recordable(plan))

    @activity.defn(name="plan_turn")
    async def plan(self, req: PlanRequest) -> Planned:
        """The turn's plan again, with the outcomes of the steps it asked for (or for a turn not understood)."""
        plan = plan_turn(policy_snapshots.resolve(req.policy), req.dialog, req.said, req.done, req.now)
        return Planned(plan=recordable(plan))
