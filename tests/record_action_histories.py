"""Record the histories of calls with actions, verification and audio: `python -m tests.record_action_histories`.

Kept apart from tests/record_histories.py so the two can be re-recorded separately. Writes
tests/histories/action_verified.json (an audio turn, identity questions, a verified
balance lookup, a handover) and action_failed.json (a lookup failing until
failed_resolution), which test_replay.py replays like every recorded history.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from pathlib import Path

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from store.audio import AudioStore
from tests.actions.policy import actions_policy
from tests.conftest import binary
from tests.fakes.asr import FakeAsr, audio
from tests.fakes.company import FakeCompany
from tests.fakes.helpdesk import FakeHelpdesk
from tests.line import Line, running_line
from warmline import search_attributes as sa
from warmline.asr import AudioRef, AudioTurnRequest
from warmline.models import AgentEvent, Csat, Disposition, DispositionCode
from workflows.call import CallWorkflow

OUT = Path(__file__).parent / "histories"


async def _finish_with_agent(line: Line, call_id: str) -> None:
    h = line.handle(call_id)
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_connected", agent_id="ag1"))
    await h.signal(CallWorkflow.agent_event, AgentEvent(type="agent_completed", agent_id="ag1"))
    await h.signal(
        CallWorkflow.disposition, Disposition(agent_id="ag1", codes=[DispositionCode.NONE], repeat_explanation=False)
    )
    await h.signal(CallWorkflow.csat, Csat(score=4))
    await h.result()


async def verified(line: Line) -> str:
    call_id = await line.start("action-verified-call", number="+447700900123")
    key = AudioStore(line.settings.audio_path).put(audio("good", "what's my balance"), "wav", scope=call_id)
    update = AudioTurnRequest(audio=AudioRef(key=key))
    await line.handle(call_id).execute_update(CallWorkflow.audio_turn, update, id=uuid.uuid4().hex)
    for text in ["it's 12345678", "SW1A 1AA", "thanks, can I talk to a person now"]:
        await line.turn(call_id, text)
    await _finish_with_agent(line, call_id)
    return call_id


async def failed(line: Line) -> str:
    call_id = await line.start("action-failed-call", authenticated=True, auth_method="ani_match", account_id="AC-500")
    for text in ["what's my balance", "can you check my balance please"]:
        await line.turn(call_id, text)
    await _finish_with_agent(line, call_id)
    return call_id


async def main() -> None:
    os.environ["WARMLINE_TEST_COMPANY_KEY"] = "k-123"
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=binary("temporal"), data_converter=pydantic_data_converter, search_attributes=sa.ALL
    )
    company, asr = FakeCompany().start(), FakeAsr().start()
    try:
        with tempfile.TemporaryDirectory() as tmp, FakeHelpdesk() as desk:
            policy = actions_policy(Path(tmp))
            async with running_line(
                env.client, Path(tmp), desk, policy=policy, actions_base_url=company.url, asr_url=asr.url
            ) as line:
                for name, call_id in (("action_verified", await verified(line)), ("action_failed", await failed(line))):
                    history = await line.client.get_workflow_handle(call_id).fetch_history()
                    (OUT / f"{name}.json").write_text(history.to_json())
                    print(f"recorded {name}: {len(history.events)} events")
    finally:
        company.stop()
        asr.stop()
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
