"""The API's side of the call workflow: start, turn, read and signal, with errors as HTTP.

Temporal errors map to HTTP by exception type and gRPC status, never by message
text: a validator's `WrongPhase` is 409, a missing workflow 404, a closed one 409,
an unreachable server 503.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Collection
from typing import Any, TypeVar

import structlog
from fastapi import HTTPException
from temporalio.api.enums.v1 import WorkflowExecutionStatus
from temporalio.client import (
    Client,
    WorkflowExecutionDescription,
    WorkflowHandle,
    WorkflowQueryFailedError,
    WorkflowUpdateFailedError,
)
from temporalio.common import TypedSearchAttributes, WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.types import MethodSyncOrAsyncSingleParam
from temporalio.workflow import UpdateMethodMultiParam

from warmline import search_attributes as sa
from warmline.asr import AudioTurnRequest
from warmline.card_care import ExpectingAt
from warmline.errors import WRONG_PHASE
from warmline.models import CallStart, CallState, Status, TurnRequest, TurnResult
from warmline.redact import Expects
from workflows import options
from workflows.call import CallWorkflow

log = structlog.get_logger("warmline.api")
RUNNING = WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
COMPLETED = WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
# A workflow task held by a worker that died is retried elsewhere only after this (1 s): workflows/options.py says why.
CALL_TASK_TIMEOUT = options.CALL_TASK_TIMEOUT

W = TypeVar("W")  # a workflow class
A = TypeVar("A")  # an update's or signal's one argument
R = TypeVar("R")  # an update's result


def _handle(client: Client, call_id: str) -> WorkflowHandle[CallWorkflow, CallState]:
    return client.get_workflow_handle_for(CallWorkflow.run, call_id)


async def start_call(client: Client, task_queue: str, start: CallStart) -> bool:
    """Start the call's workflow; False when the call id already exists (the same call, not a second one).

    The start request carries the call's first search attributes (`sa.at_start`), so its first workflow task
    need not upsert them. A namespace that lacks them (no worker has registered them yet: docs/deploy.md)
    refuses such a start as INVALID_ARGUMENT: the call is then started without them and its workflow upserts
    them, as before the lean start, instead of a caller being refused for an operators' filter."""
    try:
        await _start(client, task_queue, start, sa.at_start(start))
    except WorkflowAlreadyStartedError:
        return False
    except RPCError as e:
        if e.status != RPCStatusCode.INVALID_ARGUMENT:
            raise
        log.warning("call started without its search attributes", call_id=start.call_id, error=e.message)
        try:
            await _start(client, task_queue, start, None)
        except WorkflowAlreadyStartedError:
            return False
    return True


async def _start(client: Client, task_queue: str, start: CallStart, attrs: TypedSearchAttributes | None) -> None:
    who = start.caller.number or "unknown number"
    await client.start_workflow(
        CallWorkflow.run,
        start,
        id=start.call_id,
        task_queue=task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
        id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        task_timeout=CALL_TASK_TIMEOUT,
        static_summary=f"Call from {who}",
        search_attributes=attrs,
    )


async def _describe(client: Client, call_id: str) -> WorkflowExecutionDescription:
    try:
        return await _handle(client, call_id).describe()
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            raise HTTPException(404, f"no call with id {call_id!r}") from None
        raise


async def _not_running(client: Client, call_id: str) -> HTTPException:
    """Why a call refused a message: unknown (404) or already over (409)."""
    return await gone(_handle(client, call_id), f"no call with id {call_id!r}", f"call {call_id!r} has ended")


async def gone(handle: WorkflowHandle[Any, Any], missing: str, ended: str) -> HTTPException:
    """Why a workflow refused a message: it never existed (404, `missing`) or it has finished (409, `ended`)."""
    try:
        await handle.describe()
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            return HTTPException(404, missing)
        raise
    return HTTPException(409, ended)


async def update_or_http(
    handle: WorkflowHandle[W, Any],
    update: UpdateMethodMultiParam[[W, A], R],
    arg: A,
    *,
    failed: str,
    missing: str,
    ended: str,
    refusals: Collection[str] = (WRONG_PHASE,),
    update_id: str | None = None,
) -> R:
    """Run an update; its validator's refusals (by ApplicationError type) are 409, other failures 502,
    an unknown workflow 404 and a finished one 409."""
    try:
        return await _execute_update(handle, update, arg, update_id)
    except WorkflowUpdateFailedError as e:
        cause = e.cause
        if isinstance(cause, ApplicationError) and cause.type in refusals:
            raise HTTPException(409, cause.message) from None
        raise HTTPException(502, f"{failed} failed: {cause or e}") from None
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            raise await gone(handle, missing, ended) from None
        raise


# While a workflow task is being retried (its worker died holding it, or it timed out), the server refuses new
# updates with FAILED_PRECONDITION ("Workflow Task in failed state") until another worker completes it: ~1-2 s
# (workflows/options.py). The update is sent again under the same id, so it still runs once.
TASK_RETRY_WAITS_S = (0.1, 0.2, 0.4, 0.8, 1.0, 1.5)


async def _execute_update(
    handle: WorkflowHandle[W, Any], update: UpdateMethodMultiParam[[W, A], R], arg: A, update_id: str | None
) -> R:
    """`execute_update`, sent again while the workflow's task is being retried elsewhere."""
    update_id = update_id or uuid.uuid4().hex  # one id for every attempt
    for wait_s in (*TASK_RETRY_WAITS_S, None):
        try:
            return await handle.execute_update(update, arg, id=update_id)
        except RPCError as e:
            if e.status != RPCStatusCode.FAILED_PRECONDITION or wait_s is None:
                raise
            await asyncio.sleep(wait_s)
    raise AssertionError("unreachable")


async def run_turn(client: Client, call_id: str, req: TurnRequest) -> TurnResult:
    """A text turn: the `turn` update (its id the gateway's `turn_id`, so a retried turn runs once)."""
    return await update_call(client, call_id, CallWorkflow.turn, req, failed="the turn", update_id=_turn_id(req))


async def run_audio_turn(client: Client, call_id: str, req: AudioTurnRequest) -> TurnResult:
    """An audio turn: the workflow's `transcribe` activity turns it into text (the audio stays out of history)."""
    return await update_call(client, call_id, CallWorkflow.audio_turn, req, failed="the turn", update_id=_turn_id(req))


def _turn_id(req: TurnRequest | AudioTurnRequest) -> str:
    return req.turn_id or uuid.uuid4().hex


async def update_call(
    client: Client,
    call_id: str,
    update: UpdateMethodMultiParam[[CallWorkflow, A], R],
    arg: A,
    *,
    failed: str,
    refusals: Collection[str] = (WRONG_PHASE,),
    update_id: str | None = None,
) -> R:
    """`update_or_http` on the call's workflow, with the call's own 404/409 wording."""
    return await update_or_http(
        _handle(client, call_id),
        update,
        arg,
        failed=failed,
        missing=f"no call with id {call_id!r}",
        ended=f"call {call_id!r} has ended",
        refusals=refusals,
        update_id=update_id,
    )


async def read_call(client: Client, call_id: str) -> CallState:
    desc = await _describe(client, call_id)
    handle = _handle(client, call_id)
    if desc.status == COMPLETED:
        return await handle.result()
    return await handle.query(CallWorkflow.state)


async def expecting(client: Client, call_id: str, turn: int | None = None) -> Expects | None:
    """What the AI asked for before caller turn `turn` (None: the next), so the edge redacts the answer.

    An unknown call expects nothing (its turn gets the update's 404). A call that cannot answer the query
    (a worker without it, mid-deploy) is taken to expect card details: digits are lost, never recorded.
    """
    try:
        return (await _handle(client, call_id).query(CallWorkflow.expecting, ExpectingAt(turn=turn))).what
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            return None
        raise
    except WorkflowQueryFailedError:
        return "card"


async def signal_call(
    client: Client,
    call_id: str,
    signal: MethodSyncOrAsyncSingleParam[CallWorkflow, A, None],
    arg: A,
    allowed: set[Status] | None = None,
    check: Callable[[CallState], str | None] | None = None,
) -> CallState | None:
    """Signal a running call after checking its phase (409 when the message makes no sense now).

    A signal (not an update) so the message is durable the moment Temporal accepts it, even while no
    worker is running; the phase check before it costs one query.

    `check(state)` may return an error text to refuse with 409.
    """
    handle = _handle(client, call_id)
    state: CallState | None = None
    if allowed is not None or check is not None:
        # One query answers both "does it exist" (NOT_FOUND) and "is it over" (a closed call's last state).
        try:
            state = await handle.query(CallWorkflow.state)
        except RPCError as e:
            if e.status == RPCStatusCode.NOT_FOUND:
                raise HTTPException(404, f"no call with id {call_id!r}") from None
            raise
        if state.status == Status.ENDED:
            raise HTTPException(409, f"call {call_id!r} has ended")
        if allowed is not None and state.status not in allowed:
            raise HTTPException(409, f"not allowed while the call is {state.status.value}")
        if check is not None and (why := check(state)):
            raise HTTPException(409, why)
    try:
        await handle.signal(signal, arg)
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            raise await _not_running(client, call_id) from None
        raise
    return state
