"""The TwiML that puts an escalated caller through to the queue's target (contract "Twilio gateway").

The policy names each queue's target: a TaskRouter workflow (`enqueue`, with task
attributes the agent's desk can show before it answers), a number (`dial`) or a
SIP URI (`sip`). The facts come from the call's own state, the workflow's record
of the escalation, not from what travelled through Twilio.

The human leg is observed, not assumed: a `<Dial>` carries an `action` and
answered/completed status callbacks on its noun (`api/twilio/dial.py`); a
TaskRouter target reports through the workspace's event callback
(`api/twilio/taskrouter.py`). A queue with no target holds the caller in a plain
Twilio queue named after it — never a hang-up.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import structlog
from twilio.twiml.voice_response import VoiceResponse

from api.twilio import voicemail
from api.twilio.twiml import DIAL_ACTION_PATH, DIAL_STATUS_PATH, HOLD_PATH, QUEUE_RESULT_PATH, gather, say_and_hang_up
from warmline.context import summarize
from warmline.models import CallState, Status
from warmline.policy import Policy, TransferTarget

# Twilio's status callback events on the agent's leg: the line needs only the pick-up and the end.
AGENT_LEG_EVENTS = "answered completed"
QUEUE_NAME_MAX = 64  # Twilio's limit on an <Enqueue> queue name
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


def _hold(base: str) -> dict[str, str]:
    """An enqueued caller's hold (callback offers) and the queue's result, when the public base is known."""
    if not base:
        return {}
    return {"wait_url": base + HOLD_PATH, "wait_url_method": "POST", "action": base + QUEUE_RESULT_PATH}


def hold_queue(twiml: VoiceResponse, queue: str, base: str) -> VoiceResponse:
    """Wait in a plain Twilio queue named after the Warmline queue, with the line's hold (never a hang-up)."""
    twiml.enqueue(queue[:QUEUE_NAME_MAX], method="POST", **_hold(base))
    return twiml


def agent_leg_callbacks(base: str, call_id: str) -> dict[str, str]:
    """The `<Number>`/`<Sip>` status callbacks: answered → agent connected, completed → agent completed.

    The call id rides in the (signed) URL: the agent leg's own CallSid is not the call's.
    """
    if not base:
        return {}
    url = f"{base}{DIAL_STATUS_PATH}?{urlencode({'call_id': call_id})}"
    return {"status_callback_event": AGENT_LEG_EVENTS, "status_callback": url, "status_callback_method": "POST"}


def _dial(twiml: VoiceResponse, target: TransferTarget, state: CallState, context_id: str, base: str) -> None:
    action = {"action": base + DIAL_ACTION_PATH, "method": "POST"} if base else {}
    dial = twiml.dial(**action)
    callbacks = agent_leg_callbacks(base, state.call_id)
    if target.dial:
        dial.number(target.dial, **callbacks)
    elif target.sip:
        dial.sip(_sip_with_context(target.sip, context_id), **callbacks)


def transfer(policy: Policy, state: CallState, twiml: VoiceResponse | None = None, base: str = "") -> VoiceResponse:
    """Transfer TwiML for an escalated call (appended to `twiml`); a plain hold queue when there is no target.

    With the public `base`, an enqueued caller's hold runs through `api/twilio/hold.py` (callback offers)
    and a dialled agent's leg reports through `api/twilio/dial.py`.
    """
    esc = state.escalation
    assert esc is not None
    queue = policy.queue(esc.queue)
    target = queue.transfer if queue else None
    twiml = twiml or VoiceResponse()
    if target is None:
        log.info("no twilio transfer target; holding in the plain queue", call_id=state.call_id, queue=esc.queue)
        return hold_queue(twiml, esc.queue, base)
    if target.enqueue:
        enqueue = twiml.enqueue(workflow_sid=target.enqueue, method="POST", **_hold(base))
        enqueue.task(json.dumps(task_attributes(state)))
    else:
        _dial(twiml, target, state, esc.context_id, base)
    log.info("transferring on twilio", call_id=state.call_id, queue=esc.queue, context_id=esc.context_id)
    return twiml


def after_relay(policy: Policy, base: str, state: CallState) -> VoiceResponse:
    """What the caller gets once a relay session is over: the transfer, the voicemail, more AI by Gather, or goodbye."""
    if state.escalation is not None and state.status in (Status.TRANSFERRING, Status.WITH_AGENT):
        return transfer(policy, state, base=base)
    vm = state.voicemail
    if vm is not None and vm.status == "recording" and state.hangup_at is None:
        return voicemail.record(base, policy.voicemail, None, vm.if_empty)  # the relay said the prompt
    if state.status == Status.AI:
        # The session broke without a transfer or an end: keep the call alive without ConversationRelay.
        log.warning("relay ended mid-conversation; continuing by speech gather", call_id=state.call_id)
        return gather(base, RESUME_MESSAGE, state.turn + 1)
    return say_and_hang_up(None)
