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


async def _play(line: Line, env: WorkflowEnvironment, call_id: str, steps: list[tuple[float, str]]) -> None:
    """Each step waits its seconds on the server's clock, then sends its message; csat always closes the call."""
    h = line.handle(call_id)
    for wait, what in steps:
        await env.sleep(wait)
        if what == "hangup":
            await h.signal(CallWorkflow.hangup, Hangup())  # the caller's end of the line: talk stops here
        elif what == "coded":
            await h.signal(CallWorkflow.disposition, CODED)  # the agent's wrap-up: after-call work stops here
        else:
            await h.signal(CallWorkflow.agent_event, AgentEvent.model_validate({"type": what, "agent_id": AGENT}))
    await h.signal(CallWorkflow.csat, Csat(score=4))


@pytest.mark.parametrize(
    ("steps", "parts"),
    [
        pytest.param(
            [(60, "hold_started"), (30, "hold_ended"), (20, "hangup"), (45, "coded")],
            (80, 30, 45, 155),
            id="held-then-hung-up-and-wrapped-up-after",
        ),
        pytest.param([(90, "coded"), (0, "agent_completed")], (90, 0, 0, 90), id="coded-on-the-call-no-acw"),
        pytest.param(
            [(40, "hold_started"), (25, "agent_completed")],
            (40, 25, None, 65),
            id="completed-on-hold-never-wrapped-up",
        ),
    ],
)
async def test_handle_time_is_talk_plus_hold_plus_after_call_work_from_the_calls_own_events(
    line: Line, skipping_env: WorkflowEnvironment, steps: list[tuple[float, str]], parts: tuple[float | None, ...]
) -> None:
    call_id = await _with_agent(line, skipping_env, waited_s=12)
    await _play(line, skipping_env, call_id, steps)
    await skipping_env.sleep(601)  # past the wrap-up wait, for the call that never gets a disposition
    rec = await _record(line, call_id)
    assert _parts(rec) == parts
    assert rec.queue_wait_s is not None and round(rec.queue_wait_s) == 12  # transfer to agent connected
