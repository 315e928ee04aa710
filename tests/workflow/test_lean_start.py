"""A call's start as it ships: the policy recorded by digest, the search attributes set on the start request.

What a start writes to history is per call and counts in a spike (bench/README.md): the whole policy
snapshot (~12 KB) and a search-attribute upsert used to be in every call's first task.
"""

from __future__ import annotations

import asyncio
import uuid

from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from tests.line import Line
from warmline import policy_snapshots as registry
from warmline import search_attributes as sa
from warmline.models import Caller, CallStart, Status
from warmline.policy_file import load_policy
from workflows.call import CallWorkflow

MARKER = EventType.EVENT_TYPE_MARKER_RECORDED
UPSERT = EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
TIMER = EventType.EVENT_TYPE_TIMER_STARTED  # the call's length limit: the first task's last command


async def _first_task(line: Line, call_id: str) -> list[HistoryEvent]:
    """The call's events up to its first task's last command (waited for: the start answers before it runs)."""
    for _ in range(200):
        events = list((await line.handle(call_id).fetch_history()).events)
        timers = [i for i, e in enumerate(events) if e.event_type == TIMER]
        if timers:
            return events[: timers[0] + 1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"{call_id}: the first task never finished")


def _policy_marker(events: list[HistoryEvent]) -> HistoryEvent:
    [marker] = [
        e
        for e in events
        if e.event_type == MARKER
        and b"load_call_policy" in e.marker_recorded_event_attributes.details["data"].SerializeToString()
    ]
    return marker


async def test_a_call_started_as_the_api_starts_it_records_its_policy_by_digest(line: Line) -> None:
    call_id = await line.start(number="+15550100", authenticated=True)
    events = await _first_task(line, call_id)
    assert _policy_marker(events).ByteSize() < 1024  # the policy's digest, not its ~12 KB snapshot
    assert UPSERT not in [e.event_type for e in events]  # the start request set what operators filter on
    assert sum(e.ByteSize() for e in events) < 2048
    attrs = (await line.handle(call_id).describe()).typed_search_attributes
    assert attrs.get(sa.STATUS) == "ai" and attrs.get(sa.AUTHENTICATED) is True

    reply = await line.turn(call_id, "how do I set up a direct debit")
    assert reply.action == "reply"
    state = await line.state(call_id)
    assert state.policy_version == load_policy(line.settings.policy).version and state.status == Status.AI
    attrs = (await line.handle(call_id).describe()).typed_search_attributes
    assert attrs.get(sa.INTENT) == state.intent.name if state.intent else False  # upserted by the turn, as before


async def test_a_call_started_without_attributes_gets_them_from_its_first_task(line: Line) -> None:
    call_id = f"call-{uuid.uuid4().hex[:10]}"
    start = CallStart(call_id=call_id, caller=Caller(number="+15550101"))
    await line.client.start_workflow(CallWorkflow.run, start, id=call_id, task_queue=line.settings.task_queue)
    events = await _first_task(line, call_id)
    assert UPSERT in [e.event_type for e in events]
    assert _policy_marker(events).ByteSize() < 1024
    attrs = (await line.handle(call_id).describe()).typed_search_attributes
    assert attrs.get(sa.STATUS) == "ai" and attrs.get(sa.AUTHENTICATED) is False


async def test_a_worker_without_the_calls_snapshot_cannot_replay_it_and_says_which(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "how do I set up a direct debit")
    await line.hang_up(call_id, csat=4)
    history = await line.handle(call_id).fetch_history()
    replayer = Replayer(workflows=[CallWorkflow], data_converter=pydantic_data_converter)
    assert (await replayer.replay_workflow(history, raise_on_replay_failure=False)).replay_failure is None

    ref = registry.register(load_policy(line.settings.policy).without_examples())
    snapshot = registry._SNAPSHOTS.pop(ref.digest)  # as a process that never registered it
    try:
        failed = (await replayer.replay_workflow(history, raise_on_replay_failure=False)).replay_failure
    finally:
        registry.add(snapshot, ref.digest)
    assert failed is not None and ref.digest[:16] in str(failed) and "not registered" in str(failed)
