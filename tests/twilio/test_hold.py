"""An enqueued Twilio caller on hold: Twilio's waitUrl offers the callback once the queue's limit passes,
a keypress or a spoken yes books it and leaves the queue, and the queue's result hangs up."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator

import pytest

from tests.fakes.twilio import FakeCall, twiml
from tests.twilio.conftest import PUBLIC_URL, WORKFLOW_SID, Gateway, MakeGateway

QUEUES = [
    {"name": "transactional", "transfer": {"enqueue": WORKFLOW_SID}},
    {"name": "technical", "transfer": {"enqueue": WORKFLOW_SID}},
    {"name": "complex", "transfer": {"enqueue": WORKFLOW_SID}, "max_wait_s": 1},
]


@pytest.fixture
async def holding(make_gateway: MakeGateway) -> AsyncIterator[Gateway]:
    async with make_gateway(queues=QUEUES, twilio_mode="gather") as gw:
        yield gw


async def _enqueued(gw: Gateway) -> tuple[FakeCall, ET.Element]:
    call = gw.twilio.call()
    after = await call.gather(twiml(await call.incoming()), "agent please")
    enqueue = after.find("Enqueue")
    assert enqueue is not None, ET.tostring(after)
    return call, enqueue


async def _offered(gw: Gateway, call: FakeCall) -> None:
    for _ in range(100):
        if (await gw.call_view(call.sid))["callback_offer"] is not None:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("no callback offer after the queue's max_wait_s")


async def test_the_wait_url_offers_a_callback_and_a_keypress_books_it(holding: Gateway) -> None:
    call, enqueue = await _enqueued(holding)
    assert enqueue.get("waitUrl") == PUBLIC_URL + "/twilio/hold"
    assert enqueue.get("action") == PUBLIC_URL + "/twilio/queue-result"
    wait_url = enqueue.get("waitUrl", "")

    before = twiml(await holding.twilio.post(wait_url, call.params(QueueTime="0")))
    assert [c.tag for c in before] == ["Pause"]  # nothing to offer yet: hold

    await _offered(holding, call)
    offer = twiml(await holding.twilio.post(wait_url, call.params(QueueTime="2")))
    gather = offer.find("Gather")
    assert gather is not None and gather.get("input") == "dtmf speech" and gather.get("numDigits") == "1"
    assert "callback instead of holding" in (gather.findtext("Say") or "")

    booked = twiml(await holding.twilio.post(gather.get("action", ""), call.params(Digits="1")))
    assert [c.tag for c in booked] == ["Say", "Leave"] and "call you back" in (booked.findtext("Say") or "")
    done = twiml(await holding.twilio.post(enqueue.get("action", ""), call.params(QueueResult="leave")))
    assert [c.tag for c in done] == ["Hangup"]

    view = await holding.call_view(call.sid)
    assert view["outcome"] == "callback" and view["escalation"]["callback_choice"] == "accepted"
    cb = await holding.api.get(f"/v1/callbacks/{call.sid}")
    assert cb.status_code == 200 and cb.json()["reason"] == "long_wait"


async def test_saying_no_keeps_the_caller_holding(holding: Gateway) -> None:
    call, enqueue = await _enqueued(holding)
    await _offered(holding, call)
    offer = twiml(await holding.twilio.post(enqueue.get("waitUrl", ""), call.params()))
    action = (offer.find("Gather") or ET.Element("x")).get("action", "")
    unclear = twiml(await holding.twilio.post(action, call.params(SpeechResult="hmm")))
    assert list(unclear) == []  # back to the wait TwiML, which asks again
    kept = twiml(await holding.twilio.post(action, call.params(SpeechResult="no I'll wait")))
    assert [c.tag for c in kept] == ["Say"]
    view = await holding.call_view(call.sid)
    assert view["status"] == "transferring" and view["escalation"]["callback_choice"] == "declined"
    again = twiml(await holding.twilio.post(action, call.params(Digits="1")))
    assert list(again) == []  # the offer is gone: a late keypress changes nothing


async def test_hold_webhooks_need_twilios_signature(holding: Gateway) -> None:
    call, enqueue = await _enqueued(holding)
    r = await holding.twilio.post(enqueue.get("waitUrl", ""), call.params(), signing="invalid")
    assert r.status_code == 403
