"""The desk as the line's ACD on Twilio: the agent who accepts an offer on the desk — having seen the context —
is the one whose phone rings (`<Dial><Queue>` through Twilio's REST API), and Twilio's own events say when they
picked up and hung up. An agent without a phone of their own, or a call not on Twilio, connects on accept."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.desk.conftest import QUEUES, eventually
from tests.fakes.twilio import LINE_NUMBER, FakeCall, FakeTwilio, twiml
from tests.fakes.twilio_rest import FakeTwilioRest
from tests.line import policy_file, running_line
from tests.twilio.conftest import API_KEY, AUTH_TOKEN, PUBLIC_URL, Gateway, serve
from warmline.models import Status

ACCOUNT_SID = "AC" + "1" * 32
ANN_PHONE = "+447700900001"
BOB_SIP = "sip:bob@pbx.example.test"
TOKENS = f"ann:ann-token-1:disputes:{ANN_PHONE},bob:bob-token-2:disputes:{BOB_SIP},cat:cat-token-3:disputes"
DESK = {name: {"Authorization": f"Bearer {name}-token-{i}"} for i, name in enumerate(["ann", "bob", "cat"], 1)}


@dataclass
class Acd:
    gw: Gateway
    rest: FakeTwilioRest
    desk: httpx.AsyncClient

    async def me(self, agent: str) -> dict[str, Any]:
        r = await self.desk.get("/desk/api/me", headers=DESK[agent])
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    async def presence(self, agent: str, status: str) -> None:
        r = await self.desk.post("/desk/api/presence", json={"status": status}, headers=DESK[agent])
        assert r.status_code == 200, r.text

    async def offered(self, agent: str) -> str:
        """The context id of the offer ringing on the agent's desk, once it pops."""
        me = await eventually(lambda: self.me(agent), lambda v: v["offer"] is not None)
        context_id: str = me["offer"]["context"]["context_id"]
        return context_id

    async def status(self, call_id: str) -> Status:
        return (await self.gw.line.state(call_id)).status


@pytest.fixture
async def acd(temporal_env: WorkflowEnvironment, tmp_path: Path) -> AsyncIterator[Acd]:
    """A line whose helpdesk is the desk, with the Twilio gateway and agents' phones rung through a fake REST API."""
    with FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN) as rest:
        settings = {"public_url": PUBLIC_URL, "twilio_auth_token": AUTH_TOKEN, "api_keys": API_KEY,
                    "twilio_mode": "gather", "agent_tokens": TOKENS, "twilio_account_sid": ACCOUNT_SID,
                    "twilio_api_base": rest.base_url, "queue_id_prefix": f"q{uuid.uuid4().hex[:8]}-"}  # fmt: skip
        policy = policy_file(tmp_path, queues=QUEUES)
        async with running_line(temporal_env.client, tmp_path, None, policy=policy, **settings) as line:
            app = create_app(line.settings)
            app.state.warmline.client = line.client
            async with (
                serve(app) as url,
                httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30) as api,
                httpx.AsyncClient(base_url=url, timeout=30) as desk,
            ):
                twilio = FakeTwilio(url, PUBLIC_URL, AUTH_TOKEN, rest=rest)
                yield Acd(Gateway(twilio, line, api, url), rest, desk)


async def _holding(acd: Acd) -> tuple[FakeCall, ET.Element]:
    """A Twilio caller who asked for a person: they wait in the plain Twilio queue named after the queue."""
    call = acd.gw.twilio.call()
    after = await call.gather(twiml(await call.incoming()), "agent please")
    enqueue = after.find("Enqueue")
    assert enqueue is not None and enqueue.text == "complex", ET.tostring(after)
    return call, enqueue


async def _accept(acd: Acd, agent: str) -> httpx.Response:
    return await acd.desk.post(f"/desk/api/offers/{await acd.offered(agent)}/accept", headers=DESK[agent])


def _rang(created: dict[str, Any], call: FakeCall, agent: str, endpoint: str) -> None:
    """The REST call the line made: the agent's endpoint, from the line's number, into the caller's queue."""
    assert (created["To"], created["From"]) == (endpoint, LINE_NUMBER)
    dial = ET.fromstring(str(created["Twiml"])).find("Dial")
    assert dial is not None and dial.findtext("Queue") == "complex"
    callback = urlsplit(str(created["StatusCallback"]))
    assert f"{callback.scheme}://{callback.netloc}{callback.path}" == PUBLIC_URL + "/twilio/agent-ring"
    query = {k: v[0] for k, v in parse_qs(callback.query).items()}
    assert query["call_id"] == call.sid and query["agent_id"] == agent and query["context_id"]
    assert created["StatusCallbackEvent"] == ["initiated", "ringing", "answered", "completed"]


async def test_accepting_rings_the_agents_phone_and_twilio_says_when_they_pick_up_and_hang_up(acd: Acd) -> None:
    await acd.presence("ann", "available")
    call, _ = await _holding(acd)
    r = await _accept(acd, "ann")
    assert r.status_code == 200 and r.json()["call_id"] == call.sid, r.text
    assert len(acd.rest.created) == 1
    _rang(acd.rest.created[0], call, "ann", ANN_PHONE)
    assert await acd.status(call.sid) == Status.TRANSFERRING  # accepted, but nobody has picked up yet

    leg = acd.gw.twilio.ring_leg(acd.rest.created[0])
    for early in ("initiated", "ringing"):
        assert (await leg.event(early)).status_code == 204
    assert await acd.status(call.sid) == Status.TRANSFERRING
    assert (await leg.event("in-progress")).status_code == 204
    state = await acd.gw.line.state(call.sid)
    assert state.status == Status.WITH_AGENT and state.agent_id == "ann" and state.agent_connected_at is not None
    assert (await leg.event("in-progress")).status_code == 204  # Twilio retries: nothing changes

    assert (await leg.event("completed")).status_code == 204
    state = await acd.gw.line.state(call.sid)
    assert state.status == Status.WRAP_UP and state.agent_completed_at is not None
    body = {"codes": ["ai_lacked_knowledge"], "repeat_explanation": False}
    r = await acd.desk.post(f"/desk/api/calls/{call.sid}/wrap-up", json=body, headers=DESK["ann"])
    assert r.status_code == 200 and r.json()["status"] == "available", r.text
    state = await acd.gw.line.state(call.sid)
    assert state.disposition is not None and state.disposition.agent_id == "ann"


async def test_a_sip_endpoint_is_rung_the_same_way(acd: Acd) -> None:
    await acd.presence("bob", "available")
    call, _ = await _holding(acd)
    assert (await _accept(acd, "bob")).status_code == 200
    _rang(acd.rest.created[0], call, "bob", BOB_SIP)
    await acd.gw.twilio.ring_leg(acd.rest.created[0]).event("in-progress")
    assert (await acd.gw.line.state(call.sid)).agent_id == "bob"


async def test_an_agent_without_a_phone_of_their_own_connects_on_accept(acd: Acd) -> None:
    await acd.presence("cat", "available")
    call, _ = await _holding(acd)
    assert (await _accept(acd, "cat")).status_code == 200
    assert acd.rest.created == []
    state = await acd.gw.line.state(call.sid)
    assert state.status == Status.WITH_AGENT and state.agent_id == "cat"


async def test_a_call_not_on_twilio_connects_on_accept_even_for_an_agent_with_a_phone(acd: Acd) -> None:
    await acd.presence("ann", "available")
    call_id = await acd.gw.line.start(authenticated=True, auth_method="pin", account_id="AC-1")
    assert (await acd.gw.line.turn(call_id, "agent please")).action == "transfer"
    assert (await _accept(acd, "ann")).status_code == 200
    assert acd.rest.created == []
    state = await acd.gw.line.state(call_id)
    assert state.status == Status.WITH_AGENT and state.agent_id == "ann"


async def test_the_agent_ring_callback_needs_twilios_signature(acd: Acd) -> None:
    await acd.presence("ann", "available")
    call, _ = await _holding(acd)
    await _accept(acd, "ann")
    leg = acd.gw.twilio.ring_leg(acd.rest.created[0])
    assert (await leg.event("in-progress", signing="bad")).status_code == 403
    assert await acd.status(call.sid) == Status.TRANSFERRING


@pytest.mark.parametrize("rang_out", ["no-answer", "busy", "failed"])
async def test_a_phone_that_rings_out_moves_the_offer_to_the_next_agent(acd: Acd, rang_out: str) -> None:
    await acd.presence("ann", "available")
    await acd.presence("bob", "available")
    call, _ = await _holding(acd)
    first = await _accept(acd, "ann")  # ann has been idle longest: her desk rings first
    assert first.status_code == 200, first.text
    await acd.gw.twilio.ring_leg(acd.rest.created[0]).event("ringing")
    assert (await acd.gw.twilio.ring_leg(acd.rest.created[0]).event(rang_out)).status_code == 204

    second = await _accept(acd, "bob")  # the same offer, now on bob's desk
    assert second.status_code == 200 and second.json()["wait_s"] >= first.json()["wait_s"], second.text
    assert [c["To"] for c in acd.rest.created] == [ANN_PHONE, BOB_SIP]
    _rang(acd.rest.created[1], call, "bob", BOB_SIP)
    await acd.gw.twilio.ring_leg(acd.rest.created[1]).event("in-progress")
    state = await acd.gw.line.state(call.sid)
    assert state.status == Status.WITH_AGENT and state.agent_id == "bob"
    ann = await acd.me("ann")
    assert ann["status"] == "away" and ann["call"] is None and "did not answer" in (ann["note"] or "")


async def test_a_ring_out_after_the_caller_hung_up_offers_nobody_the_call(acd: Acd) -> None:
    await acd.presence("ann", "available")
    await acd.presence("bob", "available")
    call, _ = await _holding(acd)
    assert (await _accept(acd, "ann")).status_code == 200
    assert (await call.status("completed")).status_code == 204
    await eventually(lambda: acd.status(call.sid), lambda s: s != Status.TRANSFERRING)  # abandoned
    assert (await acd.gw.twilio.ring_leg(acd.rest.created[0]).event("no-answer")).status_code == 204
    assert (await acd.me("bob"))["offer"] is None


async def test_a_phone_twilio_will_not_call_tells_the_agent_and_moves_the_offer_on(acd: Acd) -> None:
    acd.rest.unreachable.add(ANN_PHONE)
    await acd.presence("ann", "available")
    await acd.presence("bob", "available")
    call, _ = await _holding(acd)
    refused = await _accept(acd, "ann")
    assert refused.status_code == 502 and "would not ring your phone" in refused.json()["detail"]
    assert (await _accept(acd, "bob")).status_code == 200
    assert [c["To"] for c in acd.rest.created] == [BOB_SIP]
    assert (await acd.me("ann"))["status"] == "away"
    assert await acd.status(call.sid) == Status.TRANSFERRING
