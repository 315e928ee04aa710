"""Voicemail on Twilio: `<Record>` after the prompt, and Twilio's three reports of the message.

A turn that ends with a `voicemail` request becomes `<Say>` + `<Record>` (in relay mode
the relay has said the prompt; the connect action records). `<Record>` ends the
message on the policy's key or `maxLength`; Twilio then reports it up to three ways,
each signed and any of them possibly repeated or out of order:

- the Record `action` (`RecordingUrl`, `RecordingDuration`, `RecordingSid`): the
  message is in; the caller hears that a specialist will call back. An empty
  recording is never posted: Twilio goes on to the next verb, the `if_empty` line;
- `recordingStatusCallback` (`RecordingStatus` completed → the same message again,
  booked once; absent → nothing was recorded, the call hears a hangup);
- `transcribeCallback` (`TranscriptionStatus`, `TranscriptionText`), only when the
  policy's `voicemail.transcribe` says the account transcribes.

The status and transcript callbacks answer 204 whatever happens: nothing for Twilio to retry.
"""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import ValidationError
from temporalio.client import Client
from twilio.twiml.voice_response import VoiceResponse

from api import temporal_calls, temporal_voicemail
from api.deps import State, TemporalClient
from api.twilio import calls, twiml
from api.twilio.signature import signed_form
from api.twilio.twiml import VOICEMAIL_PATH, VOICEMAIL_STATUS_PATH, VOICEMAIL_TRANSCRIPT_PATH
from warmline.models import Hangup
from warmline.voicemail import VoicemailLeft, VoicemailRules, VoicemailTranscript
from workflows.call import CallWorkflow

router = APIRouter(dependencies=[Depends(signed_form)])
TwilioForm = Annotated[dict[str, str], Depends(signed_form)]
log = structlog.get_logger("warmline.twilio")
SILENCE_S = 5  # seconds of silence that end a message (Twilio's default, said here so it is not a surprise)


def record(base: str, rules: VoicemailRules, say: str | None, if_empty: str) -> VoiceResponse:
    """The prompt (unless the relay said it), `<Record>` with its reports, and the line for an empty recording."""
    out = VoiceResponse()
    if say:
        out.say(say)
    transcription = (
        {"transcribe": True, "transcribe_callback": base + VOICEMAIL_TRANSCRIPT_PATH} if rules.transcribe else {}
    )
    out.record(
        action=base + VOICEMAIL_PATH,
        method="POST",
        timeout=SILENCE_S,
        finish_on_key=rules.finish_on_key,
        max_length=rules.max_length_s,
        play_beep=True,
        recording_status_callback=base + VOICEMAIL_STATUS_PATH,
        recording_status_callback_method="POST",
        recording_status_callback_event="completed absent",
        **transcription,
    )
    return twiml.say_and_hang_up(if_empty, out)  # reached only when nothing was recorded


def _left(form: dict[str, str]) -> VoicemailLeft | None:
    """The message in a Record report; None when it carries none (no URL, no duration) or a malformed one."""
    try:
        duration = int(form.get("RecordingDuration") or 0)
        if duration <= 0 or not form.get("RecordingUrl"):
            return None
        return VoicemailLeft(
            recording_url=form["RecordingUrl"], duration_s=duration, recording_sid=form.get("RecordingSid") or None
        )
    except (ValueError, ValidationError) as e:
        log.error("unusable recording report", call_id=form.get("CallSid"), error=str(e)[:300])
        return None


async def _deliver(client: Client, sid: str, left: VoicemailLeft) -> str | None:
    """Give the message to the call; what the caller hears then, or None when the call takes no message now."""
    try:
        return (await temporal_voicemail.leave(client, sid, left)).say
    except HTTPException as e:
        if e.status_code not in (404, 409):
            raise
        log.info("recording for a call not taking a voicemail", call_id=sid, http=e.status_code, detail=e.detail)
        return None


@router.post(VOICEMAIL_PATH, response_class=Response)
async def recorded(form: TwilioForm, state: State, client: TemporalClient) -> Response:
    """The Record action: the message is in; the caller hears that a callback is booked, then goodbye."""
    sid = calls.call_sid(form.get("CallSid"))
    left = _left(form)
    said = await _deliver(client, sid, left) if left is not None else None
    if said is None:
        said = await _if_empty(client, sid)
    return twiml.xml(twiml.say_and_hang_up(said or state.policy.messages.goodbye))


async def _if_empty(client: Client, sid: str) -> str | None:
    """The call's own words for "no message", when it is a voicemail call still there to read."""
    try:
        call = await temporal_calls.read_call(client, sid)
    except HTTPException as e:
        if e.status_code != 404:
            raise
        return None
    return call.voicemail.if_empty if call.voicemail and call.voicemail.status != "left" else None


@router.post(VOICEMAIL_STATUS_PATH, status_code=204, response_class=Response)
async def recording_status(form: TwilioForm, client: TemporalClient) -> Response:
    """The recording's status callback: completed is the message (again); absent means nothing was recorded."""
    sid = calls.call_sid(form.get("CallSid"))
    status = form.get("RecordingStatus", "")
    left = _left(form) if status == "completed" else None
    if left is not None:
        await _deliver(client, sid, left)
    elif status == "absent":
        try:
            await temporal_calls.signal_call(client, sid, CallWorkflow.hangup, Hangup(source="twilio-recording-absent"))
        except HTTPException as e:
            log.info("absent recording for a call that is not running", call_id=sid, http=e.status_code)
    else:
        log.info("recording status ignored", call_id=sid, recording_status=status)
    return Response(status_code=204)


@router.post(VOICEMAIL_TRANSCRIPT_PATH, status_code=204, response_class=Response)
async def transcript(form: TwilioForm, state: State, client: TemporalClient) -> Response:
    """The transcription of the message (redacted like a caller's words), to the callback or the call."""
    sid = calls.call_sid(form.get("CallSid"))
    done = form.get("TranscriptionStatus") == "completed"
    text = state.redact(form.get("TranscriptionText", "")).strip()[:8000] if done else None
    t = VoicemailTranscript(
        status="completed" if done and text else "failed", text=text or None, recording_sid=form.get("RecordingSid")
    )
    await temporal_voicemail.transcribed(client, sid, t)
    return Response(status_code=204)
