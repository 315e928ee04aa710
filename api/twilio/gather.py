"""Speech Gather mode, for Twilio accounts without ConversationRelay.

Each `<Gather input="speech">` posts the caller's words here; they become one
turn with Twilio's confidence as `asr_confidence`. The action URL carries the
turn number, so a webhook Twilio retries derives the same turn id and is
applied once. Silence re-prompts a couple of times, then says goodbye.
"""

from __future__ import annotations

import math
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from twilio.twiml.voice_response import VoiceResponse

from api import temporal_calls
from api.deps import State, TemporalClient
from api.twilio import calls, twiml, voicemail
from api.twilio.signature import public_base, signed_form
from api.twilio.transfer import after_relay, transfer
from api.twilio.twiml import GATHER_PATH

router = APIRouter(dependencies=[Depends(signed_form)])
MAX_SILENCES = 3
log = structlog.get_logger("warmline.twilio")


def _confidence(raw: str | None) -> float | None:
    try:
        value = float(raw) if raw else math.nan
    except ValueError:
        return None
    return min(max(value, 0.0), 1.0) if math.isfinite(value) else None


@router.post(GATHER_PATH, response_class=Response)
async def gather(
    request: Request,
    form: Annotated[dict[str, str], Depends(signed_form)],
    state: State,
    client: TemporalClient,
    turn: Annotated[int, Query(ge=1, le=100_000)] = 1,
    silences: Annotated[int, Query(ge=0, le=100)] = 0,
) -> Response:
    """One spoken utterance (`SpeechResult`, `Confidence`): reply and listen again, transfer, or end."""
    sid = calls.call_sid(form.get("CallSid"))
    base = public_base(state.settings, str(request.base_url))
    policy = state.policy
    text = calls.clean(state, form.get("SpeechResult", ""))
    if not text:
        if silences + 1 >= MAX_SILENCES:
            return twiml.xml(twiml.say_and_hang_up(policy.messages.goodbye))
        return twiml.xml(twiml.gather(base, policy.messages.prompt, turn, silences + 1))
    try:
        result = await calls.caller_turn(
            client, sid, text, turn, _confidence(form.get("Confidence")), metrics=state.metrics
        )
    except HTTPException as e:
        if e.status_code != 409:
            raise
        # The AI phase is over (a stale Gather): give the caller what the call is doing now.
        log.info("gather after the ai phase", call_id=sid)
        return twiml.xml(after_relay(policy, base, await temporal_calls.read_call(client, sid)))
    log.info("turn", call_id=sid, turn=result.turn, action=result.action, gateway="twilio-gather")
    if result.action == "reply":
        return twiml.xml(twiml.gather(base, result.say, result.turn + 1))
    if result.action == "transfer":
        said = VoiceResponse()
        said.say(result.say)
        return twiml.xml(transfer(policy, await temporal_calls.read_call(client, sid), said, base))
    if result.voicemail is not None:  # after hours on a voicemail queue: the prompt, then the recording
        return twiml.xml(voicemail.record(base, policy.voicemail, result.say, result.voicemail.if_empty))
    return twiml.xml(twiml.say_and_hang_up(result.say))
