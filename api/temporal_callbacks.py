"""The API's side of callbacks: the caller's choice on the call, and the CallbackWorkflow's report/cancel/read.

Errors map through `temporal_calls.update_or_http`: a validator's refusal is 409, an
unknown workflow 404, an unreachable server 503 (by the app's RPCError handler).
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import HTTPException
from temporalio.client import Client, WorkflowHandle
from temporalio.service import RPCError, RPCStatusCode

from api.temporal_calls import COMPLETED, update_call, update_or_http
from warmline.callbacks import CallbackCancel, CallbackReport, CallbackState, callback_workflow_id
from warmline.errors import NO_CALLBACK_OFFER, NOT_OFFERED, WRONG_PHASE
from warmline.models import CallbackAnswer, CallbackChoice
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow

REFUSALS = {NO_CALLBACK_OFFER, NOT_OFFERED, WRONG_PHASE}


def _callback(client: Client, call_id: str) -> WorkflowHandle[CallbackWorkflow, CallbackState]:
    return client.get_workflow_handle_for(CallbackWorkflow.run, callback_workflow_id(call_id))


async def choose(client: Client, call_id: str, choice: CallbackChoice) -> CallbackAnswer:
    answer: CallbackAnswer = await update_call(
        client, call_id, CallWorkflow.callback_choice, choice, failed="the callback choice", refusals=REFUSALS
    )
    return answer


async def report(client: Client, call_id: str, r: CallbackReport) -> CallbackState:
    handle = _callback(client, call_id)
    state: CallbackState = await update_or_http(
        handle,
        CallbackWorkflow.report,
        r,
        failed="callback",
        missing=f"no callback for {handle.id!r}",
        ended=f"{handle.id!r} has finished",
        refusals=REFUSALS,
    )
    return state


async def read(client: Client, call_id: str) -> CallbackState:
    handle = _callback(client, call_id)
    try:
        desc = await handle.describe()
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            raise HTTPException(404, f"no callback booked for call {call_id!r}") from None
        raise
    if desc.status == COMPLETED:
        return await handle.result()
    return await handle.query(CallbackWorkflow.state)


async def cancel(client: Client, call_id: str, c: CallbackCancel) -> CallbackState:
    state = await read(client, call_id)  # 404 if none was booked; a finished one reads as done
    if state.status == "done":
        raise HTTPException(409, f"the callback for {call_id!r} has finished ({state.outcome})")
    handle = _callback(client, call_id)
    try:
        await handle.signal(CallbackWorkflow.cancel, c)
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:  # closed meanwhile, or terminated from the Temporal UI
            raise HTTPException(409, f"the callback for {call_id!r} is no longer running") from None
        raise
    return await handle.query(CallbackWorkflow.state)


QUERY_TIMEOUT = timedelta(seconds=2)


async def open_callbacks(client: Client, limit: int = 100) -> tuple[list[CallbackState], list[str]]:
    """Callbacks still running (scheduled, offered or being made), from Temporal's visibility.

    Each one's state is a query, which needs a worker on its task queue: those no worker answers
    now (FAILED_PRECONDITION, or the 2 s query timeout: DEADLINE_EXCEEDED/CANCELLED) are returned by id
    rather than failing the whole list.
    """
    out: list[CallbackState] = []
    unread: list[str] = []
    query = "WorkflowType = 'CallbackWorkflow' AND ExecutionStatus = 'Running'"
    async for wf in client.list_workflows(query, limit=limit):
        try:
            handle = client.get_workflow_handle(wf.id)
            out.append(await handle.query(CallbackWorkflow.state, rpc_timeout=QUERY_TIMEOUT))
        except RPCError as e:
            if e.status == RPCStatusCode.NOT_FOUND:  # finished between the listing and the query
                continue
            if e.status in (
                RPCStatusCode.FAILED_PRECONDITION,
                RPCStatusCode.DEADLINE_EXCEEDED,
                RPCStatusCode.CANCELLED,
            ):
                unread.append(wf.id)
                continue
            raise
    return out, unread
