"""The API's side of callbacks: the caller's choice on the call, and the CallbackWorkflow's report/cancel/read.

Errors map like `temporal_calls`: a validator's refusal is 409, an unknown
workflow 404, an unreachable server 503 (by the app's RPCError handler).
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from api.temporal_calls import COMPLETED, RUNNING
from api.temporal_calls import _handle as call_handle
from warmline.callbacks import NOT_OFFERED, CallbackCancel, CallbackReport, CallbackState, callback_workflow_id
from warmline.models import CallbackAnswer, CallbackChoice
from workflows.call import NO_CALLBACK_OFFER, WRONG_PHASE, CallWorkflow
from workflows.callback import CallbackWorkflow

REFUSALS = {NO_CALLBACK_OFFER, NOT_OFFERED, WRONG_PHASE}


def _callback(client: Client, call_id: str) -> WorkflowHandle[CallbackWorkflow, CallbackState]:
    return client.get_workflow_handle_for(CallbackWorkflow.run, callback_workflow_id(call_id))


async def _update(handle: WorkflowHandle[Any, Any], update: Any, arg: Any, what: str) -> Any:
    try:
        return await handle.execute_update(update, arg)
    except WorkflowUpdateFailedError as e:
        cause = e.cause
        if isinstance(cause, ApplicationError) and cause.type in REFUSALS:
            raise HTTPException(409, cause.message) from None
        raise HTTPException(502, f"{what} failed: {cause or e}") from None
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            raise await _gone(handle, what) from None
        raise


async def _gone(handle: WorkflowHandle[Any, Any], what: str) -> HTTPException:
    """404 for an unknown workflow, 409 for one that has finished."""
    try:
        await handle.describe()
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            return HTTPException(404, f"no {what} for {handle.id!r}")
        raise
    return HTTPException(409, f"{handle.id!r} has finished")


async def choose(client: Client, call_id: str, choice: CallbackChoice) -> CallbackAnswer:
    answer: CallbackAnswer = await _update(
        call_handle(client, call_id), CallWorkflow.callback_choice, choice, "the callback choice"
    )
    return answer


async def report(client: Client, call_id: str, r: CallbackReport) -> CallbackState:
    state: CallbackState = await _update(_callback(client, call_id), CallbackWorkflow.report, r, "callback")
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
    handle = _callback(client, call_id)
    state = await read(client, call_id)
    desc = await handle.describe()
    if desc.status != RUNNING or state.status == "done":
        raise HTTPException(409, f"the callback for {call_id!r} has finished ({state.outcome})")
    await handle.signal(CallbackWorkflow.cancel, c)
    return await handle.query(CallbackWorkflow.state)


async def open_callbacks(client: Client, limit: int = 100) -> list[CallbackState]:
    """Callbacks still running (scheduled, offered or being made), from Temporal's visibility."""
    out: list[CallbackState] = []
    query = "WorkflowType = 'CallbackWorkflow' AND ExecutionStatus = 'Running'"
    async for wf in client.list_workflows(query, limit=limit):
        try:
            out.append(await client.get_workflow_handle(wf.id).query(CallbackWorkflow.state))
        except RPCError as e:
            if e.status != RPCStatusCode.NOT_FOUND:  # finished between the listing and the query
                raise
    return out
