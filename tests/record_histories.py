"""Record workflow histories for the replay tests: `python -m tests.record_histories`.

Runs representative calls on a throw-away dev server and writes each finished
call's history to tests/histories/<name>.json (`python -m tests.record_histories callbacks`
records only the callback group, leaving the older files as they are). Re-record only when a change is
meant to be incompatible *and* is guarded by `workflow.patched`; old files stay
so the old code path keeps being replayed.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from tests.conftest import binary
from tests.fakes.helpdesk import Behaviour, FakeHelpdesk
from tests.line import Line, policy_file, running_line
from warmline import search_attributes as sa
from warmline.callbacks import CallbackCancel, CallbackState, callback_workflow_id
from warmline.hours import DAYS
from warmline.models import AgentEvent, Csat, Disposition, DispositionCode, Hangup
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow

OUT = Path(__file__).parent / "histories"


async def _escalated(line: Line, name: str, said: list[str]) -> str:
    call_id = await line.start(f"{name}-call", number="+15550100", authenticated=True, auth_method="ani_match")
    for text in said:
        await line.turn(call_id, text)
    h = line.handle(call_id)
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_connected", agent_id="ag1"))
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_completed", agent_id="ag1"))
    await h.signal(
        CallWorkflow.disposition, Disposition(agent_id="ag1", codes=[DispositionCode.NONE], repeat_explanation=False)
    )
    await h.signal(CallWorkflow.csat, Csat(score=4))
    await h.result()
    return call_id


async def _contained(line: Line, name: str, said: list[str]) -> str:
    call_id = await line.start(f"{name}-call")
    for text in said:
        await line.turn(call_id, text)
    h = line.handle(call_id)
    await h.signal(CallWorkflow.hangup, Hangup())
    await h.signal(CallWorkflow.csat, Csat(score=5))
    await h.result()
    return call_id


def closed_today_policy(tmp: Path) -> Path:
    """The contract policy with its fallback queue closed today (UTC) and open all day tomorrow."""
    tomorrow = DAYS[(datetime.now(UTC).weekday() + 1) % 7]
    hours = {"timezone": "UTC", "open": {tomorrow: "00:00-24:00"}}
    queues = [{"name": "transactional"}, {"name": "technical"}, {"name": "complex", "hours": hours}]
    return policy_file(tmp, queues=queues)


async def callback_after_hours(line: Line, name: str) -> tuple[str, str]:
    """A caller asks for a person while the queue is closed, accepts the callback; an operator cancels it."""
    call_id = await line.start(f"{name}-call", number="+15550100")
    await line.turn(call_id, "can I talk to a person please")
    await line.turn(call_id, "yes please")
    h = line.handle(call_id)
    await h.signal(CallWorkflow.hangup, Hangup())
    await h.signal(CallWorkflow.csat, Csat(score=4))
    await h.result()
    cb = line.client.get_workflow_handle(callback_workflow_id(call_id), result_type=CallbackState)
    await cb.signal(CallbackWorkflow.cancel, CallbackCancel(reason="recorded for the replay tests"))
    await cb.result()
    return call_id, cb.id


async def main(only: set[str]) -> None:
    """Record every history, or only the groups named (`calls`, `callbacks`): existing files are overwritten."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=binary("temporal"), data_converter=pydantic_data_converter, search_attributes=sa.ALL
    )
    try:
        with tempfile.TemporaryDirectory() as tmp, FakeHelpdesk() as desk:
            if not only or "calls" in only:
                await record_calls(env, Path(tmp), desk)
            if not only or "callbacks" in only:
                async with running_line(env.client, Path(tmp), desk, policy=closed_today_policy(Path(tmp))) as line:
                    call_id, callback_id = await callback_after_hours(line, "after-hours")
                    for name, wf_id in (("callback_after_hours", call_id), ("callback_workflow", callback_id)):
                        await save(line, name, wf_id)
    finally:
        await env.shutdown()


async def save(line: Line, name: str, workflow_id: str) -> None:
    history = await line.client.get_workflow_handle(workflow_id).fetch_history()
    (OUT / f"{name}.json").write_text(history.to_json())
    print(f"recorded {name}: {len(history.events)} events")


async def record_calls(env: WorkflowEnvironment, tmp: Path, desk: FakeHelpdesk) -> None:
    async with running_line(env.client, tmp, desk) as line:
        desk.choose = lambda call_id: Behaviour.flaky(1) if call_id.startswith("flaky") else None
        calls = {
            "contained": await _contained(line, "contained", ["what are your opening hours", "lovely, thanks a lot"]),
            "customer_request": await _escalated(line, "request", ["can I pay by card?", "let me talk to a human"]),
            "failed_resolution": await _escalated(
                line,
                "failed",
                ["my wifi keeps cutting out", "I did that and it still doesn't work", "no, still the same"],
            ),
            "sentiment": await _escalated(
                line,
                "sentiment",
                [
                    "this is ridiculous, I've been cut off three times today, is there an outage?",
                    "you are useless, I am absolutely furious with this terrible service",
                    "yes, please do",
                ],
            ),
            "flaky_helpdesk": await _escalated(line, "flaky", ["I want to cancel my contract"]),
        }
        for name, call_id in calls.items():
            await save(line, name, call_id)


if __name__ == "__main__":
    asyncio.run(main(set(sys.argv[1:])))
