"""A phone call through ConversationRelay, end to end: TwiML in, JSON messages over the WebSocket, TwiML out."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from structlog.testing import capture_logs

from tests.fakes.twilio import FakeCall, Relay, twiml
from tests.twilio.conftest import DIAL_NUMBER, PUBLIC_URL, SIP_URI, WORKFLOW_SID, Gateway, MakeGateway

GREETING = "Thanks for calling Brightwave Broadband. How can I help you today?"
WARM = "I'm going to connect you with a specialist now."
HOURS = "8am to 10pm"


async def _answered(call: FakeCall) -> ET.Element:
    return twiml(await call.incoming())


async def _say_all(relay: Relay, lines: list[str]) -> dict[str, Any]:
    """Say each line; return the last message the app sent (reading on to `end` after a transfer)."""
    msg: dict[str, Any] = {}
    for line in lines:
        msg = await relay.prompt(line)
    while msg["type"] == "text" and msg["token"].startswith(WARM):
        msg = await relay.recv()
    return msg


def _only(el: ET.Element, path: str) -> ET.Element:
    found = el.findall(path)
    assert len(found) == 1, ET.tostring(el)
    return found[0]


async def test_incoming_call_answers_conversation_relay_twiml(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    connect = _only(await _answered(call), "Connect")
    assert connect.get("action") == f"{PUBLIC_URL}/twilio/connect-action"
    relay = _only(connect, "ConversationRelay")
    assert relay.get("url") == "wss://warmline.example.test/twilio/relay"
    assert relay.get("welcomeGreeting") == GREETING
    view = await gateway.call_view(call.sid)
    assert view["status"] == "ai" and view["transcript"][0]["text"] == GREETING


async def test_retried_incoming_webhook_starts_nothing_new(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    first = await _answered(call)
    run_id = (await gateway.line.handle(call.sid).describe()).run_id
    again = await _answered(call)
    assert ET.tostring(first) == ET.tostring(again)
    assert (await gateway.line.handle(call.sid).describe()).run_id == run_id


async def test_contained_call_replies_then_says_goodbye_and_hangs_up(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    async with call.relay(await _answered(call)) as relay:
        reply = await relay.prompt("what are your opening hours")
        assert reply["type"] == "text" and HOURS in reply["token"] and reply["last"] is True
        bye = await relay.prompt("great, that's all, thanks, bye")
        assert bye["type"] == "text" and "Goodbye" in bye["token"]
        assert await relay.recv() == {"type": "end"}
    after = await call.connect_action(relay.action, relay.handoff)
    assert [child.tag for child in after] == ["Hangup"]
    view = await gateway.call_view(call.sid)
    assert view["status"] == "wrap_up" and view["outcome"] == "contained" and view["escalation"] is None
    caller = [u["text"] for u in view["transcript"] if u["speaker"] == "caller"]
    assert caller == ["what are your opening hours", "great, that's all, thanks, bye"]


TRANSFERS = {
    "enqueue": (["can I pay by card", "I want to speak to a real person"], "transactional", "customer_request"),
    "dial": (
        ["my internet is really slow", "that didn't work", "it still didn't work"],
        "technical",
        "failed_resolution",
    ),
    "sip": (["someone has hacked my account"], "complex", "out_of_scope"),
}


@pytest.mark.parametrize("kind", list(TRANSFERS))
async def test_escalation_transfers_to_the_queues_target_after_the_helpdesk_acked(gateway: Gateway, kind: str) -> None:
    lines, queue, reason = TRANSFERS[kind]
    call = gateway.twilio.call()
    async with call.relay(await _answered(call)) as relay:
        end = await _say_all(relay, lines)
    assert end["type"] == "end" and relay.received[-2]["token"].startswith(WARM)
    handoff = json.loads(end["handoffData"])
    assert set(handoff) == {"context_id", "queue", "reason"}  # ids only: no transcript, no card data
    assert handoff["queue"] == queue and handoff["reason"] == reason
    helpdesk = gateway.line.helpdesk
    assert helpdesk is not None and helpdesk.acked().get(handoff["context_id"]) is not None  # acked before `end`

    after = await call.connect_action(relay.action, relay.handoff)
    if kind == "enqueue":
        enqueue = _only(after, "Enqueue")
        assert enqueue.get("workflowSid") == WORKFLOW_SID
        task = json.loads(_only(enqueue, "Task").text or "")
        assert {k: task[k] for k in ("call_id", "context_id", "queue", "reason")} == {"call_id": call.sid, **handoff}
        assert 0 < len(task["summary"].split()) <= 60 and task["authentication"]["verified"] is False
    elif kind == "dial":
        assert _only(after, "Dial").get("action") == f"{PUBLIC_URL}/twilio/dial-action"
        assert (_only(after, "Dial/Number").text or "").strip() == DIAL_NUMBER
    else:
        sip = (_only(after, "Dial/Sip").text or "").strip()
        assert sip == f"{SIP_URI}?X-Warmline-Context-Id={handoff['context_id']}"
    view = await gateway.call_view(call.sid)
    assert view["status"] == "transferring" and view["escalation"]["context_id"] == handoff["context_id"]


async def test_queue_without_a_target_holds_the_caller_in_a_plain_queue(make_gateway: MakeGateway) -> None:
    async with make_gateway(queues=[{"name": "transactional"}, {"name": "technical"}, {"name": "complex"}]) as gw:
        call = gw.twilio.call()
        async with call.relay(await _answered(call)) as relay:
            end = await _say_all(relay, ["someone has hacked my account"])
        after = await call.connect_action(relay.action, end["handoffData"])
        view = await gw.call_view(call.sid)
    enqueue = _only(after, "Enqueue")
    assert [child.tag for child in after] == ["Enqueue"] and (enqueue.text or "").strip() == "complex"
    assert enqueue.get("workflowSid") is None  # a plain Twilio queue named after the Warmline queue
    assert enqueue.get("waitUrl") == f"{PUBLIC_URL}/twilio/hold"
    assert enqueue.get("action") == f"{PUBLIC_URL}/twilio/queue-result"
    assert view["status"] == "transferring"


async def test_replayed_prompt_is_applied_once(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    async with call.relay(await _answered(call)) as relay:
        prompt = {"type": "prompt", "voicePrompt": "what are your opening hours", "lang": "en-US", "last": True}
        await relay.send(prompt)
        await relay.send(prompt)  # Twilio delivers the same prompt again while its turn is running
        assert HOURS in (await relay.recv())["token"]
        nxt = await relay.prompt("how can I pay my bill")
        assert "direct debit" in nxt["token"]  # the next message answers the next prompt, not the replay
    view = await gateway.call_view(call.sid)
    assert [u["text"] for u in view["transcript"] if u["speaker"] == "caller"] == [
        "what are your opening hours",
        "how can I pay my bill",
    ]


async def test_interrupt_records_what_the_caller_heard_and_the_call_goes_on(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    with capture_logs() as logs:
        async with call.relay(await _answered(call)) as relay:
            await relay.prompt("what are your opening hours")
            heard = "Our phone team is here from"
            await relay.send({"type": "interrupt", "utteranceUntilInterrupt": heard, "durationUntilInterruptMs": "460"})
            assert "direct debit" in (await relay.prompt("sorry, how can I pay my bill"))["token"]
    interrupts = [e for e in logs if e["event"] == "caller interrupted"]
    assert interrupts and interrupts[0]["call_id"] == call.sid and interrupts[0]["heard_chars"] == len(heard)
    view = await gateway.call_view(call.sid)
    ai = [u for u in view["transcript"] if u["speaker"] == "ai"]
    assert ai[1]["heard"] == heard and ai[1]["text"].startswith(heard)  # the cut-off reply
    assert ai[0]["heard"] is None and ai[2]["heard"] is None


BAD_MESSAGES = [
    "this is not json {",
    "[1, 2, 3]",
    json.dumps({"type": "telepathy", "thoughts": "hello"}),
    json.dumps({"type": "prompt", "last": True}),  # no voicePrompt
    json.dumps({"type": "error", "description": "Invalid message received: {}"}),
]


async def test_malformed_and_unknown_messages_are_logged_and_the_session_survives(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    with capture_logs() as logs:
        async with call.relay(await _answered(call)) as relay:
            for raw in BAD_MESSAGES:
                await relay.send(raw)
            await relay.send({"type": "dtmf", "digit": "5"})
            assert HOURS in (await relay.prompt("what are your opening hours"))["token"]
    errors = [e for e in logs if e["log_level"] == "error"]
    assert len(errors) == len(BAD_MESSAGES) and all(e["call_id"] == call.sid for e in errors)
    assert {e["event"] for e in errors} == {"malformed relay message", "unknown relay message", "twilio relay error"}


@pytest.mark.parametrize("status", ["completed", "busy", "no-answer", "failed", "canceled"])
async def test_hangup_in_the_ai_phase_goes_to_wrap_up(gateway: Gateway, status: str) -> None:
    call = gateway.twilio.call()
    async with call.relay(await _answered(call)) as relay:
        await relay.prompt("what are your opening hours")
    assert (await call.status(status)).status_code == 204
    state = await gateway.line.state(call.sid)
    assert state.status == "wrap_up" and state.hangup_source == "twilio-status" and state.escalation is None


async def test_progress_statuses_are_not_a_hangup(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    await _answered(call)
    for status in ("ringing", "in-progress"):
        assert (await call.status(status)).status_code == 204
    assert (await gateway.line.state(call.sid)).status == "ai"


async def test_hangup_while_the_transfer_rings_is_abandoned_and_the_offer_withdrawn(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    async with call.relay(await _answered(call)) as relay:
        end = await _say_all(relay, ["someone has hacked my account"])
    await call.connect_action(relay.action, relay.handoff)
    assert (await call.status("completed")).status_code == 204
    context_id = json.loads(end["handoffData"])["context_id"]
    helpdesk = gateway.line.helpdesk
    assert helpdesk is not None
    await helpdesk.wait_for_withdrawal(context_id, timeout=10)
    view = await gateway.call_view(call.sid)
    assert view["status"] == "wrap_up" and view["outcome"] == "abandoned"


async def test_status_for_an_ended_or_unknown_call_is_still_204(gateway: Gateway) -> None:
    assert (await gateway.twilio.call().status("completed")).status_code == 204


async def test_relay_that_breaks_mid_call_continues_by_speech_gather(gateway: Gateway) -> None:
    call = gateway.twilio.call()
    async with call.relay(await _answered(call)) as relay:
        await relay.prompt("what are your opening hours")
    after = await call.connect_action(relay.action, None, session_status="failed")
    gather = _only(after, "Gather")
    assert gather.get("input") == "speech" and gather.get("action") == f"{PUBLIC_URL}/twilio/gather?turn=2"
    reply = await call.gather(after, "how can I pay my bill")
    assert "direct debit" in (_only(reply, "Gather/Say").text or "")
