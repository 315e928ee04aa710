"""The worker's own data converter (runtime/codec.py) replays what the SDK's pydantic converter recorded.

And it keeps what it learned between calls: a call started after another builds no pydantic type
adapter (each call's converter used to rebuild its own, `Policy | PolicyRef` alone ~0.7 ms of CPU).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pydantic
import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from runtime.codec import data_converter
from tests.recorded_policies import register_recorded
from worker import WORKFLOWS, workflow_runner

HISTORIES = sorted((Path(__file__).parent.parent / "histories").glob("*.json"))
RECORDED = {p.stem: p.read_text() for p in HISTORIES}
register_recorded()


def _replayer() -> Replayer:
    return Replayer(workflows=WORKFLOWS, data_converter=data_converter(""), workflow_runner=workflow_runner())


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_recorded_history_replays_with_the_workers_converter(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, RECORDED[path.stem])
    result = await _replayer().replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, result.replay_failure


async def test_a_second_call_builds_no_type_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    history = WorkflowHistory.from_json("failed_resolution", RECORDED["failed_resolution"])
    replayer = _replayer()
    await replayer.replay_workflow(history)  # the first call: its types' adapters are built
    built: list[object] = []
    original = pydantic.TypeAdapter.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(args[0] if args else kwargs.get("type"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(pydantic.TypeAdapter, "__init__", counting)
    await replayer.replay_workflow(history)  # a new workflow instance, as a new call is
    assert built == []
