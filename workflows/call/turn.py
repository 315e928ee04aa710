"""The pieces `CallWorkflow.turn` (workflow.py) strings together: transcription, the plan's steps, carrying it out.

The order is in the update itself (docs/architecture.md, "The path of a turn"):
transcribe (audio turns), record the words with secrets redacted, the `understand`
local activity (`understand` here), which also runs `plan_turn` — the one place that decides
(warmline/turn_plan.py) — so the plan is recorded in history (planning.py says why and when not).
A plan may first ask for a step (a lookup or an identity check, the `run_action` activity); `run_steps` runs
it and asks the plan again with its outcome until the plan is whole. `carry_out` then
keeps what the plan changed and answers the caller, unless the plan is a handoff
(handoff.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from temporalio import workflow
from temporalio.exceptions import ActivityError

from workflows import options
from workflows.call.session import CallSession

with workflow.unsafe.imports_passed_through():
    from activities.actions import ActionActivities
    from activities.asr import AsrActivities
    from activities.understanding.activity import UnderstandingActivities
    from warmline.actions import ActionRequest
    from warmline.asr import NOTHING_HEARD, AudioTurnRequest, TranscribeRequest
    from warmline.models import (
        ActionRecord,
        Authentication,
        Outcome,
        Status,
        TurnRequest,
        TurnResult,
    )
    from warmline.names import humanize
    from warmline.recorded_plan import PlanContext, TurnAsk
    from warmline.trigger_models import Decision
    from warmline.triggers import pending_for
    from warmline.turn_log import StepLog, TurnLog
    from warmline.turn_models import Step, StepOutcome, TurnPlan
    from warmline.understanding import DialogAct, Understanding

# The turn's plan again with the outcomes of its steps so far, at the given clock (planning.replan, bound to the turn).
Replan = Callable[[list[StepOutcome], datetime], Awaitable[TurnPlan]]


async def understand(call: CallSession, req: TurnRequest, n: int, plan_with: PlanContext | None) -> Understanding:
    """The `understand` local activity, told what the AI's last turn left open (docs/understanding.md).

    Given `plan_with`, it plans the turn too: its result is then an `Understood` carrying the plan (planning.py).
    """
    if req.text == NOTHING_HEARD:  # nothing was recognised: nothing to classify, ask again (clarify)
        return Understanding(confidence=0.0, backend="none")
    st = call.state
    try:
        return await workflow.execute_local_activity_method(
            UnderstandingActivities.understand,
            TurnAsk(
                call_id=st.call_id,
                turn=n,
                text=req.text,
                asr_confidence=req.asr_confidence,
                pending=pending_for(call.triggers, callback_offered=st.callback_offer is not None),
                last_query_type=call.triggers.topic,
                policy_version=st.policy_version,
                plan_with=plan_with,
            ),
            start_to_close_timeout=options.UNDERSTAND_TIMEOUT,
            retry_policy=options.UNDERSTAND_RETRY,
            summary=f"understand turn {n}",
        )
    except ActivityError as e:
        # Understanding is down: don't guess. A zero-confidence turn leads to clarify, then escalation.
        failure = ActionRecord(name="understanding", status="failed", detail=why(e), turn=n, kind="system")
        return Understanding(confidence=0.0, actions=[failure], backend="unavailable")


def keep_before_steps(call: CallSession, plan: TurnPlan) -> None:
    """What the first plan keeps before any step runs: identifiers given (a check needs them), the intent."""
    call.values.update({c.name: c.value for c in plan.capture})
    if plan.intent is not None:
        call.state.intent = plan.intent


def carry_out(
    call: CallSession, plan: TurnPlan, u: Understanding, heard: str, n: int, record: ActionRecord | None
) -> TurnResult | None:
    """Keep what the plan changed and answer the caller; None when the plan is a handoff (escalate runs next)."""
    st, d = call.state, plan.decision
    assert d is not None
    if plan.forget_identifiers:
        for ident in call.policy.authentication.identifiers if call.policy.authentication else []:
            call.values.pop(ident.name, None)
    call.auth = plan.auth
    call.triggers = plan.triggers
    _note_actions(call, d, u, heard, n, record)
    if st.status != Status.AI:  # the caller hung up while we were thinking
        return TurnResult(call_id=st.call_id, turn=n, action="end", say="")
    if d.kind == "escalate":
        return None
    call.say(plan.say)
    if plan.expects is not None:
        call.asked[n + 1] = plan.expects
    call.payments_offered_for = n + 1 if plan.offers_payments else None
    if plan.action == "end":
        st.status, st.outcome = Status.WRAP_UP, Outcome.CONTAINED
    call.publish()
    call.describe(f"turn {n}: {d.kind}" + (f" ({humanize(d.query_type)})" if d.query_type else ""))
    return TurnResult(call_id=st.call_id, turn=n, action=plan.action, say=plan.say)


async def run_steps(
    call: CallSession, plan: TurnPlan, n: int, log: TurnLog, replan: Replan
) -> tuple[TurnPlan, ActionRecord | None]:
    """Run the steps the plan asks for, asking it again (`replan`: as at the turn's start) with each outcome.

    Returns the whole plan and the lookup's record (an identity check's record is kept at once). Each
    outcome and the clock of the last plan go into the turn's `log` (the what-if replays from it).
    """
    done: list[StepOutcome] = []
    record: ActionRecord | None = None
    while plan.run is not None:
        step = plan.run
        ran, outcome, captured = await _run_step(call, step, n)
        if step.purpose == "verify":
            call.state.actions.append(ran)
            if outcome.ok:
                _verified(call, captured)
        else:
            record = ran
        done.append(outcome)
        log.steps.append(StepLog(**outcome.model_dump(), captured=sorted(captured) if outcome.ok else []))
        log.at = workflow.now()
        plan = await replan(done, log.at)
    return plan, record


def _verified(call: CallSession, captured: dict[str, str]) -> None:
    """The identity check passed: keep what it captured and show the caller as verified."""
    st, auth = call.state, call.policy.authentication
    assert auth is not None
    call.values.update(captured)
    if captured.get("account_id") and not st.caller.account_id:
        st.caller = st.caller.model_copy(update={"account_id": captured["account_id"]})
    st.authentication = Authentication(verified=True, method=auth.method_name, verified_at=workflow.now())
    call.publish()  # now, before a lookup runs: the verified flag is searchable from here (the plan clears `auth`)


# -- the activities of a turn ------------------------------------------------------------


async def transcribe(call: CallSession, audio: AudioTurnRequest | None, n: int) -> TurnRequest:
    """The audio turn as a text turn. Recognition that fails keeps the turn, as inaudible (clarify)."""
    assert audio is not None
    try:
        t = await workflow.execute_activity_method(
            AsrActivities.transcribe,
            TranscribeRequest(call_id=call.state.call_id, turn=n, audio=audio.audio, expects=call.asked.get(n)),
            start_to_close_timeout=options.ASR_TIMEOUT,
            retry_policy=options.ASR_RETRY,
            summary=f"transcribe turn {n}",
        )
    except ActivityError as e:
        call.state.actions.append(ActionRecord(name="asr", status="failed", detail=why(e), turn=n, kind="system"))
        return TurnRequest(text=NOTHING_HEARD, asr_confidence=0.0, turn_id=audio.turn_id)
    return TurnRequest(text=t.text, asr_confidence=t.confidence, turn_id=audio.turn_id)


async def _run_step(call: CallSession, step: Step, n: int) -> tuple[ActionRecord, StepOutcome, dict[str, str]]:
    """Run a plan's step as the `run_action` activity; a failure (after bounded retries) is an outcome, not an error.

    Only the values the action `needs` go into its input, so history holds no more than necessary.
    """
    st, action, qt = call.state, step.action, step.query_type
    label = f"action:{action.name or qt}" if step.purpose == "resolve" else f"verify:{action.name or 'identity'}"
    known = {"call_id": st.call_id, "number": st.caller.number, "account_id": st.caller.account_id, **call.values}
    values = {k: v for k, v in known.items() if k in action.needs and v}
    try:
        result = await workflow.execute_activity_method(
            ActionActivities.run_action,
            ActionRequest(
                call_id=st.call_id, turn=n, query_type=qt, purpose=step.purpose, action=action, values=values
            ),
            start_to_close_timeout=options.action_timeout(action.timeout_s),
            retry_policy=options.action_retry(action.max_attempts),
            summary=f"{label} for {humanize(qt)} (turn {n})",
        )
    except ActivityError as e:
        failed = ActionRecord(name=label, status="failed", detail=why(e), query_type=qt, turn=n)
        return failed, StepOutcome(purpose=step.purpose, ok=False, detail=failed.detail), {}
    detail = (
        "Verified the caller's identity."
        if step.purpose == "verify"
        else f'Looked it up and told the caller: "{result.reply}"'[:300]
    )
    done = ActionRecord(name=label, status="succeeded", detail=detail, query_type=qt, turn=n)
    return done, StepOutcome(purpose=step.purpose, ok=True, reply=result.reply, detail=detail), result.captured


def _note_actions(
    call: CallSession, d: Decision, u: Understanding, text: str, n: int, outcome: ActionRecord | None
) -> None:
    """Keep the list of what the AI tried; an answer the caller says failed is marked failed.

    `outcome` is the turn's own lookup (answered, or failed), recorded instead of the fixed answer.
    """
    st = call.state
    for a in u.actions:
        st.actions.append(a.model_copy(update={"turn": a.turn or n}))
    if d.failures_counted and u.has(DialogAct.NOT_RESOLVED):
        answers = ("answer:", "action:")
        tried = [a for a in reversed(st.actions) if a.name.startswith(answers) and a.status == "succeeded"]
        # The failure may name an earlier topic than the last answer's ("going back to the flight change...").
        last = next((a for a in tried if a.query_type == d.query_type), tried[0] if tried else None)
        if last is not None:
            last.status, last.detail = "failed", f'Caller said it did not work: "{text[:120]}"'
    if outcome is not None:
        st.actions.append(outcome)
    elif d.kind in ("answer", "retry") and d.query_type:
        st.actions.append(
            ActionRecord(
                name=f"answer:{d.query_type}",
                status="succeeded",
                query_type=d.query_type,
                detail=f"Gave the answer for {humanize(d.query_type)}.",
                turn=n,
            )
        )


def why(e: ActivityError) -> str:
    """An activity's final failure as one short line (the cause's message, not the wrapper's)."""
    return str(e.cause or e)[:200]
