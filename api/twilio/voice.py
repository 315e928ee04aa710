"""Twilio's voice webhooks: the incoming call and the connect action after a relay session.

`/twilio/voice` starts the call (call id = CallSid, caller = From) and answers
ConversationRelay TwiML, or speech Gather TwiML in gather mode. A retried
webhook finds the call started and starts nothing new. `/twilio/connect-action`
is where Twilio asks what next when the relay ends: the transfer the workflow
recorded, or goodbye.
"""

from __future__ import annotations

import json
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, HTTPException, Request, Response

from api import temporal_calls
from api.deps import State, TemporalClient
from api.twilio import calls, twiml
from api.twilio.signature import public_base, signed_form
from api.twilio.transfer import after_relay

router = APIRouter(dependencies=[Depends(signed_form)])
TwilioForm = Annotated[dict[str, str], Depends(signed_form)]
log = structlog.get_logger("warmline.twilio")


@router.post("/twilio/voice", response_class=Response)
async def voice(request: Request, form: TwilioForm, state: State, client: TemporalClient) -> Response:
    """An incoming call: start it and hand it to ConversationRelay (or speech Gather)."""
    sid = calls.call_sid(form.get("CallSid"))
    created = await calls.start(client, state.settings.task_queue, sid, form.get("From"))
    log.info("twilio call" if created else "twilio call retried", call_id=sid, mode=state.settings.twilio_mode)
    base = public_base(state.settings, str(request.base_url))
    if state.settings.twilio_mode == "gather":
        turn = 1 if created else (await temporal_calls.read_call(client, sid)).turn + 1
        return twiml.xml(twiml.gather(base, state.policy.greeting, turn))
    return twiml.xml(twiml.relay(base, state.policy.greeting))


def _handoff(raw: str | None) -> dict[str, str]:
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {k: str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@router.post("/twilio/connect-action", response_class=Response)
async def connect_action(request: Request, form: TwilioForm, state: State, client: TemporalClient) -> Response:
    """The relay session ended: transfer per the queue's target, or hang up."""
    sid = calls.call_sid(form.get("CallSid"))
    handoff = _handoff(form.get("HandoffData"))
    try:
        call = await temporal_calls.read_call(client, sid)
    except HTTPException as e:
        if e.status_code != 404:
            raise
        log.error("connect action for an unknown call", call_id=sid)
        return twiml.xml(twiml.say_and_hang_up(None))
    esc = call.escalation
    if handoff.get("context_id") and (esc is None or esc.context_id != handoff["context_id"]):
        log.warning("handoff data does not match the call's escalation; trusting the call", call_id=sid)
    log.info("relay ended", call_id=sid, session_status=form.get("SessionStatus"), status=call.status.value)
    return twiml.xml(after_relay(state.policy, public_base(state.settings, str(request.base_url)), call))
