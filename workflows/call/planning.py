"""Where a turn's plan comes from: the `understand` local activity's recorded result, not the workflow's code.

`plan_turn` (warmline/turn_plan.py) changes with each round of tuning. Planned in the `understand` local
activity, the plan is in the call's history (the activity's marker) and a replay after a deploy reads it
there, so a call in flight never meets a decision its turns were not taken with (warmline/recorded_plan.py,
docs/reliability.md "Deploys under live calls"). A re-plan after a step's outcome is the small `plan_turn`
local activity.

Histories recorded before: their `understand` result holds no plan, so the turn is planned here, in
workflow code, as it was then, and so are its re-plans. A turn with no `understand` result to carry the
plan (nothing heard, understanding down) asks `plan_turn` only behind `workflow.patched`, which is false
when such a turn replays from an older history. Calls that hold a whole policy snapshot (started before
the lean start) plan here too: the activity finds policies by digest.
"""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ActivityError

from workflows import options
from workflows.call.session import CallSession
from workflows.call.turn import understand

with workflow.unsafe.imports_passed_through():
    from activities.understanding.activity import UnderstandingActivities
    from warmline.models import TurnRequest
    from warmline.recorded_plan import PlanContext, PlanRequest, Understood, with_values
    from warmline.turn_models import Dialog, StepOutcome, TurnInput, TurnPlan
    from warmline.turn_plan import plan_turn

# A turn with no `understand` result (nothing heard, understanding down) asks the `plan_turn` local activity.
PATCH_PLAN_RECORDED = "turn-plan-recorded-v1"


async def first_plan(
    call: CallSession, req: TurnRequest, heard: str, dialog: Dialog, n: int
) -> tuple[TurnInput, TurnPlan, bool]:
    """The turn understood, its first plan, and whether its plans are recorded (so its re-plans are too).

    `req` is the turn as said (identifiers are read from it), `heard` as recorded and understood.
    """
    now, ref = workflow.now(), call.policy_ref
    ctx = PlanContext(policy=ref, dialog=dialog, text=req.text, now=now) if ref is not None else None
    got = await understand(call, req.model_copy(update={"text": heard}), n, ctx)
    u = got.understanding() if isinstance(got, Understood) else got
    said = TurnInput(turn=n, text=req.text, understanding=u, asr_confidence=req.asr_confidence)
    if isinstance(got, Understood) and got.plan is not None:
        return said, with_values(got.plan, call.policy, req.text), True
    # No plan recorded: a turn of an older history (planned here, as then), or one with no understanding to
    # carry it (nothing heard, understanding down), which asks `plan_turn` unless it replays an older history.
    recorded = ref is not None and not isinstance(got, Understood) and workflow.patched(PATCH_PLAN_RECORDED)
    # The clock after the activity, as this turn was planned before (a long understanding may span a task).
    return said, await replan(call, dialog, said, [], workflow.now(), recorded), recorded


async def replan(
    call: CallSession, dialog: Dialog, said: TurnInput, done: list[StepOutcome], now: datetime, recorded: bool
) -> TurnPlan:
    """The turn's plan with `done`: from the `plan_turn` local activity when the turn's plans are recorded."""
    ref = call.policy_ref
    if not recorded or ref is None:
        return plan_turn(call.policy, dialog, said, done, now)
    try:
        planned = await workflow.execute_local_activity_method(
            UnderstandingActivities.plan,
            PlanRequest(policy=ref, dialog=dialog, said=said, done=done, now=now),
            start_to_close_timeout=options.UNDERSTAND_TIMEOUT,
            retry_policy=options.UNDERSTAND_RETRY,
            summary=f"plan turn {said.turn}",
        )
    except ActivityError:
        # Never seen: the planner is pure. Decided here rather than leaving the caller without an answer.
        return plan_turn(call.policy, dialog, said, done, now)
    return with_values(planned.plan, call.policy, said.text)
