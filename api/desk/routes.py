"""Agent desk endpoints: presence, the live event stream, accept and wrap-up.

Every route needs an agent token (`CurrentAgent`) and reads the store only through
`store.queries`. Accept goes to the queue's workflow first (it alone decides whose desk
the offer rings, and its activity marks the stored offer taken), then tells the
call `agent_connected` — or, for a Twilio caller and an agent with a phone of their own,
rings that phone (`api/twilio/ring_agent.py`) and lets Twilio's answered event connect
them, so the agent who saw the context is the one who picks up; wrap-up sends `agent_completed` and the disposition,
then makes the agent available again in every queue they work.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Literal

import structlog
from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from temporalio.client import Client
from temporalio.service import RPCError

from api import temporal_callbacks as cb
from api import temporal_calls as calls
from api.deps import State, Store, TemporalClient, TemporalUnavailable
from api.desk import queues as q
from api.desk.auth import CurrentAgent
from api.desk.view import DeskView, desk_view
from api.twilio import ring_agent
from api.twilio.signature import public_base
from api.wrap_up import check_intended_query_type, query_type_names
from store.queries import get_offer
from warmline.callbacks import CALLBACK_ID_PREFIX, CallbackAgentEvent, CallbackReport
from warmline.models import AgentEvent, DispositionCode, Status, StrictModel
from warmline.models import Disposition as CallDisposition
from warmline.queueing import AgentStatus
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow

router = APIRouter(prefix="/desk/api", tags=["agent desk"])
log = structlog.get_logger("warmline.desk")
STREAM_POLL_S = 0.5
KEEPALIVE_S = 15.0

ContextId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
CallId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:@+-]+$")]


class PresenceBody(StrictModel):
    status: AgentStatus = Field(description="available or away (busy is set by accepting a call)")


class WrapUp(StrictModel):
    codes: list[DispositionCode] = Field(min_length=1, max_length=5)
    repeat_explanation: bool
    notes: str | None = Field(default=None, max_length=4000)
    # "Should have been": the query type the caller meant (optional; one of the policy's, api/wrap_up.py).
    intended_query_type: str | None = Field(default=None, min_length=1, max_length=64)
    # Required when the call on the desk is a callback: how the attempt went.
    callback_outcome: Literal["reached", "no_answer", "voicemail", "wrong_number"] | None = None


class WrapUpOptions(BaseModel):
    """What the wrap-up form offers beyond the codes: the live policy's query types, for "should have been"."""

    query_types: list[str]


class AcceptedView(BaseModel):
    context_id: str
    call_id: str
    queue: str
    wait_s: float


@router.get("/me", response_model=DeskView)
async def me(who: CurrentAgent, state: State, client: TemporalClient, engine: Store) -> DeskView:
    """The agent's desk right now (the event stream sends the same view on every change)."""
    return await desk_view(client, state.settings, engine, who, q.agent_queues(state.policy, who.skills))


@router.get("/wrap-up-options", response_model=WrapUpOptions)
async def wrap_up_options(who: CurrentAgent, state: State) -> WrapUpOptions:
    """The query types the wrap-up form's "should have been" select lists (the live policy's, in its order)."""
    return WrapUpOptions(query_types=query_type_names(state.policy))


@router.post("/presence", response_model=DeskView)
async def presence(
    body: PresenceBody, who: CurrentAgent, state: State, client: TemporalClient, engine: Store
) -> DeskView:
    """Available or away, in every queue the agent's skills cover."""
    if body.status == AgentStatus.BUSY:
        raise HTTPException(422, "status: busy is set by accepting a call")
    queues = q.agent_queues(state.policy, who.skills)
    if not queues:
        raise HTTPException(409, f"no queue needs only the skills {who.skills}")
    await q.set_presence_everywhere(client, state.settings, queues, who.agent_id, who.skills, body.status)
    log.info("agent presence", agent_id=who.agent_id, status=body.status.value, queues=queues)
    return await desk_view(client, state.settings, engine, who, queues)


@router.post("/offers/{context_id}/accept", response_model=AcceptedView)
async def accept(
    context_id: ContextId, request: Request, who: CurrentAgent, state: State, client: TemporalClient, engine: Store
) -> AcceptedView:
    """Take the call ringing on this desk: the queue records it (and marks the stored offer taken), then the call
    hears `agent_connected` (a Twilio caller: once the agent's own phone answers)."""
    stored = await get_offer(engine, context_id)
    if stored is None:
        raise HTTPException(404, f"no offer {context_id!r}")
    ctx = stored.context
    result = await q.accept(client, state.settings, ctx.queue, context_id, who.agent_id)
    if ctx.callback is not None:  # the caller is not on the line: the agent rings them back
        await client.get_workflow_handle(ctx.callback.workflow_id).signal(
            CallbackWorkflow.agent_event, CallbackAgentEvent(agent_id=who.agent_id)
        )
    elif ring_agent.rings(state.settings, ctx.call_id, who):
        base = public_base(state.settings, str(request.base_url))
        await ring_agent.ring(state.settings, client, base, ctx.call_id, ctx.queue, context_id, who)
    else:
        await calls.signal_call(
            client, ctx.call_id, CallWorkflow.agent_event, AgentEvent(type="agent_connected", agent_id=who.agent_id)
        )
    others = [n for n in q.agent_queues(state.policy, who.skills) if n != ctx.queue]
    await q.set_presence_everywhere(
        client, state.settings, others, who.agent_id, who.skills, AgentStatus.BUSY, call_id=ctx.call_id
    )
    log.info("offer accepted", agent_id=who.agent_id, call_id=ctx.call_id, queue=ctx.queue, wait_s=result.wait_s)
    return AcceptedView(context_id=context_id, call_id=ctx.call_id, queue=ctx.queue, wait_s=result.wait_s)


@router.post("/calls/{call_id}/wrap-up", response_model=DeskView)
async def wrap_up(
    call_id: CallId, body: WrapUp, who: CurrentAgent, state: State, client: TemporalClient, engine: Store
) -> DeskView:
    """Finish the call: `agent_completed`, the disposition, and the agent is available again.

    The notes are redacted like a caller's words (an agent may type what the caller read out)."""
    check_intended_query_type(state.policy, body.intended_query_type)
    if body.notes:
        body = body.model_copy(update={"notes": state.redact(body.notes)})
    queues = q.agent_queues(state.policy, who.skills)
    view = await desk_view(client, state.settings, engine, who, queues)
    if view.call is None or view.call.call_id != call_id:
        raise HTTPException(409, f"{who.agent_id} is not on call {call_id!r}")
    if view.call.context is not None and view.call.context.callback is not None:
        await _report_callback(client, view.call.context.callback.workflow_id, who.agent_id, body)
        await q.set_presence_everywhere(client, state.settings, queues, who.agent_id, who.skills, AgentStatus.AVAILABLE)
        return await desk_view(client, state.settings, engine, who, queues)
    call = await calls.read_call(client, call_id)
    if call.status == Status.WITH_AGENT:
        event = AgentEvent(type="agent_completed", agent_id=who.agent_id)
        await calls.signal_call(client, call_id, CallWorkflow.agent_event, event)
    if call.status != Status.ENDED and call.disposition is None:
        disposition = CallDisposition(agent_id=who.agent_id, **body.model_dump(exclude={"callback_outcome"}))
        await calls.signal_call(client, call_id, CallWorkflow.disposition, disposition)
    await q.set_presence_everywhere(client, state.settings, queues, who.agent_id, who.skills, AgentStatus.AVAILABLE)
    log.info("wrap-up", agent_id=who.agent_id, call_id=call_id, codes=[c.value for c in body.codes])
    return await desk_view(client, state.settings, engine, who, queues)


async def _report_callback(client: Client, workflow_id: str, agent_id: str, body: WrapUp) -> None:
    """A callback's wrap-up is the attempt's report (its outcome and the agent's codes), not a call signal."""
    if body.callback_outcome is None:
        raise HTTPException(422, "callback_outcome: say whether you reached the caller")
    report = CallbackReport(
        agent_id=agent_id,
        outcome=body.callback_outcome,
        notes=body.notes,
        codes=body.codes,
        repeat_explanation=body.repeat_explanation,
        intended_query_type=body.intended_query_type,
    )
    await cb.report(client, workflow_id.removeprefix(CALLBACK_ID_PREFIX), report)
    log.info("callback wrap-up", agent_id=agent_id, workflow_id=workflow_id, outcome=body.callback_outcome)


@router.get("/events")
async def events(request: Request, who: CurrentAgent, state: State, engine: Store) -> StreamingResponse:
    """Server-sent events: a `desk` event with the whole view whenever it changes."""
    queues = q.agent_queues(state.policy, who.skills)

    async def stream() -> AsyncIterator[str]:
        last, quiet = "", 0.0
        yield "retry: 1000\n\n"
        while not await request.is_disconnected():
            try:
                client = await state.temporal()
                data = (await desk_view(client, state.settings, engine, who, queues)).model_dump_json()
            except (TemporalUnavailable, RPCError) as e:
                data = ""
                yield f"event: unavailable\ndata: {str(e)[:200]!r}\n\n"
            if data and data != last:
                last, quiet = data, 0.0
                yield f"event: desk\ndata: {data}\n\n"
            elif quiet >= KEEPALIVE_S:
                quiet = 0.0
                yield ": keepalive\n\n"
            await asyncio.sleep(STREAM_POLL_S)
            quiet += STREAM_POLL_S

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
