"""A deploy that changes a decision does not break the calls in flight: a turn's plan replays from history.

`plan_turn` is swapped for one that decides differently (every turn ends the call) after the call
was recorded, as a new build would be deployed under live calls. Replayed, the call must read its
recorded plans (no nondeterminism error, the swapped planner never asked); a worker restarted on the
new build must carry the call on from them, and plan only its new turns with the new code.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from tests.line import Line, MakeLine
from warmline.asr import NOTHING_HEARD
from warmline.turn_models import TurnPlan
from warmline.turn_plan import plan_turn
from worker import workflow_runner
from workflows.call import CallWorkflow

HISTORIES = Path(__file__).parent.parent / "histories"
# Where the workflow and the activity find `plan_turn` (and where the workflow found it before the plan was recorded).
PLANNERS = [
    "workflows.call.planning.plan_turn",
    "activities.understanding.activity.plan_turn",
    "workflows.call.workflow.plan_turn",
    "workflows.call.turn.plan_turn",
]


def a_new_build(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Swap `plan_turn` for one that ends the call at every turn; returns the turns it was asked to plan."""
    asked: list[int] = []

    def ends_every_call(*args: Any) -> TurnPlan:
        asked.append(args[2].turn)
        return plan_turn(*args).model_copy(update={"action": "end", "say": "A new build says goodbye."})

    for name in PLANNERS:
        monkeypatch.setattr(name, ends_every_call, raising=False)
    return asked


async def test_a_call_replays_its_recorded_plans_under_a_build_that_decides_otherwise(
    line: Line, monkeypatch: pytest.MonkeyPatch
) -> None:
    call_id = await line.start()
    await line.turn(call_id, "how do I set up a direct debit")
    await line.turn(call_id, NOTHING_HEARD, asr_confidence=0.0)  # no understanding to carry the plan
    await line.turn(call_id, "and what time does the phone team close?")
    await line.hang_up(call_id, csat=4)
    history = await line.handle(call_id).fetch_history()

    asked = a_new_build(monkeypatch)
    replayer = Replayer(
        workflows=[CallWorkflow], data_converter=pydantic_data_converter, workflow_runner=workflow_runner()
    )
    result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, result.replay_failure
    assert asked == []  # every plan came from the history, none from the new code


async def test_a_worker_restarted_on_a_new_build_carries_the_call_on_from_its_recorded_plans(
    make_line: MakeLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = f"tq-recorded-plan-{uuid.uuid4().hex[:8]}"
    async with make_line(task_queue=queue) as line:
        call_id = await line.start()
        first = await line.turn(call_id, "how do I set up a direct debit")
        assert first.action == "reply"

    asked = a_new_build(monkeypatch)
    async with make_line(task_queue=queue) as line:  # no cache: the call's history is replayed first
        second = await asyncio.wait_for(line.turn(call_id, "and what time does the phone team close?"), 30)
        state = await line.state(call_id)
    assert second.turn == 2 and second.action == "end"  # the new turn is planned by the new build
    assert asked == [2]  # turn 1 was not planned again
    said = [u.text for u in state.transcript if u.speaker == "ai"]
    assert said[1] == first.say and said[2] == "A new build says goodbye."


def test_the_recorded_plans_hold_no_identifier_value() -> None:
    """tests/histories/recorded_plan.json: the caller gave account 12345678; the plans captured it by name only."""
    history = WorkflowHistory.from_json("recorded_plan", HISTORIES.joinpath("recorded_plan.json").read_text())
    markers = [
        e.marker_recorded_event_attributes for e in history.events if e.HasField("marker_recorded_event_attributes")
    ]
    results = [p.data for m in markers for d in m.details.values() for p in d.payloads]
    planned = [r for r in results if b'"capture"' in r]
    assert planned and all(b'"account_number"' in r or b'"postcode"' in r for r in planned)
    assert not any(b"12345678" in r for r in results)
