"""Speech Gather mode: `<Gather input="speech">` loops; each `SpeechResult` is a turn; transfer and end as in relay."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator

import pytest

from tests.fakes.twilio import twiml
from tests.twilio.conftest import PUBLIC_URL, WORKFLOW_SID, Gateway, MakeGateway


@pytest.fixture
async def gather_gateway(make_gateway: MakeGateway) -> AsyncIterator[Gateway]:
    async with make_gateway(twilio_mode="gather") as gw:
        yield gw


def _said(el: ET.Element) -> list[str]:
    return [s.text or "" for s in el.iter("Say")]


async def test_incoming_call_greets_and_listens(gather_gateway: Gateway) -> None:
    answer = twiml(await gather_gateway.twilio.call().incoming())
    gather = answer.find("Gather")
    assert gather is not None and gather.get("input") == "speech" and gather.get("method") == "POST"
    assert gather.get("action") == f"{PUBLIC_URL}/twilio/gather?turn=1"
    assert _said(answer) == ["Thanks for calling Brightwave Broadband. How can I help you today?"]


async def test_speech_becomes_a_turn_with_its_confidence_and_the_loop_goes_on(gather_gateway: Gateway) -> None:
    call = gather_gateway.twilio.call()
    reply = await call.gather(twiml(await call.incoming()), "what are your opening hours", confidence=0.91)
    assert "8am to 10pm" in _said(reply)[0]
    gather = reply.find("Gather")
    assert gather is not None and gather.get("action") == f"{PUBLIC_URL}/twilio/gather?turn=2"
    view = await gather_gateway.call_view(call.sid)
    assert view["intent"]["name"] == "opening_hours" and view["intent"]["confidence"] <= 0.91


async def test_retried_gather_webhook_is_applied_once(gather_gateway: Gateway) -> None:
    call = gather_gateway.twilio.call()
    answer = twiml(await call.incoming())
    first = await call.gather(answer, "what are your opening hours")
    again = await call.gather(answer, "what are your opening hours")  # Twilio retries the same webhook
    assert ET.tostring(first) == ET.tostring(again)
    view = await gather_gateway.call_view(call.sid)
    assert view["turn"] == 1 and sum(u["speaker"] == "caller" for u in view["transcript"]) == 1


async def test_escalation_says_the_warm_message_then_enqueues(gather_gateway: Gateway) -> None:
    call = gather_gateway.twilio.call()
    answer = await call.gather(twiml(await call.incoming()), "can I pay by card")
    after = await call.gather(answer, "I want to speak to a real person")
    assert [child.tag for child in after] == ["Say", "Enqueue"]
    assert _said(after)[0].startswith("I'm going to connect you with a specialist now.")
    enqueue = after.find("Enqueue")
    assert enqueue is not None and enqueue.get("workflowSid") == WORKFLOW_SID
    task = json.loads(enqueue.findtext("Task") or "")
    view = await gather_gateway.call_view(call.sid)
    assert task["context_id"] == view["escalation"]["context_id"] and task["reason"] == "customer_request"


async def test_goodbye_ends_the_call(gather_gateway: Gateway) -> None:
    call = gather_gateway.twilio.call()
    answer = await call.gather(twiml(await call.incoming()), "what are your opening hours")
    after = await call.gather(answer, "great, that's all, thanks, bye")
    assert [child.tag for child in after] == ["Say", "Hangup"]
    assert (await gather_gateway.call_view(call.sid))["status"] == "wrap_up"


async def test_silence_prompts_again_then_says_goodbye(gather_gateway: Gateway) -> None:
    call = gather_gateway.twilio.call()
    answer = twiml(await call.incoming())
    for _ in range(2):
        answer = await call.gather(answer, None)
        assert answer.find("Gather") is not None and _said(answer) == ["Hello! What can I help you with today?"]
    last = await call.gather(answer, None)
    assert [child.tag for child in last] == ["Say", "Hangup"]
    assert (await gather_gateway.call_view(call.sid))["turn"] == 0


async def test_digits_after_the_card_warning_are_redacted_and_a_retry_is_applied_once(gather_gateway: Gateway) -> None:
    call = gather_gateway.twilio.call()
    warned = await call.gather(twiml(await call.incoming()), "I'm paying by card, it starts 5500 0000")
    assert _said(warned)[0].startswith("Please don't read card details out")
    first = await call.gather(warned, "0 0 0 0 0 0 0 4")
    again = await call.gather(warned, "0 0 0 0 0 0 0 4")  # Twilio retries the webhook: the same words, the same id
    assert ET.tostring(first) == ET.tostring(again)
    view = await gather_gateway.call_view(call.sid)
    heard = [u["text"] for u in view["transcript"] if u["speaker"] == "caller"]
    assert heard == ["I'm paying by card, it starts [redacted:card]", "[redacted:card]"] and view["turn"] == 2
