"""Replay safety: recorded histories and this session's fresh ones replay against today's CallWorkflow.

A change that breaks replay of a recorded history must go through `workflow.patched`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from tests.line import Line
from warmline.models import Csat, Hangup
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow

HISTORIES = sorted((Path(__file__).parent.parent / "histories").glob("*.json"))
RECORDED = {p.stem: p.read_text() for p in HISTORIES}


def _replayer() -> Replayer:
    return Replayer(workflows=[CallWorkflow, CallbackWorkflow], data_converter=pydantic_data_converter)


def test_there_are_recorded_histories() -> None:
    assert len(HISTORIES) >= 5


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_recorded_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, RECORDED[path.stem])
    result = await _replayer().replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, result.replay_failure


async def test_fresh_history_replays(line: Line) -> None:
    call_id = await line.start()
    await line.turn(call_id, "erm so yeah it's about that thing")
    await line.turn(call_id, "how do I set up a direct debit")
    h = line.handle(call_id)
    await h.signal(CallWorkflow.hangup, Hangup())
    await h.signal(CallWorkflow.csat, Csat(score=3))
    await h.result()
    result = await _replayer().replay_workflow(await h.fetch_history(), raise_on_replay_failure=False)
    assert result.replay_failure is None, result.replay_failure
