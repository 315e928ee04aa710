"""Ack before transfer: slow, flaky and absent helpdesks; the callback rule; idempotency."""

from __future__ import annotations

import time
import uuid
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import WorkflowAlreadyStartedError

from tests.fakes.helpdesk import Behaviour, FakeHelpdesk
from tests.line import Line, MakeLine, policy_file
from warmline.models import Csat, Hangup, Outcome, Status
from workflows.call import CallWorkflow


async def test_slow_helpdesk_transfer_waits_for_the_ack(line: Line) -> None:
    assert line.helpdesk is not None
    line.helpdesk.default = Behaviour.slow(0.7)
    call_id = await line.start()
    t0 = time.time()
    r = await line.turn(call_id, "agent please")
    elapsed = time.time() - t0
    assert r.transfer and r.transfer.context_delivered
    ack = line.helpdesk.acked()[r.transfer.context_id]
    assert elapsed >= 0.7 and ack.answered_at is not None and ack.answered_at <= time.time()


async def test_flaky_helpdesk_is_retried_until_it_acks(line: Line) -> None:
    assert line.helpdesk is not None
    line.helpdesk.default = Behaviour.flaky(2)
    call_id = await line.start()
    r = await line.turn(call_id, "I want to cancel my contract")
    assert r.transfer and r.transfer.reason.value == "out_of_scope" and r.transfer.context_delivered
    attempts = line.helpdesk.attempts(r.transfer.context_id)
    assert [a.status for a in attempts] == [503, 503, 200]
    assert {a.idempotency_key for a in attempts} == {r.transfer.context_id}
    assert r.transfer.helpdesk_ticket


@pytest.fixture
def helpdesk_down_line(make_line: MakeLine, tmp_path: Path, fake_helpdesk: FakeHelpdesk) -> MakeLine:
    """`helpdesk_down_line(**handoff)`: a line whose helpdesk is down from the start (`fake_helpdesk.up()` brings
    it back), on the contract policy with these `handoff` settings."""

    def make(**handoff: Any) -> AbstractAsyncContextManager[Line]:
        fake_helpdesk.default = Behaviour.down()
        return make_line(policy=policy_file(tmp_path, handoff=handoff))

    return make


async def test_helpdesk_down_transfers_without_context_and_keeps_delivering(
    helpdesk_down_line: MakeLine, fake_helpdesk: FakeHelpdesk
) -> None:
    async with helpdesk_down_line(ack_timeout_s=1.0, on_ack_timeout="transfer") as line:
        call_id = await line.start()
        t0 = time.time()
        r = await line.turn(call_id, "let me talk to a human")
        assert r.action == "transfer" and r.transfer and r.transfer.context_delivered is False
        assert time.time() - t0 < 3
        fake_helpdesk.up()
        ack = await fake_helpdesk.wait_for_ack(r.transfer.context_id, timeout=20)
        assert ack.sig_ok
        for _ in range(100):  # the workflow records the late delivery
            esc = (await line.state(call_id)).escalation
            if esc and esc.context_delivered:
                break
            await fake_helpdesk.wait_until_async(lambda: False, timeout=0.1)
        assert esc and esc.context_delivered and esc.delivered_before_transfer is False and esc.ack_latency_s


async def test_ack_timeout_with_callback_rule_ends_the_call_with_a_callback(
    helpdesk_down_line: MakeLine, fake_helpdesk: FakeHelpdesk
) -> None:
    async with helpdesk_down_line(ack_timeout_s=0.5, on_ack_timeout="callback") as line:
        call_id = await line.start()
        r = await line.turn(call_id, "can I talk to somebody please")
        assert r.action == "end" and r.transfer is None and "callback" in r.say
        st = await line.state(call_id)
        assert st.outcome == Outcome.CALLBACK and st.escalation and st.escalation.callback
        fake_helpdesk.up()
        await fake_helpdesk.wait_for_ack(st.escalation.context_id, timeout=20)  # never dropped
        await line.handle(call_id).signal(CallWorkflow.csat, Csat(score=4))


async def test_repeated_start_is_the_same_call(line: Line) -> None:
    call_id = await line.start()
    with pytest.raises(WorkflowAlreadyStartedError):
        await line.start(call_id)


async def test_retried_turn_id_is_applied_once(line: Line) -> None:
    call_id = await line.start()
    tid = uuid.uuid4().hex
    a = await line.turn(call_id, "what are your opening hours", turn_id=tid)
    b = await line.turn(call_id, "what are your opening hours", turn_id=tid)
    assert a == b and a.turn == 1
    st = await line.state(call_id)
    assert sum(1 for u in st.transcript if u.speaker == "caller") == 1


async def test_turn_after_hangup_is_refused(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "how can I pay my bill")
    await line.handle(call_id).signal(CallWorkflow.hangup, Hangup())
    with pytest.raises(WorkflowUpdateFailedError) as e:
        await line.turn(call_id, "hello again")
    assert "WrongPhase" in repr(e.value.cause) or getattr(e.value.cause, "type", "") == "WrongPhase"
    assert (await line.state(call_id)).status == Status.WRAP_UP
