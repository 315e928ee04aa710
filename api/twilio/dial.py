"""A `<Dial>` target's agent leg (a number or a SIP URI), observed from Twilio's own callbacks.

Two sources, so one lost callback does not lose the agent:

- `/twilio/dial-status?call_id=…`: the `<Number>`/`<Sip>` status callbacks on the
  agent's leg. `in-progress` (answered) → agent connected; `completed` → agent
  completed. The leg's `CallStatus` busy/no-answer/failed/canceled change nothing
  here: the Dial action decides what the caller hears.
- `/twilio/dial-action`: Twilio asks what next when the `<Dial>` ends. A
  `DialCallStatus` of completed/answered with a `DialCallDuration` > 0 means the
  agent talked (connected if not yet seen, then completed) and the call hangs
  up; no-answer/busy/failed/canceled while the call is still transferring keeps
  the caller: they hold in the queue's plain Twilio queue, where the callback
  offer reaches them.
"""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from twilio.twiml.voice_response import VoiceResponse

from api import temporal_calls
from api.deps import State, TemporalClient
from api.twilio import agent_leg, calls, twiml
from api.twilio.signature import public_base, signed_form
from api.twilio.transfer import hold_queue
from api.twilio.twiml import DIAL_ACTION_PATH, DIAL_STATUS_PATH
from warmline.models import CallState, Status
from warmline.policy import Policy

router = APIRouter(dependencies=[Depends(signed_form)])
TwilioForm = Annotated[dict[str, str], Depends(signed_form)]
log = structlog.get_logger("warmline.twilio")

ANSWERED = frozenset({"in-progress", "answered"})  # the leg's CallStatus on the `answered` event
TALKED = frozenset({"completed", "answered"})  # a DialCallStatus that, with a duration, means a conversation
REOFFER_MESSAGE = "Sorry, nobody could take your call just then. Please hold and we'll put you through."


def _seconds(raw: str | None) -> int:
    try:
        return max(int(raw or 0), 0)
    except ValueError:
        return 0


def _dialled(policy: Policy, state: CallState) -> str | None:
    """The target the call's queue dialled (the agent's identity when the callback does not carry one)."""
    queue = policy.queue(state.escalation.queue) if state.escalation else None
    target = queue.transfer if queue else None
    return (target.dial or target.sip) if target else None


@router.post(DIAL_STATUS_PATH, status_code=204, response_class=Response)
async def dial_status(
    form: TwilioForm,
    client: TemporalClient,
    call_id: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The agent leg's status callback: answered → connected, completed → completed; 204 whatever happens."""
    sid = calls.call_sid(call_id or form.get("ParentCallSid"))
    leg_status = form.get("CallStatus", "")
    # The leg's own To/Called is the number or SIP URI that answered; a SIP URI's `?X-…` headers are not who.
    agent = agent_leg.agent_id(form.get("Called") or form.get("To") or "").split("?")[0]
    if leg_status in ANSWERED:
        await agent_leg.connected(client, sid, agent, "dial-status")
    elif leg_status == "completed":
        await agent_leg.completed(client, sid, agent, "dial-status")
    else:
        log.info("agent leg not answered", call_id=sid, leg_status=leg_status)
    return Response(status_code=204)


@router.post(DIAL_ACTION_PATH, response_class=Response)
async def dial_action(request: Request, form: TwilioForm, state: State, client: TemporalClient) -> Response:
    """The `<Dial>` ended: record a conversation the status callbacks missed, or keep an unanswered caller."""
    sid = calls.call_sid(form.get("CallSid"))
    dial_status, duration = form.get("DialCallStatus", ""), _seconds(form.get("DialCallDuration"))
    try:
        call = await temporal_calls.read_call(client, sid)
    except HTTPException as e:
        if e.status_code != 404:
            raise
        log.error("dial action for an unknown call", call_id=sid, dial_status=dial_status)
        return twiml.xml(twiml.say_and_hang_up(None))
    log.info("dial ended", call_id=sid, dial_status=dial_status, duration=duration, status=call.status.value)
    talked = dial_status in TALKED and duration > 0
    if call.status == Status.WITH_AGENT or (talked and call.status == Status.TRANSFERRING):
        agent = agent_leg.agent_id(call.agent_id, _dialled(state.policy, call))
        await agent_leg.completed(client, sid, agent, "dial-action")
        return twiml.xml(twiml.say_and_hang_up(None))
    if call.status == Status.TRANSFERRING and call.escalation is not None:
        # Nobody answered: the caller stays, holding where the callback offer can reach them.
        said = VoiceResponse()
        said.say(REOFFER_MESSAGE)
        base = public_base(state.settings, str(request.base_url))
        return twiml.xml(hold_queue(said, call.escalation.queue, base))
    return twiml.xml(twiml.say_and_hang_up(None))  # the caller already hung up, or the call is over
