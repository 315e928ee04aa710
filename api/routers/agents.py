"""Agent-side endpoints: the helpdesk or desk reports the agent's progress and wrap-up; the IVR reports CSAT.

Agent events and dispositions take a helpdesk key (`WARMLINE_HELPDESK_KEYS`; the
API keys while that is unset, so a gateway-only line keeps working) or the token
of the agent the call was offered to or taken by, reporting as that agent. Once
helpdesk keys are set a gateway key gets 403 here: the voice gateway has no
business saying who answered a call or what the AI got wrong. CSAT stays with
the gateway, because the IVR collects it after the agent has gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from api import temporal_calls as calls
from api.deps import Principal, Reporter, State, TemporalClient, require_gateway_key
from api.desk.auth import agent_on_call, not_found
from api.routers.gateway import Accepted, CallId
from api.wrap_up import check_intended_query_type
from warmline.models import AgentEvent, CallState, Csat, Disposition, Status
from workflows.call import CallWorkflow

router = APIRouter(prefix="/v1/calls", tags=["agents"])


async def _as_agent(client: TemporalClient, state: State, who: Principal, call_id: str, agent_id: str) -> None:
    """An agent token reports only on its own calls (404 otherwise, as for no call), and only as itself (403)."""
    if not who.agent_only or who.agent is None:
        return
    call = await calls.read_call(client, call_id)
    if not await agent_on_call(client, state.settings, call, who.agent.agent_id, missed=False):
        raise not_found(call_id)
    if agent_id != who.agent.agent_id:
        raise HTTPException(403, f"an agent token reports as its own agent ({who.agent.agent_id!r}), not {agent_id!r}")


async def _report(
    client: TemporalClient,
    state: State,
    who: Principal,
    call_id: str,
    signal: Callable[[CallWorkflow, Any], None],
    body: AgentEvent | Disposition,
    check: Callable[[CallState], str | None],
) -> Accepted:
    """An agent's report on a call: checked as that agent, then signalled once the call's phase allows it."""
    await _as_agent(client, state, who, call_id, body.agent_id)
    await calls.signal_call(client, call_id, signal, body, check=check)
    return Accepted(call_id=call_id)


def _agent_event_check(e: AgentEvent):  # type: ignore[no-untyped-def]
    def check(st: CallState) -> str | None:
        if e.type == "agent_connected" and st.status != Status.TRANSFERRING:
            if st.status == Status.WITH_AGENT and st.agent_id == e.agent_id:
                return None  # a retried event: harmless
            return f"agent_connected needs a call being transferred; the call is {st.status.value}"
        if e.type == "agent_completed" and st.status != Status.WITH_AGENT:
            if st.status == Status.WRAP_UP and st.agent_id == e.agent_id:
                return None
            return f"agent_completed needs a call with an agent; the call is {st.status.value}"
        if e.type in ("hold_started", "hold_ended") and st.status != Status.WITH_AGENT:
            return f"{e.type} needs a call with an agent; the call is {st.status.value}"
        return None

    return check


@router.post("/{call_id}/agent-events", status_code=202, response_model=Accepted)
async def agent_event(
    call_id: CallId, body: AgentEvent, who: Reporter, state: State, client: TemporalClient
) -> Accepted:
    """`agent_connected` when the agent picks up, `agent_completed` when they finish with the caller;
    `hold_started`/`hold_ended` around a hold, so handle time counts it (talk + hold + after-call work)."""
    return await _report(client, state, who, call_id, CallWorkflow.agent_event, body, _agent_event_check(body))


def _disposition_check(st: CallState) -> str | None:
    if st.escalation is None:
        return "this call was never escalated, so it has no agent disposition"
    if st.disposition is not None:
        return "a disposition is already recorded for this call"
    return None


@router.post("/{call_id}/disposition", status_code=202, response_model=Accepted)
async def disposition(
    call_id: CallId, body: Disposition, who: Reporter, state: State, client: TemporalClient
) -> Accepted:
    """The agent's disposition codes: what the AI got wrong, if anything, and whether the caller repeated themselves.

    Notes are redacted like a caller's words: an agent may type what the caller read out. The optional
    `intended_query_type` (what the caller meant) must be one of the live policy's query types."""
    check_intended_query_type(state.policy, body.intended_query_type)
    coded = body.model_copy(update={"notes": state.redact(body.notes)}) if body.notes else body
    return await _report(client, state, who, call_id, CallWorkflow.disposition, coded, _disposition_check)


def _csat_check(st: CallState) -> str | None:
    return "a CSAT score is already recorded for this call" if st.csat is not None else None


@router.post("/{call_id}/csat", status_code=202, response_model=Accepted, dependencies=[Depends(require_gateway_key)])
async def csat(call_id: CallId, body: Csat, client: TemporalClient) -> Accepted:
    """The caller's satisfaction score, 1 to 5 (the IVR collects it: gateway keys only)."""
    await calls.signal_call(client, call_id, CallWorkflow.csat, body, check=_csat_check)
    return Accepted(call_id=call_id)
