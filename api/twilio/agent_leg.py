"""The human leg as the telephony reports it: agent connected, agent completed, as call signals.

Every Twilio path that reaches an agent (a `<Dial>`, TaskRouter, a bridged queue)
ends up here, so they share one rule set:

- Idempotent: Twilio retries, and the workflow ignores an event that does not
  fit its phase (a second `agent_connected`, a late `agent_completed`), so the
  same callback twice changes nothing.
- Order-tolerant: "completed" says the agent talked even when "answered" was
  lost or is still on its way, so it sends `agent_connected` first; a late
  "answered" then finds the call in wrap-up and is ignored.
- Never a retry loop: a signal for an unknown or ended call is logged and
  swallowed; the route still answers Twilio with success.
"""

from __future__ import annotations

import structlog
from fastapi import HTTPException
from temporalio.client import Client

from api.temporal_calls import signal_call
from warmline.models import AgentEvent
from workflows.call import CallWorkflow

AGENT_ID_MAX = 128  # AgentEvent.agent_id's limit
log = structlog.get_logger("warmline.twilio")


def agent_id(*candidates: str | None) -> str:
    """The first identity the telephony gave (worker name, dialled number, SIP URI), fit for `AgentEvent`."""
    for value in candidates:
        if value and value.strip():
            return value.strip()[:AGENT_ID_MAX]
    return "unknown"


async def _signal(client: Client, call_id: str, event: AgentEvent, source: str) -> bool:
    """Send one agent event; False (logged) when the call is unknown or over, so the caller stops."""
    try:
        await signal_call(client, call_id, CallWorkflow.agent_event, event)
    except HTTPException as e:
        log.info("agent event for a call that is not running", call_id=call_id, agent_event=event.type,
                 source=source, http=e.status_code)  # fmt: skip
        return False
    log.info("agent event", call_id=call_id, agent_event=event.type, agent_id=event.agent_id, source=source)
    return True


async def connected(client: Client, call_id: str, agent: str, source: str) -> None:
    """The agent picked up (`source` names the callback, for the logs)."""
    await _signal(client, call_id, AgentEvent(type="agent_connected", agent_id=agent), source)


async def completed(client: Client, call_id: str, agent: str, source: str) -> None:
    """The agent's conversation is over: connected first (ignored when already seen), then completed."""
    if await _signal(client, call_id, AgentEvent(type="agent_connected", agent_id=agent), source):
        await _signal(client, call_id, AgentEvent(type="agent_completed", agent_id=agent), source)
