"""Timers on a time-skipping test server: wrap-up waits and the call's maximum length pass in moments."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.fakes.helpdesk import FakeHelpdesk
from tests.line import Line, policy_file, running_line
from warmline.models import AgentEvent, Hangup, Outcome, Status
from workflows.call import CallWorkflow


@pytest.fixture
async def skipping_line(skipping_env: WorkflowEnvironment, tmp_path: Path) -> AsyncIterator[Line]:
    with FakeHelpdesk() as desk:
        policy = policy_file(tmp_path, wrap_up={"wait_s": 300}, limits={"max_call_s": 3600})
        async with running_line(skipping_env.client, tmp_path, desk, policy=policy) as line:
            yield line


async def test_wrap_up_ends_after_the_wait_without_csat(skipping_env: WorkflowEnvironment, skipping_line: Line) -> None:
    call_id = await skipping_line.start()
    await skipping_line.turn(call_id, "what payment methods do you take")
    h = skipping_line.handle(call_id)
    await h.signal(CallWorkflow.hangup, Hangup())
    await skipping_env.sleep(310)  # 300 s of wrap-up pass on the skipping clock
    final = await h.result()
    assert final.status == Status.ENDED and final.csat is None and final.outcome == Outcome.CONTAINED
    assert final.ended_at and final.hangup_at and (final.ended_at - final.hangup_at).total_seconds() >= 300


async def test_escalated_call_without_disposition_ends_after_the_wait(
    skipping_env: WorkflowEnvironment, skipping_line: Line
) -> None:
    call_id = await skipping_line.start()
    r = await skipping_line.turn(call_id, "agent please")
    assert r.transfer
    h = skipping_line.handle(call_id)
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_connected", agent_id="a1"))
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_completed", agent_id="a1"))
    await skipping_env.sleep(310)
    final = await h.result()
    assert final.outcome == Outcome.ESCALATED and final.disposition is None


async def test_a_call_nobody_hangs_up_is_closed_at_its_maximum_length(
    skipping_env: WorkflowEnvironment, skipping_line: Line
) -> None:
    call_id = await skipping_line.start()
    await skipping_line.turn(call_id, "what are your opening hours")
    await skipping_env.sleep(3600 + 310)  # the gateway vanished: max call length, then wrap-up
    final = await skipping_line.handle(call_id).result()
    assert final.status == Status.ENDED and final.hangup_source == "max_call_duration"
