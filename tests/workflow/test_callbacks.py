"""Callbacks on a time-skipping server: a closed queue, a hold past the queue's limit, retries across closed hours.

Nothing sleeps for real: `env.sleep()` moves the test server's clock, so a callback
booked tonight is offered at tomorrow's opening in a moment.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from store.engine import get_engine
from store.queries import list_callbacks
from tests.fakes.helpdesk import Behaviour, FakeHelpdesk
from tests.line import Line, policy_file, running_line
from tests.workflow.conftest import skipping_server
from warmline.callbacks import CallbackAgentEvent, CallbackReport, CallbackState, callback_workflow_id
from warmline.hours import DAYS
from warmline.models import AgentEvent, CallbackChoice, Hangup, Outcome, Status
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow

RETRY_S = 1800.0


def _closed_until_tomorrow(now: datetime) -> dict[str, Any]:
    """Hours for the `complex` queue: closed today (UTC), open all day tomorrow."""
    tomorrow = DAYS[(now.astimezone(UTC).weekday() + 1) % 7]
    return {"timezone": "UTC", "open": {tomorrow: "00:00-24:00"}}


def _queues(complex_queue: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": "transactional"}, {"name": "technical"}, {"name": "complex", **complex_queue}]


@pytest.fixture
async def skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """One server per test: these tests leave callbacks and calls running, which would stall the next one's clock."""
    async with skipping_server() as env:
        yield env


@pytest.fixture
async def desk() -> AsyncIterator[FakeHelpdesk]:
    with FakeHelpdesk() as d:
        yield d


def _line(
    env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk, complex_queue: dict[str, Any], **policy: Any
) -> AbstractAsyncContextManager[Line]:
    path = policy_file(
        tmp,
        queues=_queues(complex_queue),
        callbacks={"max_attempts": 2, "retry_after_s": RETRY_S, "report_within_s": 3600},
        wrap_up={"wait_s": 60},
        **policy,
    )
    return running_line(env.client, tmp, desk, policy=path)


class AfterHours(NamedTuple):
    line: Line
    now: datetime  # the server's clock when the line started


@pytest.fixture
async def after_hours(
    skipping_env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> AsyncIterator[AfterHours]:
    """A line whose complex queue is closed until tomorrow by the server's clock, and that clock's now."""
    now = await skipping_env.get_current_time()
    async with _line(skipping_env, tmp_path, desk, {"hours": _closed_until_tomorrow(now)}) as line:
        yield AfterHours(line, now)


def _callback(line: Line, call_id: str) -> WorkflowHandle[CallbackWorkflow, CallbackState]:
    return line.client.get_workflow_handle_for(CallbackWorkflow.run, callback_workflow_id(call_id))


def _callback_offers(desk: FakeHelpdesk, call_id: str) -> list[str]:
    return [
        d.context_id
        for d in desk.deliveries()
        if d.call_id == call_id and d.event == "publish" and d.payload and d.payload.get("callback")
    ]


async def test_after_hours_the_caller_is_asked_and_the_callback_rings_at_opening(
    skipping_env: WorkflowEnvironment, desk: FakeHelpdesk, after_hours: AfterHours
) -> None:
    line, now = after_hours
    call_id = await line.start(number="+447700900123")
    offered = await line.turn(call_id, "can I speak to a real person please")
    assert offered.action == "reply" and "tomorrow at 00:00" in offered.say
    state = await line.handle(call_id).query(CallWorkflow.state)
    assert state.status == Status.AI and state.callback_offer is not None
    assert state.callback_offer.reason == "after_hours"
    assert desk.deliveries() == []  # nobody is rung while the queue is closed

    booked = await line.turn(call_id, "yes please")
    assert booked.action == "end" and "tomorrow at 00:00" in booked.say
    state = await line.handle(call_id).query(CallWorkflow.state)
    assert state.status == Status.WRAP_UP and state.outcome == Outcome.CALLBACK
    assert state.escalation and state.escalation.callback_choice == "accepted"
    due = state.escalation.callback_due_at
    assert due is not None and due > now and due.hour == 0 and due.minute == 0

    cb = _callback(line, call_id)
    assert (await cb.query(CallbackWorkflow.state)).status == "scheduled"
    await line.handle(call_id).signal(CallWorkflow.hangup, Hangup())
    await skipping_env.sleep(61)  # wrap-up passes without CSAT
    final_call = await line.handle(call_id).result()  # the call ends; its callback lives on (ABANDON)
    assert final_call.outcome == Outcome.CALLBACK

    await skipping_env.sleep((due - now).total_seconds() + 60)
    assert await desk.wait_until_async(lambda: len(_callback_offers(desk, call_id)) == 1)
    offer = desk.acked()[_callback_offers(desk, call_id)[0]].payload
    assert offer is not None
    assert offer["callback"]["number"] == "+447700900123" and offer["callback"]["attempt"] == 1
    assert offer["escalation"]["reason"] == "customer_request" and offer["transcript"]  # the context travels
    st = await cb.query(CallbackWorkflow.state)
    assert st.status == "offered" and st.attempts[0].offered_at and st.attempts[0].offered_at >= due

    # Nobody answered: the second attempt comes `retry_after_s` later (the queue is open all day).
    await cb.signal(CallbackWorkflow.agent_event, CallbackAgentEvent(agent_id="ann"))
    await cb.execute_update(CallbackWorkflow.report, CallbackReport(agent_id="ann", outcome="no_answer"))
    await skipping_env.sleep(RETRY_S + 60)
    assert await desk.wait_until_async(lambda: len(_callback_offers(desk, call_id)) == 2)
    st = await cb.query(CallbackWorkflow.state)
    assert [a.n for a in st.attempts] == [1, 2] and st.attempts[1].context_id.endswith("-cb2")

    await cb.execute_update(
        CallbackWorkflow.report,
        CallbackReport(agent_id="bob", outcome="reached", codes=["none"], repeat_explanation=False),
    )
    final = await cb.result()
    assert final.outcome == "reached" and final.agent_id == "bob" and final.status == "done"
    assert final.attempts[0].agent_id == "ann" and final.attempts[0].outcome == "no_answer"
    stored = await list_callbacks(await get_engine(line.settings.db_url))
    assert [(s.call_id, s.outcome, len(s.attempts)) for s in stored] == [(call_id, "reached", 2)]


async def test_a_declined_callback_ends_the_call_as_no_agent(after_hours: AfterHours) -> None:
    line = after_hours.line
    call_id = await line.start()
    await line.turn(call_id, "I want to talk to an agent")
    unclear = await line.turn(call_id, "hmm what")
    assert unclear.action == "reply" and "Yes or no" in unclear.say  # asked once more
    declined = await line.turn(call_id, "no thanks")
    assert declined.action == "end" and "call again" in declined.say
    state = await line.handle(call_id).query(CallWorkflow.state)
    assert state.outcome == Outcome.NO_AGENT and state.escalation
    assert state.escalation.callback_choice == "declined" and state.callback_offer is None
    with pytest.raises(RPCError) as err:
        await _callback(line, call_id).describe()
    assert err.value.status == RPCStatusCode.NOT_FOUND


async def test_a_caller_who_hangs_up_on_the_offer_is_recorded_as_no_answer(
    skipping_env: WorkflowEnvironment, after_hours: AfterHours
) -> None:
    line = after_hours.line
    call_id = await line.start()
    await line.turn(call_id, "agent please")
    await line.handle(call_id).signal(CallWorkflow.hangup, Hangup())
    await skipping_env.sleep(61)
    final = await line.handle(call_id).result()
    assert final.outcome == Outcome.NO_AGENT and final.escalation
    assert final.escalation.callback_choice == "no_answer"


async def test_a_hold_past_max_wait_is_offered_a_callback_and_the_live_offer_withdrawn(
    skipping_env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> None:
    async with _line(skipping_env, tmp_path, desk, {"max_wait_s": 120}) as line:
        call_id = await line.start(number="+15550100")
        r = await line.turn(call_id, "agent please")
        assert r.action == "transfer" and r.transfer and r.transfer.context_delivered
        live = r.transfer.context_id
        await skipping_env.sleep(125)
        state = await line.handle(call_id).query(CallWorkflow.state)
        assert state.status == Status.TRANSFERRING and state.callback_offer
        assert state.callback_offer.reason == "long_wait"

        answer = await line.handle(call_id).execute_update(CallWorkflow.callback_choice, CallbackChoice(accept=True))
        assert answer.action == "end" and "call you back" in answer.say
        await desk.wait_for_withdrawal(live)
        assert await desk.wait_until_async(lambda: len(_callback_offers(desk, call_id)) == 1)  # due at once
        state = await line.handle(call_id).query(CallWorkflow.state)
        assert state.outcome == Outcome.CALLBACK and state.escalation
        assert state.escalation.queue_wait_s is not None and state.escalation.queue_wait_s >= 120


async def test_declining_on_hold_keeps_the_caller_waiting_and_the_wait_is_measured(
    skipping_env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> None:
    async with _line(skipping_env, tmp_path, desk, {"max_wait_s": 60}) as line:
        call_id = await line.start()
        await line.turn(call_id, "agent please")
        h = line.handle(call_id)
        with pytest.raises(WorkflowUpdateFailedError):  # nothing is offered yet: the update's validator refuses
            await h.execute_update(CallWorkflow.callback_choice, CallbackChoice(accept=True))
        await skipping_env.sleep(65)
        answer = await h.execute_update(CallWorkflow.callback_choice, CallbackChoice(accept=False))
        assert answer.action == "hold"
        await skipping_env.sleep(30)
        assert (await h.query(CallWorkflow.state)).callback_offer is None
        await skipping_env.sleep(35)  # another max_wait_s on hold: asked again
        assert (await h.query(CallWorkflow.state)).callback_offer is not None
        await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_connected", agent_id="ann"))
        state = await h.query(CallWorkflow.state)
        assert state.status == Status.WITH_AGENT and state.escalation and state.callback_offer is None
        assert state.escalation.callback_choice == "declined"
        assert state.escalation.queue_wait_s is not None and 130 <= state.escalation.queue_wait_s < 160


async def test_an_unreported_attempt_expires_and_exhausted_attempts_end_unreachable(
    skipping_env: WorkflowEnvironment, desk: FakeHelpdesk, after_hours: AfterHours
) -> None:
    line, now = after_hours
    call_id = await line.start()
    await line.turn(call_id, "agent please")
    await line.turn(call_id, "yes")
    cb = _callback(line, call_id)
    due = (await cb.query(CallbackWorkflow.state)).due_at
    # The first attempt at opening has 1 h to be reported; nobody does, so the second comes 30 min later.
    await skipping_env.sleep((due - now).total_seconds() + 60)
    assert await desk.wait_until_async(lambda: len(_callback_offers(desk, call_id)) == 1)
    await skipping_env.sleep(3600 + RETRY_S + 60)
    assert await desk.wait_until_async(lambda: len(_callback_offers(desk, call_id)) == 2)
    await cb.execute_update(CallbackWorkflow.report, CallbackReport(agent_id="ann", outcome="voicemail"))
    final = await cb.result()
    assert final.outcome == "unreachable" and [a.outcome for a in final.attempts] == ["expired", "voicemail"]
    assert len(desk.withdrawals(final.attempts[0].context_id)) == 1  # an expired offer stops ringing


async def test_helpdesk_silence_with_callback_policy_books_a_callback_workflow(
    skipping_env: WorkflowEnvironment, tmp_path: Path, desk: FakeHelpdesk
) -> None:
    async with _line(
        skipping_env, tmp_path, desk, {}, handoff={"ack_timeout_s": 2, "on_ack_timeout": "callback"}
    ) as line:
        call_id = await line.start()
        desk.on_call(call_id, Behaviour.down())
        r = await line.turn(call_id, "agent please")
        assert r.action == "end"
        st = await _callback(line, call_id).query(CallbackWorkflow.state)
        assert st.reason == "helpdesk_unavailable"
