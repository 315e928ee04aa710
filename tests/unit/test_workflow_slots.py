"""The worker's workflow-task slots: a cap on all tasks, and a smaller one on normal-queue tasks (full replays).

The SDK calls these from its poll loop; here they are called as it would, without a server.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal

import pytest
from temporalio.common import WorkerDeploymentVersion
from temporalio.worker import SlotPermit, SlotReleaseContext

from runtime.workflow_slots import WorkflowSlots


@dataclass
class Reserve:  # the fields of temporalio.worker.SlotReserveContext the supplier reads
    is_sticky: bool
    slot_type: Literal["workflow", "activity", "local-activity"] = "workflow"
    task_queue: str = "warmline"
    worker_identity: str = "test"
    worker_build_id: str = ""
    worker_deployment_version: WorkerDeploymentVersion | None = None


async def reserve(slots: WorkflowSlots, sticky: bool) -> SlotPermit:
    return await asyncio.wait_for(slots.reserve_slot(Reserve(sticky)), 1.0)


def release(slots: WorkflowSlots, permit: SlotPermit) -> None:
    slots.release_slot(SlotReleaseContext(slot_info=None, permit=permit))


async def test_replays_wait_for_a_replay_slot_while_sticky_tasks_still_get_theirs() -> None:
    slots = WorkflowSlots(total=4, replays=2)
    replays = [await reserve(slots, sticky=False) for _ in range(2)]
    third = asyncio.create_task(slots.reserve_slot(Reserve(is_sticky=False)))
    await asyncio.sleep(0.05)
    assert not third.done()  # a third replay waits (on the server: its task timeout is not running)
    sticky = await reserve(slots, sticky=True)  # the worker's own calls are not held up
    assert slots.in_use == (3, 2)
    release(slots, replays[0])
    await asyncio.wait_for(third, 1.0)  # woken by the release
    assert slots.in_use == (3, 2)
    release(slots, sticky)
    assert slots.in_use == (2, 2)


async def test_no_slot_beyond_the_total_and_a_cancelled_wait_takes_none() -> None:
    slots = WorkflowSlots(total=2, replays=1)
    held = [await reserve(slots, sticky=True) for _ in range(2)]
    assert slots.try_reserve_slot(Reserve(is_sticky=True)) is None
    waiting = asyncio.create_task(slots.reserve_slot(Reserve(is_sticky=True)))
    await asyncio.sleep(0.05)
    waiting.cancel()  # the SDK cancels reservations when its pollers stop
    with pytest.raises(asyncio.CancelledError):
        await waiting
    release(slots, held[0])
    assert slots.in_use == (1, 0)
    assert slots.try_reserve_slot(Reserve(is_sticky=False)) is not None


def test_a_replay_share_outside_the_total_is_refused() -> None:
    with pytest.raises(ValueError, match="replays"):
        WorkflowSlots(total=4, replays=5)
