"""The floor: a bare workflow update that runs one local activity, driven by the Temporal client.

Two floors, both with no HTTP, no pydantic models, the default data converter and SDK defaults:
- `echo`: the local activity returns its input. The least any Temporal-backed turn can cost here.
- `understand`: the local activity runs the same embedded understanding a Warmline turn runs, on
  the demo policy, on the same kind of (never repeated) utterance. A Warmline turn over HTTP
  minus this floor is what orchestration costs: the HTTP API, the workflow's decisions, history.
`python -m bench.floor --address HOST:PORT --task-queue Q` runs its worker (a process of its
own, like Warmline's worker); `measure_floor` drives it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker

with workflow.unsafe.imports_passed_through():
    from bench.procstat import cpu_delta_ms, cpu_snapshot
    from bench.stats import Block
    from bench.turns import UTTERANCES, worded

TASK_QUEUE = "bench-floor"
DEMO_POLICY = "policies/demo.yaml"  # relative to the project root (the floor worker runs there); no Path.resolve
# Far into `worded`'s range, so the floor's utterances are never the turn benchmark's (no shared cache hits).
_floor_said = itertools.count(30_000)


@activity.defn
async def echo(text: str) -> str:
    return text


_understander: Any = None  # the demo policy's embedded back-end, built when the worker starts


@activity.defn
async def understand(text: str) -> str:
    """The embedded understanding of one utterance, as Warmline's `understand` local activity runs it."""
    from warmline.understanding import UnderstandingRequest

    u = _understander.understand_now(UnderstandingRequest(call_id="floor", turn=1, text=text))
    return str(u.intent)


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

    @workflow.update
    async def understood_turn(self, text: str) -> str:
        return await workflow.execute_local_activity(understand, text, start_to_close_timeout=timedelta(seconds=10))

    @workflow.signal
    def finish(self) -> None:
        self._done = True


def load_understander() -> None:
    """Fit the demo policy's embedded back-end before the worker polls (as Warmline's worker does)."""
    global _understander
    from activities.understanding.embedded import EmbeddedUnderstander
    from warmline.policy_file import load_policy

    _understander = EmbeddedUnderstander(load_policy(Path(__file__).resolve().parent.parent / DEMO_POLICY))


async def run_worker(address: str, task_queue: str) -> None:
    client = await Client.connect(address)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with Worker(client, task_queue=task_queue, workflows=[FloorWorkflow], activities=[echo, understand]):
        print("floor worker started", flush=True)
        await stop.wait()


async def measure_floor(
    client: Client,
    turns: int,
    workflows: int = 4,
    warmup: int = 10,
    pids: dict[str, int] | None = None,
    work: Literal["echo", "understand"] = "echo",
) -> Block:
    """Sequential updates round-robin over a few workflows; latency of each in ms (warm-up turns dropped).

    `understand` sends each update a fresh utterance (`bench.turns.worded`), as the turn benchmark does.
    """
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
        text = worded(UTTERANCES[i % len(UTTERANCES)], next(_floor_said)) if work == "understand" else f"turn {i}"
        update = FloorWorkflow.understood_turn if work == "understand" else FloorWorkflow.turn
        t0 = time.perf_counter()
        out = await h.execute_update(update, text)
        dt = (time.perf_counter() - t0) * 1000
        assert out == text if work == "echo" else out != "None", out
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
    from bench.floor import load_understander
    from bench.floor import run_worker as run

    load_understander()
    if os.environ.get("BENCH_FLOOR_TIMED_OUT"):  # each activation's CPU, as `variant_worker timed` for Warmline's
        from bench import activation_timer

        activation_timer.start("BENCH_FLOOR_TIMED_OUT")
    asyncio.run(run(args.address, args.task_queue))


if __name__ == "__main__":
    main()
