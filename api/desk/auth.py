"""Agent sign-in: per-agent tokens from WARMLINE_AGENT_TOKENS (`agent-7:token:skill1+skill2,...`).

Agents are a separate credential from gateway, helpdesk and operator keys
(contract "Security"). The page and the event stream authenticate with an
httpOnly, SameSite=Strict cookie holding the token (EventSource cannot send
headers); scripts may send `Authorization: Bearer <token>` instead. No token, no
desk. An agent token also reads, and reports on, the calls offered to or taken by
its agent over `/v1` (`agent_on_call`), and no other call.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from temporalio.client import Client

from api.deps import Creds, State, agent_bearer, agent_tokens, identify, match_agent
from api.desk.queues import snapshot
from warmline.agent_tokens import AgentIdentity
from warmline.models import CallState
from warmline.settings import Settings

COOKIE = "warmline_agent"


def find_agent(tokens: dict[str, AgentIdentity], given: str | None) -> AgentIdentity | None:
    """The agent whose token is `given`, compared in constant time against every token."""
    return match_agent(tokens, given)


def agent_for_request(request: Request, state: State, creds: Creds) -> AgentIdentity | None:
    given = creds.credentials if creds is not None and creds.scheme.lower() == "bearer" else request.cookies.get(COOKIE)
    return find_agent(agent_tokens(state.settings.agent_tokens), given)


async def require_agent(
    request: Request, state: State, creds: Annotated[Creds, Depends(agent_bearer)]
) -> AgentIdentity:
    """Agent endpoints refuse anonymous use: 401 without a valid agent token, 403 for another role's key."""
    who = agent_for_request(request, state, creds)
    if who is None:
        if creds is not None and identify(state.settings, creds.credentials).roles:
            raise HTTPException(403, "the agent desk needs an agent token (WARMLINE_AGENT_TOKENS), not an API key")
        raise HTTPException(401, "sign in with your agent token", headers={"WWW-Authenticate": "Bearer"})
    return who


CurrentAgent = Annotated[AgentIdentity, Depends(require_agent)]


async def agent_on_call(
    client: Client, settings: Settings, call: CallState, agent_id: str, *, missed: bool = True
) -> bool:
    """Whether the call was offered to or taken by `agent_id`, the only calls an agent token may touch.

    Taken: the call itself names the agent once `agent_connected` arrived. Before that
    the queue workflow of the call's escalation is the authority (it alone decides
    whose desk rings): the offer is ringing this agent, or the agent has accepted it
    (busy on it, between the queue's accept and the call's signal), or, with
    `missed`, it rang out on them while still waiting (enough to read the call, not
    to report on it: someone else may be answering it by now). One query, and only
    for a call that is not yet theirs.
    """
    if call.agent_id == agent_id:
        return True
    esc = call.escalation
    if esc is None:
        return False
    snap = await snapshot(client, settings, esc.queue)
    if snap is None:
        return False
    offer = next((o for o in snap.offers if o.context_id == esc.context_id), None)
    if offer is not None and (offer.ringing == agent_id or (missed and agent_id in offer.missed_by)):
        return True
    me = next((a for a in snap.agents if a.agent_id == agent_id), None)
    return me is not None and esc.context_id in (me.ringing, me.context_id)


def not_found(call_id: str) -> HTTPException:
    """The answer for a call that is not the agent's: the same as for no call at all, so it reveals nothing."""
    return HTTPException(404, f"no call with id {call_id!r}")
