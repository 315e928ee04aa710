"""Gateway endpoints: what a voice gateway calls during a phone call."""

from __future__ import annotations

import uuid
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, Field

from api import temporal_calls as calls
from api.deps import State, TemporalClient, require_gateway_key
from warmline.models import Caller, CallStart, CallView, Hangup, Status, StrictModel, TurnRequest, TurnResult
from workflows.call import CallWorkflow

router = APIRouter(prefix="/v1/calls", tags=["gateway"], dependencies=[Depends(require_gateway_key)])
log = structlog.get_logger("warmline.api")

CallId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:@+-]+$")]


class StartCall(StrictModel):
    call_id: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:@+-]+$")
    caller: Caller = Field(default_factory=Caller)


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
    created = await calls.start_call(client, state.settings.task_queue, CallStart(call_id=call_id, caller=body.caller))
    if not created:
        response.status_code = 200
    log.info("call started" if created else "call already exists", call_id=call_id)
    return Started(call_id=call_id, say=state.policy.greeting)


@router.post("/{call_id}/turns", response_model=TurnResult)
async def turn(call_id: CallId, body: TurnRequest, state: State, client: TemporalClient) -> TurnResult:
    """One caller utterance; answers `reply`, `transfer` or `end`. A repeated `turn_id` is applied once."""
    clean = body.model_copy(update={"text": state.redact(body.text)})
    result = await calls.run_turn(client, call_id, clean)
    log.info(
        "turn",
        call_id=call_id,
        turn=result.turn,
        action=result.action,
        reason=result.transfer.reason.value if result.transfer else None,
    )
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


@router.get("/{call_id}", response_model=CallView)
async def get_call(call_id: CallId, client: TemporalClient) -> CallView:
    """The call's status, intent, authentication, transcript (greeting first) and escalation."""
    return CallView.of(await calls.read_call(client, call_id))
