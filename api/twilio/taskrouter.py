"""TaskRouter's event callback: a TaskRouter target's agent leg, observed from the workspace's events.

Set the workspace's Event Callback URL to `WARMLINE_PUBLIC_URL` + `/twilio/taskrouter-events`.
TaskRouter posts every event of the workspace there (signed like any Twilio
request); the line reads the ones for tasks it enqueued, found by the `call_id`
in the task's attributes (`api/twilio/transfer.py` puts it there):

- `reservation.accepted` → agent connected, the worker (`WorkerName`, else `WorkerSid`) as the agent;
- `task.wrapup`, `task.completed` → agent completed (connected first if the acceptance was lost);
- anything else (`reservation.rejected`, `reservation.timeout`, …) → the caller is still waiting: nothing.

The answer is 204 whatever happens, so TaskRouter never retries an event the line cannot use.
"""

from __future__ import annotations

import json
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Response

from api.deps import TemporalClient
from api.twilio import agent_leg, calls
from api.twilio.signature import signed_form
from api.twilio.twiml import TASKROUTER_EVENTS_PATH

router = APIRouter(dependencies=[Depends(signed_form)])
log = structlog.get_logger("warmline.twilio")

ACCEPTED = frozenset({"reservation.accepted"})
TALK_OVER = frozenset({"task.wrapup", "task.completed"})


def _call_id(raw: str | None) -> str | None:
    """The call a task belongs to: our `call_id` attribute, else the `call_sid` Twilio adds to voice tasks."""
    try:
        attributes = json.loads(raw) if raw else {}
    except ValueError:
        return None
    if not isinstance(attributes, dict):
        return None
    value = attributes.get("call_id") or attributes.get("call_sid")
    return value if isinstance(value, str) and calls.CALL_SID.match(value) else None


@router.post(TASKROUTER_EVENTS_PATH, status_code=204, response_class=Response)
async def taskrouter_events(form: Annotated[dict[str, str], Depends(signed_form)], client: TemporalClient) -> Response:
    """One TaskRouter event: acceptance connects the worker, wrap-up/completion completes the agent leg."""
    event = form.get("EventType", "")
    if event not in ACCEPTED | TALK_OVER:
        log.debug("taskrouter event ignored", event_type=event, task_sid=form.get("TaskSid"))
        return Response(status_code=204)
    sid = _call_id(form.get("TaskAttributes"))
    if sid is None:
        log.info("taskrouter event for a task that is not a call", event_type=event, task_sid=form.get("TaskSid"))
        return Response(status_code=204)
    worker = form.get("WorkerName") or form.get("WorkerSid")
    agent = agent_leg.agent_id(worker, f"task:{form.get('TaskSid', '')}" if form.get("TaskSid") else None)
    if event in ACCEPTED:
        await agent_leg.connected(client, sid, agent, event)
    else:
        await agent_leg.completed(client, sid, agent, event)
    return Response(status_code=204)
