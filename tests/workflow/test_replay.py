"""Replay safety: recorded histories and this session's fresh ones replay against today's workflows.

The recorded ones (tests/record_histories.py) cover the call, callback, queue, review and what-if
workflows. A change that breaks replay of a recorded history must go through `workflow.patched`.
Each replays in the SDK's own sandbox and in the worker's (`worker.workflow_runner`, runtime/sandbox.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer, WorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from tests.line import Line
from tests.recorded_policies import register_recorded
from worker import workflow_runner
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow
from workflows.disposition import DispositionWorkflow
from workflows.queue import QueueWorkflow
from workflows.review import ReviewWorkflow
from workflows.whatif import WhatIfWorkflow

HISTORIES = sorted((Path(__file__).parent.parent / "histories").glob("*.json"))
RECORDED = {p.stem: p.read_text() for p in HISTORIES}
# Calls since the lean start name their policy by digest: the snapshots recorded beside the histories.
register_recorded()


RUNNERS = {"sdk sandbox": SandboxedWorkflowRunner(), "worker sandbox": workflow_runner()}


def _replayer(runner: WorkflowRunner = RUNNERS["worker sandbox"]) -> Replayer:
    workflows = [CallWorkflow, CallbackWorkflow, QueueWorkflow, ReviewWorkflow, WhatIfWorkflow, DispositionWorkflow]
    return Replayer(workflows=workflows, data_converter=pydantic_data_converter, workflow_runner=runner)


def test_every_workflow_has_a_recorded_history() -> None:
    firsts = [WorkflowHistory.from_json(stem, text).events[0] for stem, text in RECORDED.items()]
    types = {e.workflow_execution_started_event_attributes.workflow_type.name for e in firsts}
    assert types == {
        "CallWorkflow",
        "CallbackWorkflow",
        "QueueWorkflow",
        "ReviewWorkflow",
        "WhatIfWorkflow",
        "DispositionWorkflow",
    }


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_recorded_history_replays(path: Path, runner: str) -> None:
    history = WorkflowHistory.from_json(path.stem, RECORDED[path.stem])
    result = await _replayer(RUNNERS[runner]).replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, result.replay_failure


async def test_fresh_history_replays(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "erm so yeah it's about that thing")
    await line.turn(call_id, "how do I set up a direct debit")
    await line.hang_up(call_id, csat=3)
    result = await _replayer().replay_workflow(
        await line.handle(call_id).fetch_history(), raise_on_replay_failure=False
    )
    assert result.replay_failure is None, result.replay_failure
