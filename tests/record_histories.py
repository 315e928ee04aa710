"""Record workflow histories for the replay tests: `python -m tests.record_histories`.

Runs representative calls on a throw-away dev server and writes each finished
call's history to tests/histories/<name>.json. Re-record only when a change is
meant to be incompatible *and* is guarded by `workflow.patched`; old files stay
so the old code path keeps being replayed.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from tests.conftest import binary
from tests.fakes.helpdesk import Behaviour, FakeHelpdesk
from tests.line import Line, running_line
from warmline import search_attributes as sa
from warmline.models import AgentEvent, Csat, Disposition, DispositionCode, Hangup
from workflows.call import CallWorkflow

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


async def main() -> None:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=binary("temporal"), data_converter=pydantic_data_converter, search_attributes=sa.ALL
    )
    try:
        with tempfile.TemporaryDirectory() as tmp, FakeHelpdesk() as desk:
            async with running_line(env.client, Path(tmp), desk) as line:
                desk.choose = lambda call_id: Behaviour.flaky(1) if call_id.startswith("flaky") else None
                calls = {
                    "contained": await _contained(
                        line, "contained", ["what are your opening hours", "lovely, thanks a lot"]
                    ),
                    "customer_request": await _escalated(
                        line, "request", ["can I pay by card?", "let me talk to a human"]
                    ),
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
                    history = await line.handle(call_id).fetch_history()
                    (OUT / f"{name}.json").write_text(history.to_json())
                    print(f"recorded {name}: {len(history.events)} events")
    finally:
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
