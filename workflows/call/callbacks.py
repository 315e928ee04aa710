"""Callbacks offered when nobody can take the caller now: after hours, or a hold past the queue's `max_wait_s`.

The AI offers, the caller answers (a spoken turn, read by the turn's plan, or a keypad
choice, the `callback_choice` update), and an accepted offer books a `CallbackWorkflow`
that holds the context and rings the caller back (docs/callbacks.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from temporalio import workflow
from temporalio.workflow import ParentClosePolicy

from workflows.call.delivery import take_back_offer
from workflows.call.session import CallSession

with workflow.unsafe.imports_passed_through():
    from warmline.callbacks import CallbackStart, callback_workflow_id, first_due, spoken_time
    from warmline.context import build_context
    from warmline.models import CallbackOffer, CallbackReason, Escalation, Outcome, Status, TurnResult
    from warmline.turn_models import CallbackMove
    from warmline.voicemail import Voicemail
    from workflows.callback import CallbackWorkflow


def offer(call: CallSession, esc: Escalation, reason: CallbackReason, opens_at: datetime | None, n: int) -> TurnResult:
    """Nobody can take the caller now: ask whether they want a callback (the call stays with the AI)."""
    policy, st = call.policy, call.state
    now = workflow.now()
    esc.callback_reason, esc.callback_due_at = reason, opens_at
    st.escalation = esc
    say = policy.messages.callback_offer_after_hours.replace("{opens}", _spoken_opening(call, esc))
    st.callback_offer = CallbackOffer(reason=reason, offered_at=now, opens_at=opens_at, say=say)
    call.say(say)
    call.publish()
    call.describe(f"callback offered: {esc.reason.value} → {esc.queue} is closed")
    return TurnResult(call_id=st.call_id, turn=n, action="reply", say=say)


async def answer(call: CallSession, move: CallbackMove, n: int) -> TurnResult:
    """A spoken answer to the offer, as the turn's plan read it: book it, decline it, or ask once more."""
    st = call.state
    assert st.callback_offer is not None and st.escalation is not None
    if move == "accept":
        say = await accept(call)
        return TurnResult(call_id=st.call_id, turn=n, action="end", say=say)
    if move == "decline":
        _, say = decline(call)
        return TurnResult(call_id=st.call_id, turn=n, action="end", say=say)
    st.callback_offer.asked += 1
    say = call.policy.messages.callback_reask.replace("{opens}", _spoken_opening(call, st.escalation))
    call.say(say)
    return TurnResult(call_id=st.call_id, turn=n, action="reply", say=say)


async def accept(call: CallSession) -> str:
    """Book it: a CallbackWorkflow holds the context and rings the caller back; this call ends."""
    policy, st = call.policy, call.state
    assert st.callback_offer is not None and st.escalation is not None
    esc, offered = st.escalation, st.callback_offer
    if st.status == Status.TRANSFERRING:  # on hold: the live offer must not ring an agent for a caller who left
        call.note_queue_wait()
        take_back_offer(call, "callback")
    esc.callback, esc.callback_choice = True, "accepted"
    await book(call, offered.reason, offered.opens_at)
    template = (
        policy.messages.callback_booked_after_hours
        if offered.reason == "after_hours"
        else policy.messages.callback_booked_wait
    )
    say = template.replace("{opens}", _spoken_opening(call, esc))
    st.callback_offer = None
    st.status, st.outcome = Status.WRAP_UP, Outcome.CALLBACK
    call.say(say)
    call.publish()
    call.describe(f"callback booked ({offered.reason}) → {esc.queue}")
    return say


def decline(call: CallSession) -> tuple[Literal["end", "hold"], str]:
    """No thanks: after hours the call ends; on hold the caller keeps their place."""
    policy, st = call.policy, call.state
    assert st.callback_offer is not None and st.escalation is not None
    esc = st.escalation
    esc.callback_choice, st.callback_offer = "declined", None
    if st.status == Status.TRANSFERRING:
        queue = policy.queue(esc.queue)
        if queue is not None and queue.max_wait_s is not None:  # ask again after another max_wait_s
            call.in_background(watch_hold(call, queue.max_wait_s))
        call.describe(f"callback declined; caller holding for {esc.queue}")
        return "hold", policy.messages.callback_keep_holding
    say = policy.messages.callback_declined.replace("{opens}", _spoken_opening(call, esc))
    st.status, st.outcome = Status.WRAP_UP, Outcome.NO_AGENT
    call.say(say)
    call.publish()
    call.describe(f"callback declined: {esc.queue} closed")
    return "end", say


async def book(
    call: CallSession, reason: CallbackReason, opens_at: datetime | None, voicemail: Voicemail | None = None
) -> None:
    """Start the CallbackWorkflow (it outlives this call) with the context as it is now (and the caller's message)."""
    policy, st = call.policy, call.state
    assert st.escalation is not None
    esc, now = st.escalation, workflow.now()
    queue = policy.queue(esc.queue)
    start = CallbackStart(
        call_id=st.call_id,
        reason=reason,
        context=build_context(st, esc, now),
        number=st.caller.number,
        booked_at=now,
        due_at=opens_at or now,
        hours=queue.hours if queue else None,
        rules=policy.callbacks,
        voicemail=voicemail,
        transcript_wait_s=policy.voicemail.transcript_wait_s,
    )
    esc.callback_reason, esc.callback_due_at = reason, first_due(start.hours, now, opens_at)
    await workflow.start_child_workflow(
        CallbackWorkflow.run,
        start,
        id=callback_workflow_id(st.call_id),
        parent_close_policy=ParentClosePolicy.ABANDON,
        static_summary=f"Callback for {st.call_id} ({reason}) → {esc.queue}",
    )


async def watch_hold(call: CallSession, max_wait_s: float) -> None:
    """The queue's `max_wait_s` passed with the caller still holding: offer a callback instead."""
    st = call.state
    try:
        await workflow.wait_condition(lambda: st.status != Status.TRANSFERRING, timeout=max_wait_s)
    except TimeoutError:
        if st.escalation is None or st.status != Status.TRANSFERRING:
            return
        say = call.policy.messages.callback_offer_wait
        st.escalation.callback_reason = "long_wait"
        st.callback_offer = CallbackOffer(reason="long_wait", offered_at=workflow.now(), say=say)
        call.describe(f"held {max_wait_s:g}s for {st.escalation.queue}: callback offered")


def _spoken_opening(call: CallSession, esc: Escalation) -> str:
    queue = call.policy.queue(esc.queue)
    return spoken_time(esc.callback_due_at, queue.hours if queue else None, workflow.now())
