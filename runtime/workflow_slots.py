"""How many workflow tasks a worker runs at once, and how many of them may be full replays.

A task from the worker's sticky queue continues a call the worker holds in its cache: a few
milliseconds of workflow code. A task from the normal queue is a call the worker does not hold
(a new call, or a call whose worker died or fell behind): the worker replays the call's whole
history first, ~2.5 ms of CPU per turn so far on a quiet core (bench/README.md, "What a replay
costs"). When a worker dies, the survivor inherits all its calls at once; run side by side on one
event loop, ten replays of 20-turn calls all finished only after ~1 s and met the call's 1 s
workflow task timeout together, on a live worker, so the server handed them on again and the
caller waited 7 s (docs/reliability.md, "A worker killed mid-turn"). So at most `replays`
normal-queue tasks run at once: each then finishes in its own replay's time, and the rest wait on
the server, where no task timeout runs. Sticky tasks keep the other slots, so the worker's own
calls' turns do not queue behind the replays.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from temporalio.worker import (
    CustomSlotSupplier,
    FixedSizeSlotSupplier,
    SlotMarkUsedContext,
    SlotPermit,
    SlotReleaseContext,
    SlotReserveContext,
    WorkerTuner,
)

DEFAULT_ACTIVITY_SLOTS = 100  # the SDK's own default for activities and local activities


@dataclass
class _Permit(SlotPermit):
    replay: bool  # reserved for a normal-queue poll (counted against the replays' share)


class WorkflowSlots(CustomSlotSupplier):
    """At most `total` workflow tasks at once, at most `replays` of them from the normal queue.

    Reservations come from the worker's event loop (`reserve_slot`, awaited before each poll);
    releases may come from the SDK's own threads, so the counts sit behind a lock and waiters are
    woken through their loop.
    """

    def __init__(self, total: int, replays: int) -> None:
        if not 1 <= replays <= total:
            raise ValueError(f"replays ({replays}) must be between 1 and total ({total})")
        self.total, self.replays = total, replays
        self._used = self._used_replays = 0
        self._lock = threading.Lock()
        self._waiters: list[asyncio.Future[None]] = []

    def _take(self, replay: bool) -> _Permit | None:
        with self._lock:
            if self._used >= self.total or (replay and self._used_replays >= self.replays):
                return None
            self._used += 1
            self._used_replays += replay
            return _Permit(replay)

    async def reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit:
        replay = not ctx.is_sticky
        loop = asyncio.get_running_loop()
        while True:
            waiter = loop.create_future()
            with self._lock:
                self._waiters.append(waiter)  # before trying, so a release between the two is not missed
            if (permit := self._take(replay)) is not None:
                self._forget(waiter)
                return permit
            try:
                await waiter
            finally:
                self._forget(waiter)

    def try_reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit | None:
        return self._take(not ctx.is_sticky)

    def mark_slot_used(self, ctx: SlotMarkUsedContext) -> None:
        pass

    def release_slot(self, ctx: SlotReleaseContext) -> None:
        replay = isinstance(ctx.permit, _Permit) and ctx.permit.replay
        with self._lock:
            self._used -= 1
            self._used_replays -= replay
            waiters, self._waiters = self._waiters, []
        for w in waiters:
            w.get_loop().call_soon_threadsafe(_wake, w)

    def _forget(self, waiter: asyncio.Future[None]) -> None:
        with self._lock:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    @property
    def in_use(self) -> tuple[int, int]:
        """(workflow tasks held, of which from the normal queue), for tests and logs."""
        with self._lock:
            return self._used, self._used_replays


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def tuner(workflow_tasks: int, replays: int) -> WorkerTuner:
    """The worker's slots: `WorkflowSlots` for workflow tasks, the SDK's defaults for everything else."""
    fixed = FixedSizeSlotSupplier(DEFAULT_ACTIVITY_SLOTS)
    return WorkerTuner.create_composite(
        workflow_supplier=WorkflowSlots(workflow_tasks, replays),
        activity_supplier=fixed,
        local_activity_supplier=FixedSizeSlotSupplier(DEFAULT_ACTIVITY_SLOTS),
        nexus_supplier=FixedSizeSlotSupplier(DEFAULT_ACTIVITY_SLOTS),
    )
