"""The human leg on Twilio is observed, not assumed: every transfer path records the agent from Twilio's own
callbacks, through a real line — talked-to calls end escalated with handle time, a caller who hung up while it
rang is abandoned, retried and reordered callbacks change nothing, and nobody answering keeps the caller."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from typing import Any

import pytest

from store.engine import get_engine
from store.queries import get_call
from tests.fakes.twilio import DialLeg, FakeCall, twiml
from tests.twilio.conftest import DIAL_NUMBER, PUBLIC_URL, SIP_URI, Gateway, MakeGateway
from warmline.models import Csat, Disposition, DispositionCode, Outcome, Status
from workflows.call import CallWorkflow

ESCALATE = {
    "enqueue": ["can I pay by card", "I want to speak to a real person"],
    "dial": ["my internet is really slow", "that didn't work", "it still didn't work"],
    "sip": ["someone has hacked my account"],
}
AGENT = {"dial": DIAL_NUMBER, "sip": SIP_URI}


@pytest.fixture
async def gw(make_gateway: MakeGateway) -> AsyncIterator[Gateway]:
    async with make_gateway(twilio_mode="gather") as gateway:
        yield gateway


async def _transferred(gw: Gateway, kind: str) -> tuple[FakeCall, ET.Element]:
    """A Twilio call escalated by speech Gather; the TwiML that transfers it."""
    call = gw.twilio.call()
    answer = twiml(await call.incoming())
    for line in ESCALATE[kind]:
        answer = await call.gather(answer, line)
    assert answer.find("Gather") is None, ET.tostring(answer)
    return call, answer


LEG = ("status", "agent_id", "agent_connected_at", "agent_completed_at", "outcome")


async def _state(gw: Gateway, call: FakeCall) -> dict[str, Any]:
    """What the call knows of its human leg."""
    state = (await gw.line.state(call.sid)).model_dump(mode="json")
    return {k: state[k] for k in LEG}


async def _ends_escalated_with_handle_time(gw: Gateway, call: FakeCall, agent: str) -> None:
    """The agent's disposition and the caller's CSAT close the call: recorded escalated, with handle time."""
    handle = gw.line.handle(call.sid)
    codes = [DispositionCode.AI_OVER_ESCALATED]
    await handle.signal(CallWorkflow.disposition, Disposition(agent_id=agent, codes=codes, repeat_explanation=False))
    await handle.signal(CallWorkflow.csat, Csat(score=4))
    final = await handle.result()
    assert final.outcome == Outcome.ESCALATED and final.agent_id == agent
    assert final.agent_connected_at is not None and final.agent_completed_at is not None
    assert final.agent_completed_at >= final.agent_connected_at
    record = await get_call(await get_engine(gw.line.settings.db_url), call.sid)
    assert record is not None and record.outcome == Outcome.ESCALATED and record.handle_time_s is not None


def _status(r: Any, code: int = 204) -> None:
    assert r.status_code == code, r.text


# -- <Dial>: a number or a SIP URI ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["dial", "sip"])
async def test_dialled_agent_who_answers_and_talks_ends_escalated_with_handle_time(gw: Gateway, kind: str) -> None:
    call, transfer = await _transferred(gw, kind)
    leg = call.dial_leg(transfer)
    _status(await leg.event("ringing"))  # not subscribed, but harmless if it comes
    assert (await _state(gw, call))["status"] == "transferring"
    _status(await leg.answered())
    state = await _state(gw, call)
    assert state["status"] == "with_agent" and state["agent_id"] == AGENT[kind]
    _status(await leg.completed(42))
    assert (await _state(gw, call))["status"] == "wrap_up"
    after = twiml(await leg.action("completed", 42))
    assert [c.tag for c in after] == ["Hangup"]
    await _ends_escalated_with_handle_time(gw, call, AGENT[kind])


async def test_retried_dial_callbacks_change_nothing(gw: Gateway) -> None:
    call, transfer = await _transferred(gw, "dial")
    leg = call.dial_leg(transfer)
    for _ in range(2):
        _status(await leg.answered())
    connected = await _state(gw, call)
    assert connected["status"] == "with_agent"
    for _ in range(2):
        _status(await leg.completed(30))
    done = await _state(gw, call)
    assert done["agent_connected_at"] == connected["agent_connected_at"] and done["status"] == "wrap_up"
    first, again = await leg.action("completed", 30), await leg.action("completed", 30)
    assert first.text == again.text and [c.tag for c in twiml(again)] == ["Hangup"]
    _status(await leg.answered())  # a very late retry of the pick-up
    assert await _state(gw, call) == done
    await _ends_escalated_with_handle_time(gw, call, DIAL_NUMBER)


async def test_completed_before_answered_still_records_the_conversation(gw: Gateway) -> None:
    call, transfer = await _transferred(gw, "dial")
    leg = call.dial_leg(transfer)
    _status(await leg.completed(42))
    done = await _state(gw, call)
    assert done["status"] == "wrap_up" and done["agent_id"] == DIAL_NUMBER and done["outcome"] is None
    _status(await leg.answered())
    assert await _state(gw, call) == done
    await _ends_escalated_with_handle_time(gw, call, DIAL_NUMBER)


async def test_the_dial_action_alone_records_a_conversation_whose_callbacks_were_lost(gw: Gateway) -> None:
    call, transfer = await _transferred(gw, "sip")
    after = twiml(await call.dial_leg(transfer).action("completed", 65))
    assert [c.tag for c in after] == ["Hangup"]
    assert (await _state(gw, call))["status"] == "wrap_up"
    await _ends_escalated_with_handle_time(gw, call, SIP_URI)


@pytest.mark.parametrize("dial_status", ["no-answer", "busy", "failed"])
async def test_nobody_answering_keeps_the_caller_holding(gw: Gateway, dial_status: str) -> None:
    call, transfer = await _transferred(gw, "dial")
    leg: DialLeg = call.dial_leg(transfer)
    _status(await leg.event(dial_status))  # the leg's `completed` event, with its final status
    after = twiml(await leg.action(dial_status))
    assert [c.tag for c in after] == ["Say", "Enqueue"] and "hold" in (after.findtext("Say") or "")
    enqueue = after.find("Enqueue")
    assert enqueue is not None and (enqueue.text or "").strip() == "technical"
    assert enqueue.get("waitUrl") == PUBLIC_URL + "/twilio/hold" and enqueue.get("workflowSid") is None
    state = await _state(gw, call)
    assert state["status"] == "transferring" and state["agent_connected_at"] is None and state["outcome"] is None
    hold = twiml(await gw.twilio.post(enqueue.get("waitUrl", ""), call.params(QueueTime="1")))
    assert [c.tag for c in hold] == ["Pause"]  # on hold, where the callback offer will reach them


async def test_caller_who_hangs_up_while_the_agent_rings_is_abandoned(gw: Gateway) -> None:
    call, transfer = await _transferred(gw, "dial")
    leg = call.dial_leg(transfer)
    _status(await call.status("completed"))
    _status(await leg.event("canceled"))
    after = twiml(await leg.action("canceled"))
    assert [c.tag for c in after] == ["Hangup"]
    state = await _state(gw, call)
    assert state["status"] == "wrap_up" and state["outcome"] == "abandoned" and state["agent_connected_at"] is None


# -- TaskRouter (enqueue) ------------------------------------------------------------------------------


async def test_taskrouter_worker_who_accepts_and_wraps_up_ends_escalated(gw: Gateway) -> None:
    call, transfer = await _transferred(gw, "enqueue")
    task = gw.twilio.task(transfer)
    _status(await task.event("task.created"))
    _status(await task.event("reservation.rejected", worker="bob"))
    _status(await task.event("reservation.timeout", worker="carol"))
    assert (await _state(gw, call))["status"] == "transferring"  # still waiting for someone
    _status(await task.event("reservation.accepted", worker="alice"))
    connected = await _state(gw, call)
    assert connected["status"] == "with_agent" and connected["agent_id"] == "alice"
    _status(await task.event("reservation.accepted", worker="alice"))  # TaskRouter retries
    assert await _state(gw, call) == connected
    _status(await task.event("task.wrapup", worker="alice"))
    done = await _state(gw, call)
    assert done["status"] == "wrap_up" and done["agent_connected_at"] == connected["agent_connected_at"]
    _status(await task.event("task.completed"))
    assert await _state(gw, call) == done
    await _ends_escalated_with_handle_time(gw, call, "alice")


async def test_taskrouter_wrap_up_before_the_acceptance_still_records_the_conversation(gw: Gateway) -> None:
    call, transfer = await _transferred(gw, "enqueue")
    task = gw.twilio.task(transfer)
    _status(await task.event("task.wrapup", worker="alice"))
    done = await _state(gw, call)
    assert done["status"] == "wrap_up" and done["agent_id"] == "alice"
    _status(await task.event("reservation.accepted", worker="alice"))
    assert await _state(gw, call) == done
    await _ends_escalated_with_handle_time(gw, call, "alice")


async def test_a_bridged_queue_result_records_the_conversation_when_taskrouter_said_nothing(gw: Gateway) -> None:
    call, transfer = await _transferred(gw, "enqueue")
    enqueue = transfer.find("Enqueue")
    assert enqueue is not None
    result = call.params(QueueResult="bridged", QueueSid="QU" + "3" * 32, QueueTime="12")
    after = twiml(await gw.twilio.post(enqueue.get("action", ""), result))
    assert [c.tag for c in after] == ["Hangup"]
    again = twiml(await gw.twilio.post(enqueue.get("action", ""), result))
    assert [c.tag for c in again] == ["Hangup"]
    state = await _state(gw, call)
    assert state["status"] == "wrap_up" and state["agent_connected_at"] and state["agent_completed_at"]
    await _ends_escalated_with_handle_time(gw, call, state["agent_id"])


async def test_caller_who_hangs_up_in_the_taskrouter_queue_is_abandoned(gw: Gateway) -> None:
    call, transfer = await _transferred(gw, "enqueue")
    task = gw.twilio.task(transfer)
    _status(await call.status("completed"))
    _status(await task.event("task.canceled"))
    _status(await task.event("reservation.accepted", worker="alice"))  # too late: the caller is gone
    state = await _state(gw, call)
    assert state["outcome"] == "abandoned" and state["agent_connected_at"] is None


# -- calls the line does not know, or no longer runs ------------------------------------------------------


async def test_callbacks_for_unknown_or_foreign_calls_are_answered_and_ignored(gw: Gateway) -> None:
    stranger = gw.twilio.call()
    leg_url = f"{PUBLIC_URL}/twilio/dial-status?call_id={stranger.sid}"
    _status(await gw.twilio.post(leg_url, stranger.params(CallStatus="completed", CallDuration="5")))
    fake_transfer = ET.fromstring('<Response><Enqueue><Task>{"call_id": "CAnobody"}</Task></Enqueue></Response>')
    _status(await gw.twilio.task(fake_transfer).event("reservation.accepted", worker="alice"))
    foreign = ET.fromstring('<Response><Enqueue><Task>{"type": "chat"}</Task></Enqueue></Response>')
    _status(await gw.twilio.task(foreign).event("task.completed"))
    action = twiml(await gw.twilio.post(PUBLIC_URL + "/twilio/dial-action", stranger.params(DialCallStatus="busy")))
    assert [c.tag for c in action] == ["Hangup"]


async def test_callbacks_for_a_call_that_has_ended_are_still_answered(gw: Gateway) -> None:
    call, transfer = await _transferred(gw, "dial")
    leg = call.dial_leg(transfer)
    _status(await leg.completed(20))
    await _ends_escalated_with_handle_time(gw, call, DIAL_NUMBER)
    _status(await leg.completed(20))  # Twilio's retry after the call's workflow finished
    _status(await leg.answered())
    assert [c.tag for c in twiml(await leg.action("completed", 20))] == ["Hangup"]
    assert (await gw.line.handle(call.sid).result()).status == Status.ENDED
