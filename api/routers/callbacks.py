"""Callbacks: the caller's choice (gateway), the agent's report (helpdesk or agent), and the operators' view."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import structlog
from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel

from api import temporal_callbacks as cb
from api.deps import Reporter, State, Store, TemporalClient, require_gateway_key, require_operator_key
from api.wrap_up import check_intended_query_type
from store.queries import list_callbacks
from warmline.callbacks import CallbackCancel, CallbackReport, CallbackState
from warmline.models import CallbackAnswer, CallbackChoice

log = structlog.get_logger("warmline.api")
CallId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:@+-]+$")]

gateway = APIRouter(prefix="/v1/calls", tags=["gateway"], dependencies=[Depends(require_gateway_key)])
reports = APIRouter(prefix="/v1/callbacks", tags=["agents"])
operators = APIRouter(prefix="/v1/callbacks", tags=["operators"], dependencies=[Depends(require_operator_key)])


class CallbackList(BaseModel):
    open: list[CallbackState]
    finished: list[CallbackState]
    # Running callbacks whose state no worker could report just now (their worker is down): ids only.
    unreadable: list[str] = []


@gateway.post("/{call_id}/callback", response_model=CallbackAnswer)
async def choose(call_id: CallId, body: CallbackChoice, client: TemporalClient) -> CallbackAnswer:
    """The caller's answer to a callback offer (keypad or IVR). 409 when no offer is open on the call."""
    answer = await cb.choose(client, call_id, body)
    log.info("callback choice", call_id=call_id, accept=body.accept, action=answer.action)
    return answer


@reports.post("/{call_id}/report", response_model=CallbackState)
async def report(
    call_id: CallId, body: CallbackReport, client: TemporalClient, who: Reporter, state: State
) -> CallbackState:
    """How the current attempt went: reached, no_answer, voicemail or wrong_number (409 if none is offered).

    A helpdesk key reports for any agent; an agent token only as itself, on a callback it took (404 otherwise).
    `intended_query_type`, as on a call's disposition, must be one of the live policy's query types.
    """
    check_intended_query_type(state.policy, body.intended_query_type)
    if who.agent_only and who.agent is not None:
        current = (await cb.read(client, call_id)).current
        if current is None or current.agent_id != who.agent.agent_id:
            raise HTTPException(404, f"no callback booked for call {call_id!r}")
        if body.agent_id != who.agent.agent_id:
            raise HTTPException(
                403, f"an agent token reports as its own agent ({who.agent.agent_id!r}), not {body.agent_id!r}"
            )
    reported = await cb.report(client, call_id, body)
    log.info("callback reported", call_id=call_id, agent_id=body.agent_id, outcome=body.outcome)
    return reported


@operators.get("", response_model=CallbackList)
async def list_all(
    client: TemporalClient,
    engine: Store,
    status: Annotated[Literal["open", "finished", "all"], Query()] = "all",
    since: Annotated[datetime | None, Query(description="ISO 8601; finished callbacks booked at or after")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> CallbackList:
    """Open callbacks (live, from Temporal) and finished ones (from the store), newest first."""
    live, unread = await cb.open_callbacks(client, limit) if status in ("open", "all") else ([], [])
    done = await list_callbacks(engine, since=since, limit=limit) if status in ("finished", "all") else []
    return CallbackList(open=live, finished=done, unreadable=unread)


@operators.get("/{call_id}", response_model=CallbackState)
async def read(call_id: CallId, client: TemporalClient) -> CallbackState:
    return await cb.read(client, call_id)


@operators.post("/{call_id}/cancel", response_model=CallbackState)
async def cancel(call_id: CallId, body: CallbackCancel, client: TemporalClient) -> CallbackState:
    if not body.reason.strip():
        raise HTTPException(422, "reason: must not be blank")
    result = await cb.cancel(client, call_id, body)
    log.info("callback cancelled", call_id=call_id, reason=body.reason)
    return result
