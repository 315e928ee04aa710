"""The caller on hold in a TaskRouter queue: Twilio's `waitUrl`, the callback offer, and the queue's result.

While an enqueued caller waits, Twilio fetches `waitUrl` again each time its TwiML
finishes. Once the call's workflow has offered a callback (the queue's
`max_wait_s` passed), the wait TwiML asks: press 1 or say yes for a callback,
2 or no to keep holding. Yes books it through the same update the HTTP API uses
(`POST /v1/calls/{id}/callback`) and `<Leave>`s the queue; Twilio then asks the
Enqueue's action URL what next, which hangs up. A `bridged` result there means an
agent talked with the caller: the agent leg is recorded as connected and completed.
"""

from __future__ import annotations

import re
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from twilio.twiml.voice_response import VoiceResponse

from api import temporal_callbacks, temporal_calls
from api.deps import State, TemporalClient
from api.twilio import agent_leg, calls, twiml
from api.twilio.signature import public_base, signed_form
from api.twilio.twiml import HOLD_PATH, QUEUE_RESULT_PATH
from warmline.models import CallbackChoice, Status

router = APIRouter(dependencies=[Depends(signed_form)])
TwilioForm = Annotated[dict[str, str], Depends(signed_form)]
log = structlog.get_logger("warmline.twilio")

HOLD_CHOICE_PATH = "/twilio/hold-choice"
HOLD_PAUSE_S = 15  # between two fetches of the wait TwiML; an offer is repeated no more often than this
KEYS = " Press 1 or say yes for a callback, or press 2 or say no to keep holding."
_YES = re.compile(r"\b(yes|yeah|yep|please|sure|ok(ay)?|call me( back)?|callback)\b", re.I)
_NO = re.compile(r"\b(no|nope|hold|wait|stay)\b", re.I)


def _sid(form: dict[str, str]) -> str:
    return calls.call_sid(form.get("CallSid"))


@router.post(HOLD_PATH, response_class=Response)
async def hold(request: Request, form: TwilioForm, state: State, client: TemporalClient) -> Response:
    """The wait TwiML: the callback offer when there is one, else a pause (Twilio fetches this again)."""
    sid = _sid(form)
    call = await temporal_calls.read_call(client, sid)
    out = VoiceResponse()
    if call.status == Status.TRANSFERRING and call.callback_offer is not None:
        base = public_base(state.settings, str(request.base_url))
        g = out.gather(input="dtmf speech", num_digits=1, action=base + HOLD_CHOICE_PATH, method="POST", timeout=6)
        g.say(call.callback_offer.say + KEYS)
        log.info("callback offered on hold", call_id=sid, queue_time=form.get("QueueTime"))
    out.pause(length=HOLD_PAUSE_S)
    return twiml.xml(out)


@router.post(HOLD_CHOICE_PATH, response_class=Response)
async def hold_choice(form: TwilioForm, client: TemporalClient) -> Response:
    """The caller's key or words: yes books the callback and leaves the queue; no keeps them holding."""
    sid = _sid(form)
    digits, speech = form.get("Digits", ""), form.get("SpeechResult", "")
    accept = digits == "1" or (not digits and bool(_YES.search(speech)) and not _NO.search(speech))
    decline = digits == "2" or (not digits and bool(_NO.search(speech)))
    out = VoiceResponse()
    if not (accept or decline):
        log.info("no callback choice understood; still holding", call_id=sid, digits=digits)
        return twiml.xml(out)  # back to the wait TwiML, which asks again
    try:
        answer = await temporal_callbacks.choose(client, sid, CallbackChoice(accept=accept))
    except HTTPException as e:
        if e.status_code != 409:  # the offer is gone (an agent answered meanwhile): just carry on
            raise
        log.info("callback choice came too late", call_id=sid, detail=e.detail)
        return twiml.xml(out)
    out.say(answer.say)
    if answer.action == "end":
        out.leave()
    log.info("callback choice on hold", call_id=sid, accept=accept)
    return twiml.xml(out)


@router.post(QUEUE_RESULT_PATH, response_class=Response)
async def queue_result(form: TwilioForm, client: TemporalClient) -> Response:
    """The caller left the queue: after a booked callback (`leave`) or an agent's call (`bridged`), hang up.

    Twilio asks this only once a bridged call is over, so `bridged` is the agent's whole conversation:
    connected (if TaskRouter's acceptance never came) and completed.
    """
    result = form.get("QueueResult", "")
    if result not in ("leave", "bridged", "hangup"):
        log.error("twilio queue ended unexpectedly", call_id=form.get("CallSid"), queue_result=result)
        return twiml.xml(twiml.say_and_hang_up("Sorry, we couldn't connect you. Please call us again. Goodbye."))
    if result == "bridged":
        agent = agent_leg.agent_id(f"queue:{form['QueueSid']}" if form.get("QueueSid") else None)
        await agent_leg.completed(client, _sid(form), agent, "queue-result")
    return twiml.xml(twiml.say_and_hang_up(None))
