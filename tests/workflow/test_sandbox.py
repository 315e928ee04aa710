"""The worker's sandbox (runtime/sandbox.py) is the SDK's, only cheaper: it still refuses what a workflow may not do.

`worker.workflow_runner` runs the SDK's per-payload lookups outside the sandbox's hooks; the workflow's own
code must stay as sandboxed as before, and payloads must still reach activities and come back. Every
recorded history also replays through it (test_replay.py).
"""

from __future__ import annotations

import asyncio
import uuid

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from runtime.codec import ENCODING, data_converter, new_key
from tests.workflow.sandbox_probe import ReadsTheClock, Shouts, shout
from worker import workflow_runner


def _worker(client: Client, queue: str) -> Worker:
    return Worker(
        client,
        task_queue=queue,
        workflows=[ReadsTheClock, Shouts],
        activities=[shout],
        workflow_runner=workflow_runner(),
    )


async def test_a_workflow_reading_the_wall_clock_is_refused(temporal_env: WorkflowEnvironment) -> None:
    queue = f"tq-{uuid.uuid4().hex}"
    async with _worker(temporal_env.client, queue):
        handle = await temporal_env.client.start_workflow(
            ReadsTheClock.run, id=f"clock-{uuid.uuid4().hex}", task_queue=queue
        )
        failure = ""
        for _ in range(100):
            async for e in handle.fetch_history_events():
                if e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
                    failure = e.workflow_task_failed_event_attributes.failure.message
            if failure:
                break
            await asyncio.sleep(0.1)
        await handle.terminate()
    assert "Cannot access datetime.datetime.now" in failure, failure


async def test_payloads_reach_activities_and_come_back_encrypted(temporal_env: WorkflowEnvironment) -> None:
    config = temporal_env.client.config()
    config["data_converter"] = data_converter(new_key())  # every payload through the codec, as on a keyed line
    client = Client(**config)
    queue = f"tq-{uuid.uuid4().hex}"
    wid = f"shout-{uuid.uuid4().hex}"
    async with _worker(client, queue):
        said = await client.execute_workflow(Shouts.run, "hello", id=wid, task_queue=queue)
    assert said == "HELLO!"
    history = await temporal_env.client.get_workflow_handle(wid).fetch_history()  # as the server holds it
    [scheduled] = [e for e in history.events if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED]
    [payload] = scheduled.activity_task_scheduled_event_attributes.input.payloads
    assert payload.metadata["encoding"] == ENCODING
    assert b"hello" not in payload.data
