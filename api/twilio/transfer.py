"""The TwiML that puts an escalated caller through to the queue's target (contract "Twilio gateway").

The policy names each queue's target: a TaskRouter workflow (`enqueue`, with task
attributes the agent's desk can show before it answers), a number (`dial`) or a
SIP URI (`sip`). The facts come from the call's own state, the workflow's record
of the escalation, not from what travelled through Twilio.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import structlog
from twilio.twiml.voice_response import VoiceResponse

from api.twilio.twiml import HOLD_PATH, QUEUE_RESULT_PATH, gather, say_and_hang_up
from warmline.context import summarize
from warmline.models import CallState, Status
from warmline.policy import Policy

NO_TARGET_MESSAGE = "Sorry, we can't put you through to a specialist right now. Please call us again later. Goodbye."
RESUME_MESSAGE = "Sorry, I lost you for a moment. What were you saying?"
log = structlog.get_logger("warmline.twilio")


def task_attributes(state: CallState) -> dict[str, object]:
    """TaskRouter task attributes: enough for routing and the desk, nothing of the transcript."""
    esc = state.escalation
    assert esc is not None
    auth = state.authentication
    return {
        "call_id": state.call_id,
        "context_id": esc.context_id,
        "queue": esc.queue,
        "reason": esc.reason.value,
        "summary": summarize(state, esc.reason, esc.detail, esc.queue, esc.confirmation_seeking),
        "authentication": {"verified": auth.verified, "method": auth.method},
    }


def _sip_with_context(uri: str, context_id: str) -> str:
    # Twilio passes `X-` query parameters of a SIP URI on as SIP headers: the PBX can look the context up.
    return f"{uri}{'&' if '?' in uri else '?'}X-Warmline-Context-Id={quote(context_id)}"


def transfer(policy: Policy, state: CallState, twiml: VoiceResponse | None = None, base: str = "") -> VoiceResponse:
    """Transfer TwiML for an escalated call (appended to `twiml`); sorry and hang up when there is no target.

    With the public `base`, an enqueued caller's hold runs through `api/twilio/hold.py` (callback offers).
    """
    esc = state.escalation
    assert esc is not None
    queue = policy.queue(esc.queue)
    target = queue.transfer if queue else None
    twiml = twiml or VoiceResponse()
    if target is None:
        log.error("no twilio transfer target for the queue", call_id=state.call_id, queue=esc.queue)
        return say_and_hang_up(NO_TARGET_MESSAGE, twiml)
    if target.enqueue:
        hold = (
            {"wait_url": base + HOLD_PATH, "wait_url_method": "POST", "action": base + QUEUE_RESULT_PATH}
            if base
            else {}
        )
        enqueue = twiml.enqueue(workflow_sid=target.enqueue, method="POST", **hold)
        enqueue.task(json.dumps(task_attributes(state)))
    elif target.dial:
        twiml.dial(target.dial)
    elif target.sip:
        twiml.dial().sip(_sip_with_context(target.sip, esc.context_id))
    log.info("transferring on twilio", call_id=state.call_id, queue=esc.queue, context_id=esc.context_id)
    return twiml


def after_relay(policy: Policy, base: str, state: CallState) -> VoiceResponse:
    """What the caller gets once a relay session is over: the transfer, more AI by Gather, or goodbye."""
    if state.escalation is not None and state.status in (Status.TRANSFERRING, Status.WITH_AGENT):
        return transfer(policy, state, base=base)
    if state.status == Status.AI:
        # The session broke without a transfer or an end: keep the call alive without ConversationRelay.
        log.warning("relay ended mid-conversation; continuing by speech gather", call_id=state.call_id)
        return gather(base, RESUME_MESSAGE, state.turn + 1)
    return say_and_hang_up(None)
