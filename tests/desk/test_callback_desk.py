"""A callback end to end over the API and the desk: a hold past the queue's limit, the caller's "yes",
the callback ringing an agent's desk with the context, and the agent's report closing it.

Runs on the real dev server with a one-second `max_wait_s`, so nothing sleeps beyond that second.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from store.engine import get_engine
from store.queries import list_callbacks
from tests.desk.conftest import QUEUES, eventually
from tests.desk.test_desk_api import ANN, BOB, TOKENS, api_client
from tests.line import Line, policy_file, running_line
from warmline.models import Outcome, Status

HOLD_LIMIT_S = 1.0
GW = {"Authorization": "Bearer gw-key"}  # gateway, and helpdesk/operator while those keys are unset


@pytest.fixture
async def cb_desk(
    temporal_env: WorkflowEnvironment, tmp_path: Path, line_settings: dict[str, Any]
) -> AsyncIterator[tuple[Line, httpx.AsyncClient]]:
    queues = [q if q["name"] != "complex" else {**q, "max_wait_s": HOLD_LIMIT_S} for q in QUEUES]
    policy = policy_file(tmp_path, queues=queues, wrap_up={"wait_s": 5})
    async with running_line(
        temporal_env.client, tmp_path, None, policy=policy, agent_tokens=TOKENS, api_keys="gw-key", **line_settings
    ) as line:
        async with api_client(line, temporal_env) as http:
            yield line, http


async def test_a_long_hold_becomes_a_callback_an_agent_makes_from_the_desk(
    cb_desk: tuple[Line, httpx.AsyncClient],
) -> None:
    line, http = cb_desk
    assert (await http.post("/desk/api/presence", json={"status": "away"}, headers=ANN)).status_code == 200
    started = await http.post("/v1/calls", json={"caller": {"number": "+447700900555"}}, headers=GW)
    call_id = started.json()["call_id"]
    no_offer = await http.post(f"/v1/calls/{call_id}/callback", json={"accept": True}, headers=GW)
    assert no_offer.status_code == 409 and "no callback" in no_offer.json()["detail"]
    r = (await http.post(f"/v1/calls/{call_id}/turns", json={"text": "agent please"}, headers=GW)).json()
    assert r["action"] == "transfer"

    call = await eventually(
        lambda: _get(http, f"/v1/calls/{call_id}", GW), lambda c: c["callback_offer"] is not None, within=15
    )
    assert call["status"] == "transferring" and call["callback_offer"]["reason"] == "long_wait"
    bad = await http.post(f"/v1/calls/{call_id}/callback", json={"accept": "maybe"}, headers=GW)
    assert bad.status_code == 422
    answer = (await http.post(f"/v1/calls/{call_id}/callback", json={"accept": True}, headers=GW)).json()
    assert answer["action"] == "end" and answer["callback_due_at"]

    # Ann comes back: the callback (not the withdrawn live call) rings her, with the context attached.
    assert (await http.post("/desk/api/presence", json={"status": "available"}, headers=ANN)).status_code == 200
    me = await eventually(lambda: _get(http, "/desk/api/me", ANN), lambda v: v["offer"] is not None, within=15)
    ctx = me["offer"]["context"]
    assert ctx["callback"]["number"] == "+447700900555" and ctx["callback"]["reason"] == "long_wait"
    assert ctx["call_id"] == call_id and any("agent please" in u["text"] for u in ctx["transcript"])

    accepted = await http.post(f"/desk/api/offers/{ctx['context_id']}/accept", headers=ANN)
    assert accepted.status_code == 200
    state = await eventually(lambda: _get(http, f"/v1/callbacks/{call_id}", GW), lambda s: s["status"] == "in_progress")
    assert state["attempts"][0]["agent_id"] == "ann"

    # Bob did not take it: his token cannot report on it.
    sneaky = await http.post(
        f"/v1/callbacks/{call_id}/report", json={"agent_id": "bob", "outcome": "reached"}, headers=BOB
    )
    assert sneaky.status_code == 404
    missing = await http.post(
        f"/desk/api/calls/{call_id}/wrap-up", json={"codes": ["none"], "repeat_explanation": False}, headers=ANN
    )
    assert missing.status_code == 422 and "callback_outcome" in missing.json()["detail"]
    done = await http.post(
        f"/desk/api/calls/{call_id}/wrap-up",
        json={
            "codes": ["ai_lacked_knowledge"],
            "repeat_explanation": True,
            "callback_outcome": "reached",
            "notes": "sorted",
        },
        headers=ANN,
    )
    assert done.status_code == 200 and done.json()["call"] is None

    final = await eventually(lambda: _get(http, f"/v1/callbacks/{call_id}", GW), lambda s: s["status"] == "done")
    assert final["outcome"] == "reached" and final["agent_id"] == "ann" and final["attempts"][0]["notes"] == "sorted"
    stored = await list_callbacks(await get_engine(line.settings.db_url))
    assert [(s.call_id, s.outcome) for s in stored] == [(call_id, "reached")]
    listing = (await http.get("/v1/callbacks", params={"status": "finished"}, headers=GW)).json()
    assert [c["call_id"] for c in listing["finished"]] == [call_id]

    view = (await http.get(f"/v1/calls/{call_id}", headers=GW)).json()
    assert view["status"] in (Status.WRAP_UP, Status.ENDED) and view["outcome"] == Outcome.CALLBACK
    assert view["escalation"]["callback_choice"] == "accepted"
    assert view["escalation"]["queue_wait_s"] >= HOLD_LIMIT_S

    # The callback's wrap-up is the call's disposition: counted in /v1/metrics like a call's own.
    await line.handle(call_id).result()
    m = (await http.get("/v1/metrics", headers=GW)).json()
    assert m["dispositions"]["coded_calls"] == 1 and m["dispositions"]["by_source"] == {"callback": 1}
    assert m["dispositions"]["by_code"]["ai_lacked_knowledge"] == 1
    assert m["dispositions"]["by_queue"]["complex"]["ai_lacked_knowledge"] == 1
    assert m["repeat_explanation_rate"]["numerator"] == 1


async def test_callback_endpoints_answer_clear_errors(cb_desk: tuple[Line, httpx.AsyncClient]) -> None:
    _, http = cb_desk
    assert (await http.get("/v1/callbacks/nope", headers=GW)).status_code == 404
    r = await http.post("/v1/callbacks/nope/report", json={"agent_id": "a", "outcome": "reached"}, headers=GW)
    assert r.status_code == 404
    r = await http.post("/v1/callbacks/nope/report", json={"agent_id": "a", "outcome": "maybe"}, headers=GW)
    assert r.status_code == 422
    assert (await http.post("/v1/calls/nope/callback", json={"accept": True}, headers=GW)).status_code == 404
    assert (await http.post("/v1/callbacks/nope/cancel", json={}, headers=GW)).status_code == 404


async def _get(http: httpx.AsyncClient, path: str, headers: dict[str, str] | None = None) -> Any:
    r = await http.get(path, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()
