"""Gateway endpoints: what a voice gateway calls during a phone call."""

from __future__ import annotations

import uuid
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, HTTPException, Path, Response
from pydantic import BaseModel, Field, model_validator

from api import temporal_calls as calls
from api.card_context import answering
from api.deps import CallReader, State, TemporalClient, require_gateway_key
from api.desk.auth import agent_on_call, not_found
from runtime.tracing import tag_call
from store.audio import AudioStore
from warmline.asr import AudioIn, AudioRef, AudioTurnRequest
from warmline.call_view import CallView
from warmline.models import (
    MAX_TURN_CHARS,
    Caller,
    CallStart,
    Hangup,
    Status,
    StrictModel,
    TurnRequest,
    TurnResult,
)
from workflows.call import CallWorkflow

router = APIRouter(prefix="/v1/calls", tags=["gateway"], dependencies=[Depends(require_gateway_key)])
# Reading a call is also open to agent tokens (scoped to their calls), so it has its own router and check.
reader = APIRouter(prefix="/v1/calls", tags=["gateway"])
log = structlog.get_logger("warmline.api")

CallId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:@+-]+$")]


class StartCall(StrictModel):
    call_id: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:@+-]+$")
    caller: Caller = Field(default_factory=Caller)


class TurnBody(StrictModel):
    """A caller turn: the gateway's transcript (`text`), or the caller's `audio` for Warmline to transcribe."""

    text: str | None = Field(default=None, min_length=1, max_length=MAX_TURN_CHARS)
    audio: AudioIn | None = None
    asr_confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    turn_id: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _text_or_audio(self) -> TurnBody:
        if (self.text is None) == (self.audio is None):
            raise ValueError("give exactly one of text or audio")
        if self.audio is not None and self.asr_confidence is not None:
            raise ValueError("asr_confidence is measured by Warmline's recogniser for audio turns; send it with text")
        return self


class Started(BaseModel):
    call_id: str
    action: str = "reply"
    say: str


class Accepted(BaseModel):
    call_id: str
    accepted: bool = True


@router.post("", status_code=201, response_model=Started, responses={200: {"model": Started}})
async def start_call(body: StartCall, state: State, client: TemporalClient, response: Response) -> Started:
    """Start a call; the response carries the greeting. A repeated call id returns the same call (200)."""
    call_id = body.call_id or f"call-{uuid.uuid4().hex}"
    tag_call(call_id)  # the path names no call: the trace takes the id from here
    created = await calls.start_call(client, state.settings.task_queue, CallStart(call_id=call_id, caller=body.caller))
    if not created:
        response.status_code = 200
    log.info("call started" if created else "call already exists", call_id=call_id)
    return Started(call_id=call_id, say=state.policy.greeting)


@router.post("/{call_id}/turns", response_model=TurnResult)
async def turn(call_id: CallId, body: TurnBody, state: State) -> TurnResult:
    """One caller utterance; answers `reply`, `transfer` or `end`. A repeated `turn_id` is applied once.

    `text` is the gateway's transcript, redacted here. `audio` (`{"url"}` or `{"base64", "format"}`) is
    transcribed by the worker's `transcribe` activity, which redacts the transcript the same way; base64
    audio waits in the audio store, so no audio enters workflow history.
    """
    # From State, which the route needs anyway: a dependency of its own costs FastAPI ~0.04 ms per request, and the
    # turn is what a spike sends most (tests/api/test_turn_dependencies.py).
    client = await state.temporal()
    if body.text is not None:
        text = await answering(client, call_id, state.redact(body.text)[:MAX_TURN_CHARS])
        clean = TurnRequest(text=text, asr_confidence=body.asr_confidence, turn_id=body.turn_id)
        result = await state.metrics.timed_turn(calls.run_turn(client, call_id, clean))
    else:
        result = await state.metrics.timed_turn(_audio_turn(call_id, body, state, client))
    log.info(
        "turn",
        call_id=call_id,
        turn=result.turn,
        action=result.action,
        reason=result.transfer.reason.value if result.transfer else None,
    )
    return result


async def _audio_turn(call_id: str, body: TurnBody, state: State, client: TemporalClient) -> TurnResult:
    audio = body.audio
    assert audio is not None
    if not state.settings.asr_url:
        # A line without a recogniser cannot take this input at all (not a passing outage): 422, not 503.
        raise HTTPException(422, "audio turns are not enabled on this line (WARMLINE_ASR_URL is not set); send text")
    if audio.url is not None and not state.settings.audio_host_allowed(audio.url):
        raise HTTPException(422, "audio.url: this host is not in WARMLINE_AUDIO_URL_HOSTS")
    store, key = AudioStore(state.settings.audio_path), None
    if audio.base64 is not None:
        key = store.put(audio.decoded(), audio.format, scope=f"{call_id}/{body.turn_id or uuid.uuid4().hex}")
    ref = AudioRef(url=audio.url, key=key, format=audio.format)
    try:
        result = await calls.run_audio_turn(client, call_id, AudioTurnRequest(audio=ref, turn_id=body.turn_id))
    except HTTPException as e:
        if key is not None and e.status_code < 500:
            store.delete(key)  # refused (unknown call, wrong phase): the audio is never read
        raise
    if key is not None:
        store.delete(key)  # the turn is over (a retried turn_id included): nothing will read it again
    return result


@router.post("/{call_id}/hangup", status_code=202, response_model=Accepted)
async def hangup(call_id: CallId, client: TemporalClient) -> Accepted:
    """The caller hung up. In the AI phase the call goes to wrap-up; while transferring it is abandoned."""
    await calls.signal_call(
        client,
        call_id,
        CallWorkflow.hangup,
        Hangup(source="gateway"),
        allowed={Status.AI, Status.TRANSFERRING, Status.WITH_AGENT, Status.WRAP_UP},
    )
    return Accepted(call_id=call_id)


@reader.get("/{call_id}", response_model=CallView)
async def get_call(call_id: CallId, who: CallReader, state: State, client: TemporalClient) -> CallView:
    """The call's status, intent, authentication, transcript (greeting first) and escalation.

    A gateway key reads any call; an agent token only a call offered to or taken by its agent (404 otherwise).
    """
    call = await calls.read_call(client, call_id)
    if (
        who.agent_only
        and who.agent is not None
        and not await agent_on_call(client, state.settings, call, who.agent.agent_id)
    ):
        raise not_found(call_id)
    return CallView.of(call)
