"""What a call start and a turn cost each process, and what a start writes to history.

    .venv/bin/python -m bench.starts --rounds 3 --starts 40 --turns 40 --out /tmp/starts.json

On the real stack (bench/stack.py), in alternating blocks so both see the same machine:
`--starts` calls started one after another (`POST /v1/calls`, whose answer carries the greeting),
then `--turns` turns round-robin over those calls; the CPU each process (worker, API, Temporal)
used over each block (/proc: bench/procstat.py), per start and per turn. After the start block the
script waits `--settle` seconds for the calls' first workflow tasks to finish before reading CPU (the
answer to `POST /v1/calls` comes before them), so a start's CPU includes its first task and the
processes' idle CPU for that wait (spread over the block's starts). Then the history one start
writes: its events up to the first completed workflow task, in bytes, by event type.
Run it from two trees one after the other to compare a change with its baseline (bench/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from temporalio.api.enums.v1 import EventType  # noqa: E402
from temporalio.client import Client  # noqa: E402

from bench.procstat import cpu_delta_ms, cpu_snapshot, rss_mb  # noqa: E402
from bench.stack import running_stack  # noqa: E402
from bench.turns import end_call, http_client, new_call_id, start_call, take_turn, utterance  # noqa: E402


async def start_history(client: Client, call_id: str) -> dict[str, Any]:
    """The bytes a start wrote: the call's events up to and including its first completed workflow task's commands."""
    events = (await client.get_workflow_handle(call_id).fetch_history()).events
    by_type: Counter[str] = Counter()
    seen_completed = False
    for e in events:
        name = EventType.Name(e.event_type).removeprefix("EVENT_TYPE_")
        if seen_completed and name.startswith("WORKFLOW_TASK"):
            break  # the next task: a turn's or the wrap-up's
        seen_completed = seen_completed or name == "WORKFLOW_TASK_COMPLETED"
        by_type[name] += e.ByteSize()
    return {"bytes": sum(by_type.values()), "events": len(by_type), "by_type": dict(by_type)}


async def run(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"loadavg_at_start": os.getloadavg(), "tree": str(ROOT), "env": args.env}
    env = dict(e.split("=", 1) for e in args.env)
    variant = list(args.worker_variant)
    if args.profile:  # bench/sampler.py in the worker and the API; reports written when they stop
        args.profile.mkdir(parents=True, exist_ok=True)
        env |= {
            "BENCH_PROFILE_OUT": str(args.profile / "worker.txt"),
            "BENCH_API_PROFILE_OUT": str(args.profile / "api.txt"),
        }
        variant.append("sampled")
    with running_stack(extra_env=env, worker_variant=variant) as stack:
        pids = {n: stack.pid(n) for n in ("worker", "api", "temporal")}
        client = await Client.connect(stack.temporal_address)
        per_start: list[dict[str, float]] = []
        per_turn: list[dict[str, float]] = []
        async with http_client(stack.api_url) as http:
            warm = [new_call_id("warm") for _ in range(3)]
            for cid in warm:
                await start_call(http, cid)
                for k in range(3):
                    await take_turn(http, cid, utterance(cid, k))
            # The counts from here: not the start-up nor the warm-up.
            if args.profile or {"profiled", "timed", "gcwatch"} & set(variant):
                for name in ("worker", "api") if args.profile else ("worker",):
                    os.kill(pids[name], signal.SIGUSR1)
            for r in range(args.rounds):
                ids = [new_call_id("start") for _ in range(args.starts)]
                cpu0 = cpu_snapshot(pids)
                for cid in ids:
                    await start_call(http, cid)
                await asyncio.sleep(args.settle)
                per_start.append(cpu_delta_ms(cpu0, cpu_snapshot(pids), args.starts))
                cpu0 = cpu_snapshot(pids)
                for i in range(args.turns):
                    cid = ids[i % len(ids)]
                    t = await take_turn(http, cid, utterance(cid, i // len(ids)), f"{cid}-t{i}")
                    if not t.ok:
                        raise RuntimeError(f"turn {i} of {cid}: {t}")
                per_turn.append(cpu_delta_ms(cpu0, cpu_snapshot(pids), args.turns))
                out.setdefault("history", await start_history(client, ids[0]))
                for cid in ids:
                    await end_call(http, cid)
                print(f"round {r + 1}: per start {_fmt(per_start[-1])}; per turn {_fmt(per_turn[-1])}", flush=True)
            out["rss_mib"] = {n: round(rss_mb(p), 1) for n, p in pids.items() if n != "temporal"}
    out["cpu_ms_per_start"] = _mean(per_start)
    out["cpu_ms_per_turn"] = _mean(per_turn)
    out["rounds"] = {"per_start": per_start, "per_turn": per_turn}
    out["loadavg_at_end"] = os.getloadavg()
    return out


def _mean(blocks: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(sum(b[k] for b in blocks) / len(blocks), 2) for k in blocks[0]}


def _fmt(cpu: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()) + f" (all {sum(cpu.values()):.1f} ms)"


def main(argv: Sequence[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="CPU per call start and per turn per process; history bytes per start.")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--starts", type=int, default=40, help="calls started per round (default 40)")
    p.add_argument("--turns", type=int, default=40, help="turns per round over those calls (default 40)")
    p.add_argument("--settle", type=float, default=1.0, help="seconds for the first tasks to finish (default 1)")
    p.add_argument("--env", action="append", default=[], help="extra KEY=VALUE for worker and API (repeatable)")
    p.add_argument("--worker-variant", action="append", default=[], help="bench/variant_worker.py variant")
    p.add_argument("--profile", type=Path, help="profile worker and API (bench/sampler.py); reports in this dir")
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)
    out = asyncio.run(run(args))
    print(
        f"per start: {_fmt(out['cpu_ms_per_start'])}\nper turn: {_fmt(out['cpu_ms_per_turn'])}\n"
        f"history per start: {out['history']['bytes']} B {out['history']['by_type']}\nRSS: {out['rss_mib']}\n"
        f"load average {out['loadavg_at_start']} -> {out['loadavg_at_end']}"
    )
    if args.out:
        args.out.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
