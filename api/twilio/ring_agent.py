"""The desk as the line's ACD: the agent who accepted the offer is the one whose phone rings.

A queue with no `transfer:` target holds a Twilio caller in a plain Twilio queue
named after the Warmline queue. When an agent with an endpoint in
WARMLINE_AGENT_TOKENS accepts the offer on the desk (having seen the context),
the line calls that endpoint through Twilio's REST API with
`<Dial><Queue>queue</Queue></Dial>`: Twilio bridges it to the caller at the front
of that queue. The agent's pick-up is then observed, not assumed: the call's
status callback (`/twilio/agent-ring?call_id=…&context_id=…&agent_id=…`) says
answered → `agent_connected`, completed → `agent_completed` (`api/twilio/agent_leg.py`).

A phone that rings out (no-answer, busy, failed, canceled) while the caller still
waits moves the offer on: the queue workflow's `release` puts it back with its
original wait, for the next agent, and the agent is set away in every queue they
work — the desk's rule for a missed ring — until they say they are available.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

import structlog
from fastapi import APIRouter, Depends, HTTPException, Query, Response
from temporalio.client import Client
from twilio.base.exceptions import TwilioException
from twilio.twiml.voice_response import VoiceResponse

from api import temporal_calls
from api.deps import State, TemporalClient
from api.desk import queues as q
from api.twilio import agent_leg
from api.twilio.rest import rest_client
from api.twilio.signature import signed_form
from api.twilio.transfer import QUEUE_NAME_MAX
from api.twilio.twiml import AGENT_RING_PATH
from warmline.agent_tokens import AgentIdentity, parse_tokens
from warmline.models import Status
from warmline.queue_models import Release
from warmline.queueing import AgentStatus
from warmline.settings import Settings

router = APIRouter(dependencies=[Depends(signed_form)])
TwilioForm = Annotated[dict[str, str], Depends(signed_form)]
log = structlog.get_logger("warmline.twilio")

TWILIO_CALL_SID = re.compile(r"^CA[0-9a-fA-F]{32}$")  # the call ids the Twilio gateway gives calls
RING_EVENTS = ["initiated", "ringing", "answered", "completed"]
ANSWERED = frozenset({"in-progress", "answered"})
RANG_OUT = frozenset({"no-answer", "busy", "failed", "canceled"})
Id = Annotated[str, Query(min_length=1, max_length=200)]


def rings(settings: Settings, call_id: str, agent: AgentIdentity) -> bool:
    """Whether accepting this call rings the agent's phone: a Twilio caller, an agent with an endpoint, and the
    line set up to call out (otherwise the desk's accept itself connects the agent, as on the HTTP gateway)."""
    return bool(settings.rings_agents and agent.endpoint and TWILIO_CALL_SID.match(call_id))


def dial_queue(queue: str) -> str:
    """The agent's TwiML: take the caller at the front of the plain Twilio queue named after the Warmline queue."""
    twiml = VoiceResponse()
    twiml.dial().queue(queue[:QUEUE_NAME_MAX])
    return str(twiml)


async def ring(
    settings: Settings, temporal: Client, base: str, call_id: str, queue: str, context_id: str, agent: AgentIdentity
) -> str:
    """Call the agent's endpoint from the line's own number (the caller's call's `To`); returns the new CallSid.

    When Twilio refuses, the offer goes back to the queue for the next agent (as if the phone rang out) and the
    agent gets 502 at once, rather than waiting for a phone that will not ring."""
    assert agent.endpoint is not None
    query = urlencode({"call_id": call_id, "context_id": context_id, "queue": queue, "agent_id": agent.agent_id})
    client = rest_client(settings)
    try:
        caller = await client.calls(call_id).fetch_async()
        leg = await client.calls.create_async(
            to=agent.endpoint,
            from_=caller.to,
            twiml=dial_queue(queue),
            status_callback=f"{base}{AGENT_RING_PATH}?{query}",
            status_callback_event=RING_EVENTS,
            status_callback_method="POST",
        )
    except TwilioException as e:
        log.error("could not ring the agent", call_id=call_id, agent_id=agent.agent_id, error=str(e)[:300])
        back = Release(context_id=context_id, agent_id=agent.agent_id, reason="failed")
        await q.release(temporal, settings, queue, back)
        raise HTTPException(502, "Twilio would not ring your phone; the call is still waiting") from e
    log.info("ringing the agent", call_id=call_id, agent_id=agent.agent_id, queue=queue, leg=leg.sid)
    return str(leg.sid)


@router.post(AGENT_RING_PATH, status_code=204, response_class=Response)
async def agent_ring(
    form: TwilioForm, state: State, client: TemporalClient, call_id: Id, context_id: Id, queue: Id, agent_id: Id
) -> Response:
    """The agent's phone's status callback: answered → connected, completed → completed, rang out → the next
    agent; 204 whatever happens."""
    leg_status = form.get("CallStatus", "")
    agent = agent_leg.agent_id(agent_id)
    if leg_status in ANSWERED:
        await agent_leg.connected(client, call_id, agent, "agent-ring")
    elif leg_status == "completed":
        await agent_leg.completed(client, call_id, agent, "agent-ring")
    elif leg_status in RANG_OUT:
        await _rang_out(state, client, call_id, context_id, queue, agent, leg_status)
    else:
        log.info("agent phone", call_id=call_id, context_id=context_id, agent_id=agent, leg_status=leg_status)
    return Response(status_code=204)


async def _rang_out(
    state: State, client: TemporalClient, call_id: str, context_id: str, queue: str, agent: str, why: str
) -> None:
    """The offer goes back to its queue for the next agent, if the caller still waits; the agent is set away."""
    try:
        call = await temporal_calls.read_call(client, call_id)
    except HTTPException:
        call = None
    if call is None or call.status != Status.TRANSFERRING:
        log.info("agent phone rang out; the caller is no longer waiting", call_id=call_id, agent_id=agent)
        return
    await q.release(client, state.settings, queue, Release(context_id=context_id, agent_id=agent, reason=why))
    who = next((a for a in parse_tokens(state.settings.agent_tokens).values() if a.agent_id == agent), None)
    if who is not None:
        others = [n for n in q.agent_queues(state.policy, who.skills) if n != queue]
        await q.set_presence_everywhere(client, state.settings, others, agent, who.skills, AgentStatus.AWAY)
    log.info("agent phone rang out; offer moved on", call_id=call_id, agent_id=agent, queue=queue, leg_status=why)
