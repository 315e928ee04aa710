"""This call's context at the helpdesk: deliver it (and keep the ack), take the live offer back.

Both run in the background of the call (`CallSession.delivery`, `side_tasks`): the
handoff waits for the ack only up to the policy's `ack_timeout_s`, and a withdrawal
never holds up the caller. The call does not end before either is done.
"""

from __future__ import annotations

from temporalio import workflow

from workflows import helpdesk, options
from workflows.call.session import CallSession

with workflow.unsafe.imports_passed_through():
    from warmline.context import PublishRequest, WithdrawRequest


async def deliver(call: CallSession, req: PublishRequest) -> None:
    """Publish the context, retried until the helpdesk acknowledges; the ack goes on the escalation."""
    summary = f"publish context {req.context.context_id} to the {req.context.queue} queue's helpdesk"
    ack = await helpdesk.publish(req, options.LIVE_DELIVERY_RETRY, summary)
    call.ack = ack
    esc = call.state.escalation
    if esc is not None:
        esc.context_delivered, esc.helpdesk_ticket, esc.delivered_at = True, ack.ticket_id, ack.acked_at
        esc.ack_latency_s = round((workflow.now() - esc.requested_at).total_seconds(), 3)


def take_back_offer(call: CallSession, reason: str) -> None:
    """Withdraw the escalation's live offer in the background (the call does not end before it is done)."""
    st = call.state
    assert st.escalation is not None
    call.in_background(
        _withdraw(call, WithdrawRequest(context_id=st.escalation.context_id, call_id=st.call_id, reason=reason))
    )


async def _withdraw(call: CallSession, req: WithdrawRequest) -> None:
    if call.delivery is not None:
        await call.delivery  # withdraw what the helpdesk has, not what it may still receive
    await helpdesk.withdraw(req, f"withdraw offer {req.context_id}")
