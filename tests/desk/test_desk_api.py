"""The agent API over a real line: sign-in, presence, the pop-up's data, accept and wrap-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.desk.conftest import escalate, eventually
from tests.line import Line, running_line
from warmline.models import DispositionCode, Status

TOKENS = "ann:ann-token-1:disputes+billing,bob:bob-token-2:disputes"
ANN = {"Authorization": "Bearer ann-token-1"}
BOB = {"Authorization": "Bearer bob-token-2"}


def api_client(line: Line, temporal_env: WorkflowEnvironment) -> httpx.AsyncClient:
    """A fresh API process, as far as the desk is concerned: nothing but settings and a Temporal client."""
    app = create_app(line.settings)
    app.state.warmline.client = temporal_env.client
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://warmline", timeout=30)


@pytest.fixture
async def desk(
    temporal_env: WorkflowEnvironment, tmp_path: Path, desk_policy: Path, line_settings: dict[str, Any]
) -> AsyncIterator[tuple[Line, httpx.AsyncClient]]:
    async with running_line(
        temporal_env.client, tmp_path, None, policy=desk_policy, agent_tokens=TOKENS, **line_settings
    ) as line:
        async with api_client(line, temporal_env) as http:
            yield line, http


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/desk/api/me"),
        ("GET", "/desk/api/events"),
        ("GET", "/desk/api/wrap-up-options"),
        ("POST", "/desk/api/presence"),
        ("POST", "/desk/api/offers/ctx-1/accept"),
        ("POST", "/desk/api/calls/call-1/wrap-up"),
    ],
)
async def test_agent_endpoints_refuse_anonymous_and_wrong_tokens(
    desk: tuple[Line, httpx.AsyncClient], method: str, path: str
) -> None:
    _, http = desk
    assert (await http.request(method, path)).status_code == 401
    bad = await http.request(method, path, headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401 and bad.json()["detail"] == "sign in with your agent token"


async def test_desk_page_needs_sign_in_and_the_cookie_opens_it(desk: tuple[Line, httpx.AsyncClient]) -> None:
    _, http = desk
    r = await http.get("/desk")
    assert (r.status_code, r.headers["location"]) == (303, "/desk/login")
    r = await http.post("/desk/login", data={"token": "wrong-token"})
    assert r.headers["location"] == "/desk/login?error=1"
    assert "not valid" in (await http.get("/desk/login?error=1")).text
    r = await http.post("/desk/login", data={"token": "ann-token-1"})
    assert (r.status_code, r.headers["location"]) == (303, "/desk")
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    page = await http.get("/desk")
    assert page.status_code == 200 and "desk.js" in page.text
    assert "http" not in page.text.replace("http-equiv", "")  # every asset is local: no CDN
    assert (await http.get("/desk/api/me")).json()["agent_id"] == "ann"  # the cookie works for the API
    await http.post("/desk/logout")
    assert (await http.get("/desk/api/me")).status_code == 401


async def test_offer_pops_with_the_context_then_accept_and_wrap_up_reach_the_call(
    desk: tuple[Line, httpx.AsyncClient],
) -> None:
    line, http = desk
    me = (await http.post("/desk/api/presence", json={"status": "available"}, headers=ANN)).json()
    assert me["status"] == "available" and [q["name"] for q in me["queues"]] == ["transactional", "complex"]
    call_id = await escalate(line)

    async def view() -> dict[str, Any]:
        return (await http.get("/desk/api/me", headers=ANN)).json()

    me = await eventually(view, lambda v: v["offer"] is not None)
    ctx = me["offer"]["context"]
    assert ctx["call_id"] == call_id and ctx["summary"] and ctx["authentication"]["method"] == "pin"
    assert ctx["transcript"][0]["speaker"] == "ai" and ctx["escalation"]["reason"] == "customer_request"
    assert me["offer"]["ring_deadline"] is not None
    assert me["offer"]["coaching"]["opening"].startswith("Thanks for holding")  # what to say first
    assert me["offer"]["coaching"]["avoid"] == "Verified by PIN — no need to re-verify."

    assert (await http.post(f"/desk/api/offers/{ctx['context_id']}/accept", headers=BOB)).status_code == 409
    r = await http.post(f"/desk/api/offers/{ctx['context_id']}/accept", headers=ANN)
    assert r.status_code == 200 and r.json()["call_id"] == call_id and r.json()["wait_s"] >= 0
    assert (await line.state(call_id)).status == Status.WITH_AGENT
    me = await view()
    assert me["status"] == "busy" and me["call"]["call_id"] == call_id and me["offer"] is None
    assert me["call"]["coaching"]["opening"].startswith("Thanks for holding")  # still there once accepted

    body = {"codes": ["ai_lacked_knowledge"], "repeat_explanation": True, "notes": "asked again for the PIN"}
    options = (await http.get("/desk/api/wrap-up-options", headers=ANN)).json()["query_types"]
    assert options[0] == "opening_hours" and "bill_dispute" in options  # the live policy's, in its order
    wrong = await http.post(
        f"/desk/api/calls/{call_id}/wrap-up", json={**body, "intended_query_type": "refunds"}, headers=ANN
    )
    assert wrong.status_code == 422 and wrong.json()["detail"].startswith("intended_query_type: 'refunds' is not")
    assert (await line.state(call_id)).status == Status.WITH_AGENT  # refused before anything reached the call
    r = await http.post(f"/desk/api/calls/{call_id}/wrap-up", json=body, headers=ANN)
    assert r.status_code == 200 and r.json()["status"] == "available" and r.json()["call"] is None
    st = await line.state(call_id)
    assert st.status == Status.WRAP_UP and st.agent_id == "ann"
    assert st.disposition is not None and st.disposition.codes == [DispositionCode.AI_LACKED_KNOWLEDGE]
    assert st.disposition.repeat_explanation is True
    again = await http.post(f"/desk/api/calls/{call_id}/wrap-up", json=body, headers=ANN)
    assert again.status_code == 409  # the agent is no longer on that call


async def test_an_api_restart_loses_no_waiting_caller(
    desk: tuple[Line, httpx.AsyncClient], temporal_env: WorkflowEnvironment
) -> None:
    line, http = desk
    await http.post("/desk/api/presence", json={"status": "away"}, headers=BOB)
    call_id = await escalate(line)
    async with api_client(line, temporal_env) as restarted:
        me = (await restarted.get("/desk/api/me", headers=BOB)).json()
        complex_queue = next(q for q in me["queues"] if q["name"] == "complex")
        assert complex_queue["waiting"] == 1 and me["status"] == "away"
        me = (await restarted.post("/desk/api/presence", json={"status": "available"}, headers=BOB)).json()
        me = await eventually(
            lambda: restarted.get("/desk/api/me", headers=BOB), lambda r: r.json()["offer"] is not None
        )
        assert me.json()["offer"]["context"]["call_id"] == call_id


@pytest.mark.parametrize(
    "spec", ["ann:short:billing", "ann-without-token", "ann::billing", ":long-enough-token:billing"]
)
def test_malformed_agent_tokens_stop_the_process_naming_the_variable(spec: str) -> None:
    from pydantic import ValidationError

    from warmline.settings import Settings

    with pytest.raises(ValidationError, match="WARMLINE_AGENT_TOKENS entry 1"):
        Settings(agent_tokens=spec)
