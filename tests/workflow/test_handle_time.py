"""Handle time = talk + hold + after-call work, each measured by the call workflow from its own events.

On a time-skipping server, so the seconds between events are exact: the parts recorded are
the gaps the test leaves, whichever way the agent's leg ends (the caller hanging up, or
the agent completing) and whether or not a wrap-up ever comes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from store.engine import get_engine
from store.queries import get_call
from tests.fakes.helpdesk import FakeHelpdesk
from tests.line import Line, policy_file, running_line
from warmline.models import AgentEvent, Csat, Disposition, DispositionCode, Hangup
from warmline.records import CallRecord
from workflows.call import CallWorkflow

AGENT = "ag-ht"
CODED = Disposition(agent_id=AGENT, codes=[DispositionCode.NONE], repeat_explanation=False)


@pytest.fixture
async def line(skipping_env: WorkflowEnvironment, tmp_path: Path) -> AsyncIterator[Line]:
    with FakeHelpdesk() as desk:
        path = policy_file(tmp_path, wrap_up={"wait_s": 600})
        async with running_line(skipping_env.client, tmp_path, desk, policy=path) as ln:
            yield ln


async def _with_agent(line: Line, env: WorkflowEnvironment, waited_s: float) -> str:
    call_id = await line.start()
    r = await line.turn(call_id, "representative please")
    assert r.transfer is not None
    await env.sleep(waited_s)
    await line.handle(call_id).signal(CallWorkflow.agent_event, AgentEvent(type="agent_connected", agent_id=AGENT))
    return call_id


async def _record(line: Line, call_id: str) -> CallRecord:
    await line.handle(call_id).result()
    rec = await get_call(await get_engine(line.settings.db_url), call_id)
    assert rec is not None
    return rec


def _parts(rec: CallRecord) -> tuple[float | None, ...]:
    return tuple(None if v is None else round(v) for v in (rec.talk_s, rec.hold_s, rec.acw_s, rec.handle_time_s))


async def test_a_caller_held_then_hanging_up_is_talk_plus_hold_plus_the_wrap_up_after(
    line: Line, skipping_env: WorkflowEnvironment
) -> None:
    env = skipping_env
    call_id = await _with_agent(line, env, waited_s=12)
    h = line.handle(call_id)
    await env.sleep(60)
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="hold_started", agent_id=AGENT))
    await env.sleep(30)
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="hold_ended", agent_id=AGENT))
    await env.sleep(20)
    await h.signal(CallWorkflow.hangup, Hangup())  # the caller's end of the line: talk stops here
    await env.sleep(45)
    await h.signal(CallWorkflow.disposition, CODED)  # the agent's wrap-up: after-call work stops here
    await h.signal(CallWorkflow.csat, Csat(score=4))
    rec = await _record(line, call_id)
    assert _parts(rec) == (80, 30, 45, 155)
    assert rec.queue_wait_s is not None and round(rec.queue_wait_s) == 12


async def test_an_agent_who_codes_the_call_before_completing_it_has_no_after_call_work(
    line: Line, skipping_env: WorkflowEnvironment
) -> None:
    env = skipping_env
    call_id = await _with_agent(line, env, waited_s=1)
    h = line.handle(call_id)
    await env.sleep(90)
    await h.signal(CallWorkflow.disposition, CODED)
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_completed", agent_id=AGENT))
    await h.signal(CallWorkflow.csat, Csat(score=5))
    assert _parts(await _record(line, call_id)) == (90, 0, 0, 90)


async def test_a_hang_up_on_hold_ends_the_hold_and_no_wrap_up_leaves_after_call_work_unknown(
    line: Line, skipping_env: WorkflowEnvironment
) -> None:
    env = skipping_env
    call_id = await _with_agent(line, env, waited_s=1)
    h = line.handle(call_id)
    await env.sleep(40)
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="hold_started", agent_id=AGENT))
    await env.sleep(25)
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_completed", agent_id=AGENT))
    await h.signal(CallWorkflow.csat, Csat(score=2))  # no disposition: the wrap-up wait runs out
    await env.sleep(601)
    assert _parts(await _record(line, call_id)) == (40, 25, None, 65)
