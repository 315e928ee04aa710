"""`GET /v1/live`: the line's calls in progress per phase, from Temporal's visibility, with real calls."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

import httpx

from tests.line import Line, MakeLine, api_client
from warmline.models import AgentEvent, Status
from workflows.call import CallWorkflow

OPERATOR = "op-key"


async def live_until(http: httpx.AsyncClient, ok: Any, within: float = 10.0, **params: Any) -> dict[str, Any]:
    """Poll /v1/live until `ok(body)` (visibility follows a workflow's search attributes a moment later)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        r = await http.get("/v1/live", params=params)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        if ok(body) or asyncio.get_running_loop().time() > deadline:
            assert ok(body), body
            return body
        await asyncio.sleep(0.2)


async def escalated(line: Line) -> str:
    call_id = await line.start(authenticated=True, auth_method="pin", account_id="AC-1")
    assert (await line.turn(call_id, "can I speak to a real person please")).action == "transfer"
    return call_id


async def agent(line: Line, call_id: str, kind: Literal["agent_connected", "agent_completed"]) -> None:
    await line.handle(call_id).signal(CallWorkflow.agent_event, AgentEvent(type=kind, agent_id="ag1"))


async def test_calls_in_each_phase_are_listed_live_and_ended_ones_are_not(make_line: MakeLine) -> None:
    async with make_line(api_keys="gw", operator_keys=OPERATOR) as line, api_client(line, OPERATOR) as http:
        with_ai = await line.start()
        assert (await line.turn(with_ai, "what are your opening hours")).action == "reply"
        transferring = await escalated(line)
        with_agent = await escalated(line)
        await agent(line, with_agent, "agent_connected")
        wrapping_up = await escalated(line)
        await agent(line, wrapping_up, "agent_connected")
        await agent(line, wrapping_up, "agent_completed")
        ended = await line.start()
        assert (await line.hang_up(ended)).status == Status.ENDED
        async with make_line() as other:  # another line's calls (its own task queue) are not this line's
            await other.start()

            counts = {"ai": 1, "transferring": 1, "with_agent": 1, "wrap_up": 1}
            body = await live_until(http, lambda b: b["counts"] == counts)
        assert body["in_progress"] == 4
        phases = {c["call_id"]: c["status"] for c in body["calls"]}
        assert phases == {with_ai: "ai", transferring: "transferring", with_agent: "with_agent", wrapping_up: "wrap_up"}
        [row] = [c for c in body["calls"] if c["call_id"] == transferring]
        assert row["reason"] == "customer_request" and row["queue"] and row["authenticated"] is True
        assert row["for_s"] >= 0 and row["started_at"] <= body["as_of"]
        [first] = [c for c in body["calls"] if c["call_id"] == with_ai]
        assert first["intent"] == "opening_hours" and first["reason"] is None
        assert [c["call_id"] for c in body["calls"]][-1] == with_ai  # newest first

        # The counts stay exact when fewer calls are listed.
        short = await live_until(http, lambda b: len(b["calls"]) == 2, limit=2)
        assert short["in_progress"] == 4 and [c["call_id"] for c in short["calls"]] == [wrapping_up, with_agent]

        # The AI's caller hangs up and scores the call: ended, it leaves the list and the counts.
        await line.hang_up(with_ai)
        gone = await live_until(http, lambda b: with_ai not in {c["call_id"] for c in b["calls"]})
        assert gone["counts"]["ai"] == 0 and gone["in_progress"] == 3

        assert (await http.get("/v1/live", params={"limit": 0})).status_code == 422
        assert (await http.get("/v1/live", headers={"Authorization": "Bearer gw"})).status_code == 403
        assert (await http.get("/v1/live", headers={"Authorization": ""})).status_code == 401
