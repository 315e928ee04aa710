"""The floor: a bare workflow update that runs one local activity, driven by the Temporal client.

The least any Temporal-backed turn can cost on this machine and server: no HTTP,
no understanding, no pydantic models, default data converter, SDK defaults.
`python -m bench.floor --address HOST:PORT --task-queue Q` runs its worker (a
process of its own, like Warmline's worker); `measure_floor` drives it.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import time
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from bench.procstat import cpu_delta_ms, cpu_snapshot
    from bench.stats import Block

TASK_QUEUE = "bench-floor"


@activity.defn
async def echo(text: str) -> str:
    return text


@workflow.defn
class FloorWorkflow:
    def __init__(self) -> None:
        self._done = False

    @workflow.run
    async def run(self) -> int:
        await workflow.wait_condition(lambda: self._done)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return 0

    @workflow.update
    async def turn(self, text: str) -> str:
        return await workflow.execute_local_activity(echo, text, start_to_close_timeout=timedelta(seconds=10))

    @workflow.signal
    def finish(self) -> None:
        self._done = True


async def run_worker(address: str, task_queue: str) -> None:
    client = await Client.connect(address)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with Worker(client, task_queue=task_queue, workflows=[FloorWorkflow], activities=[echo]):
        print("floor worker started", flush=True)
        await stop.wait()


async def measure_floor(
    client: Client, turns: int, workflows: int = 4, warmup: int = 10, pids: dict[str, int] | None = None
) -> Block:
    """Sequential updates round-robin over a few workflows; latency of each in ms (warm-up turns dropped)."""
    handles = [
        await client.start_workflow(FloorWorkflow.run, id=f"floor-{uuid.uuid4().hex[:12]}", task_queue=TASK_QUEUE)
        for _ in range(workflows)
    ]
    samples: list[float] = []
    cpu0: dict[str, float] = {}
    for i in range(warmup + turns):
        if i == warmup and pids:
            cpu0 = cpu_snapshot(pids)
        h = handles[i % len(handles)]
        t0 = time.perf_counter()
        out = await h.execute_update(FloorWorkflow.turn, f"turn {i}")
        dt = (time.perf_counter() - t0) * 1000
        assert out == f"turn {i}"
        if i >= warmup:
            samples.append(dt)
    cpu = cpu_delta_ms(cpu0, cpu_snapshot(pids), len(samples)) if pids and cpu0 else {}
    for h in handles:
        await h.signal(FloorWorkflow.finish)
    return Block(samples, cpu)


def main() -> None:
    p = argparse.ArgumentParser(description="Run the floor benchmark's worker.")
    p.add_argument("--address", required=True)
    p.add_argument("--task-queue", default=TASK_QUEUE)
    args = p.parse_args()
    # Import through the package, so the workflow's module is bench.floor (not __main__) in the sandbox.
    from bench.floor import run_worker as run

    asyncio.run(run(args.address, args.task_queue))


if __name__ == "__main__":
    main()
