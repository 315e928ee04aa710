"""Where a turn's worker CPU goes, by thread: the call's turn against the echo floor, in alternating blocks.

    .venv/bin/python -m bench.turn_threads --rounds 3 --turns 200 --env WARMLINE_UNDERSTANDING=lexical

Per-process CPU (bench/starts.py) says the worker spends ~2x the floor's CPU per turn; this says in
which of its threads (and the API's, for the same turns): the event loop's (the SDK's bridge, payload
codec and visitors, local activities), the Python threads' (the workflow tasks' pool: activations, the
workflow's own code; `to_thread` work) and the Rust core's (history, gRPC, local-activity markers), read
from /proc/<pid>/task/*/stat over each block. Then the bytes of history one turn writes, by event type,
for the call and for the floor. `--worker-variant timed` (bench/activation_timer.py) times each
activation too, in both workers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from temporalio.api.enums.v1 import EventType  # noqa: E402
from temporalio.client import Client  # noqa: E402

from bench.floor import TASK_QUEUE as FLOOR_QUEUE  # noqa: E402
from bench.floor import FloorWorkflow  # noqa: E402
from bench.procstat import _TICK  # noqa: E402
from bench.stack import running_stack  # noqa: E402
from bench.turns import end_call, http_client, new_call_id, start_call, take_turn, utterance  # noqa: E402

GROUPS = ("loop", "pool", "core", "all")


def _group(comm: str, tid: int, pid: int) -> str:
    if tid == pid:
        return "loop"  # the main thread runs the asyncio loop
    if comm.startswith("python"):
        return "pool"  # Python's threads (3.11 names none): the workflow tasks' pool, to_thread work
    return "core"  # the Rust core's threads: tokio-rt-worker, temporal-real-s(ticky), workflow-proces(sor)


def thread_cpu(pid: int) -> Counter[str]:
    """CPU seconds so far of each group of the process's threads."""
    out: Counter[str] = Counter()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
            comm = (task / "comm").read_text().strip()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        out[_group(comm, int(task.name), pid)] += (int(fields[11]) + int(fields[12])) / _TICK
    out["all"] = sum(out.values())
    return out


def _per(before: Counter[str], after: Counter[str], n: int) -> dict[str, float]:
    return {k: round((after[k] - before[k]) * 1000 / n, 2) for k in after}


async def turn_history(client: Client, workflow_id: str, skip_tasks: int) -> dict[str, int]:
    """Bytes by event type of the history after the first `skip_tasks` completed workflow tasks, per task."""
    events = (await client.get_workflow_handle(workflow_id).fetch_history()).events
    by_type: Counter[str] = Counter()
    done = 0
    counted = 0
    for e in events:
        name = EventType.Name(e.event_type).removeprefix("EVENT_TYPE_")
        if done >= skip_tasks:
            by_type[name] += e.ByteSize()
        if name == "WORKFLOW_TASK_COMPLETED":
            done += 1
            counted += done > skip_tasks
    return {k: v // max(counted, 1) for k, v in by_type.items()}


async def run(args: argparse.Namespace) -> dict[str, Any]:
    env = dict(e.split("=", 1) for e in args.env)
    out: dict[str, Any] = {"loadavg_at_start": os.getloadavg(), "tree": str(ROOT), "env": args.env, "rounds": []}
    with running_stack(extra_env=env, worker_variant=args.worker_variant) as stack:
        worker, floor, api = stack.pid("worker"), stack.pid("floor"), stack.pid("api")
        client = await Client.connect(stack.temporal_address)
        floors = [
            await client.start_workflow(FloorWorkflow.run, id=f"floor-{uuid.uuid4().hex[:8]}", task_queue=FLOOR_QUEUE)
            for _ in range(10)
        ]
        async with http_client(stack.api_url) as http:
            calls = [new_call_id("threads") for _ in range(10)]
            for cid in calls:
                await start_call(http, cid)
            said = 0
            for i in range(20):  # warm-up, both
                await take_turn(http, calls[i % 10], utterance(calls[i % 10], said), f"{calls[i % 10]}-w{i}")
                await floors[i % 10].execute_update(FloorWorkflow.turn, f"warm {i}")
            said += 2
            for pid in (worker, floor) if "timed" in args.worker_variant else ():
                os.kill(pid, signal.SIGUSR1)  # the activation timers count from here (bench/activation_timer.py)
            for r in range(args.rounds):
                c0, a0 = thread_cpu(worker), thread_cpu(api)
                for i in range(args.turns):
                    cid = calls[i % 10]
                    t = await take_turn(http, cid, utterance(cid, said + i // 10), f"{cid}-r{r}t{i}")
                    if not t.ok:
                        raise RuntimeError(f"turn {i} of {cid}: {t}")
                call, api_cpu = _per(c0, thread_cpu(worker), args.turns), _per(a0, thread_cpu(api), args.turns)
                said += args.turns // 10 + 1
                f0 = thread_cpu(floor)
                for i in range(args.turns):
                    await floors[i % 10].execute_update(FloorWorkflow.turn, f"turn {r} {i}")
                fl = _per(f0, thread_cpu(floor), args.turns)
                out["rounds"].append({"call": call, "floor": fl, "api": api_cpu})
                print(f"round {r + 1}: call worker {call}; floor worker {fl}; API {api_cpu}", flush=True)
            out["history_per_turn"] = {
                "call": await turn_history(client, calls[0], 1),
                "floor": await turn_history(client, floors[0].id, 1),
            }
            for cid in calls:
                await end_call(http, cid)
        for h in floors:
            await h.signal(FloorWorkflow.finish)
    out["loadavg_at_end"] = os.getloadavg()
    n = len(out["rounds"])
    out["mean"] = {
        side: {k: round(sum(r[side].get(k, 0.0) for r in out["rounds"]) / n, 2) for k in GROUPS}
        for side in ("call", "floor", "api")
    }
    return out


def main(argv: Sequence[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="A turn's worker CPU by thread, the call against the echo floor.")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--turns", type=int, default=200, help="turns per block (default 200)")
    p.add_argument("--env", action="append", default=[], help="extra KEY=VALUE for worker and API (repeatable)")
    p.add_argument("--worker-variant", action="append", default=[], help="bench/variant_worker.py variant")
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)
    out = asyncio.run(run(args))
    print(f"mean CPU ms per turn by thread: {out['mean']}\nhistory bytes per turn: {out['history_per_turn']}")
    print(f"load average {out['loadavg_at_start']} -> {out['loadavg_at_end']}")
    if args.out:
        args.out.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
