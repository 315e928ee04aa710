"""The handoff: publish the context, wait for the helpdesk's ack, and only then transfer.

The turn's plan has decided to escalate and where (`TurnPlan.route`); this module
carries it out. A queue that is closed offers a callback (or says when it opens); a
helpdesk that does not acknowledge in `ack_timeout_s` transfers anyway or books a
callback, as the policy's `handoff.on_ack_timeout` says (docs/architecture.md, "The path of a turn").
"""

from __future__ import annotations

import asyncio

from temporalio import workflow

from workflows.call import callbacks, voicemail
from workflows.call.delivery import deliver, take_back_offer
from workflows.call.session import CallSession

with workflow.unsafe.imports_passed_through():
    from warmline.context import PublishRequest, build_context
    from warmline.models import Escalation, Outcome, Status, TransferInfo, TurnResult
    from warmline.turn_models import TurnPlan

# Changes to the command sequence, for `workflow.patched` (histories recorded before them replay unchanged).
PATCH_CALLBACK_OFFER = "callback-offer-v1"  # a closed queue offers a callback and asks, instead of publishing
PATCH_CALLBACK_WORKFLOW = "callback-workflow-v1"  # on_ack_timeout=callback books a CallbackWorkflow
PATCH_VOICEMAIL = "voicemail-v1"  # a closed voicemail queue records the caller instead of publishing


async def escalate(call: CallSession, plan: TurnPlan, n: int) -> TurnResult:
    """Hand the caller to a person: the context first, the transfer only once the helpdesk has it."""
    policy, st, d, where = call.policy, call.state, plan.decision, plan.route
    assert d is not None and d.reason is not None and where is not None
    offer_callback = not where.open and where.after_hours == "callback" and workflow.patched(PATCH_CALLBACK_OFFER)
    esc = Escalation(
        reason=d.reason,
        detail=d.detail,
        turn=n,
        queue=where.queue,
        context_id=str(workflow.uuid4()),
        requested_at=workflow.now(),
        confirmation_seeking=d.confirmation_seeking,
    )
    if offer_callback:
        return callbacks.offer(call, esc, "after_hours", where.opens_at, n)
    if not where.open and where.after_hours == "voicemail" and workflow.patched(PATCH_VOICEMAIL):
        return voicemail.ask(call, esc, where.opens_at, n)
    st.status, st.escalation = Status.TRANSFERRING, esc
    context = build_context(st, esc, esc.requested_at)
    call.publish()
    call.describe(f"escalating: {d.reason.value} → {where.queue}, waiting for the helpdesk")
    call.delivery = asyncio.create_task(deliver(call, PublishRequest(context=context)))
    try:
        await workflow.wait_condition(
            lambda: call.ack is not None or st.hangup_at is not None, timeout=policy.handoff.ack_timeout_s
        )
    except TimeoutError:
        pass
    if st.hangup_at is not None:
        return TurnResult(call_id=st.call_id, turn=n, action="end", say="")
    delivered = call.ack is not None
    esc.delivered_before_transfer = delivered
    if not where.open or (not delivered and policy.handoff.on_ack_timeout == "callback"):
        esc.callback = True
        st.status, st.outcome = Status.WRAP_UP, Outcome.CALLBACK
        say = policy.messages.after_hours if not where.open else policy.messages.callback
        if where.open and workflow.patched(PATCH_CALLBACK_WORKFLOW):
            # Nobody has the context yet: take the live offer back once it lands, and ring the caller
            # back through a CallbackWorkflow (it re-offers the context when the helpdesk is back).
            esc.callback_choice = "accepted"
            await callbacks.book(call, "helpdesk_unavailable", None)
            take_back_offer(call, "callback")
        call.say(say)
        call.publish()
        call.describe(f"callback booked: {d.reason.value} → {where.queue}")
        return TurnResult(call_id=st.call_id, turn=n, action="end", say=say)
    say = policy.warm_transfer_message
    call.say(say)
    esc.transferred_at = workflow.now()
    queue = policy.queue(where.queue)
    if queue is not None and queue.max_wait_s is not None:
        call.in_background(callbacks.watch_hold(call, queue.max_wait_s))
    call.describe(
        f"transferred: {d.reason.value} → {where.queue}" + ("" if delivered else " (context still being delivered)")
    )
    return TurnResult(call_id=st.call_id, turn=n, action="transfer", say=say, transfer=TransferInfo.of(esc))
