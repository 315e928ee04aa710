"""One spike with the garbage collector watched in the worker and the API (bench/gc_watch.py).

    .venv/bin/python -m bench.spike_gc --calls 150 --turns 8 --tag branch-1 --out /tmp/spikes.jsonl

The stack (bench/stack.py) with `variant_worker gcwatch` and the API under `bench.gc_api`; three warm calls, the
counts cleared (SIGUSR1), then `bench.arrivals`' spike: N calls within 2 s, each a turn every 2 s. Prints (and
appends to `--out`) the spike's line and each process's collections by generation: how many, their pauses
(wall ms: every thread of the process waits) and CPU ms, and when each full collection ran.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.arrivals import run_arrivals, window_line  # noqa: E402
from bench.stack import running_stack  # noqa: E402
from bench.turns import http_client, new_call_id, start_call, take_turn, utterance  # noqa: E402


async def run(calls: int, turns: int, tag: str, keep: bool = False) -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(prefix="warmline-gc-"))
    env = {"BENCH_GC_OUT": str(out / "worker.json"), "BENCH_API_GC_OUT": str(out / "api.json")}
    with running_stack(extra_env=env, worker_variant=["gcwatch"], keep_dir=keep) as stack:
        print(f"logs: {stack.workdir}/logs", flush=True)
        pids = {k: stack.pid(k) for k in ("worker", "api", "temporal")}
        async with http_client(stack.api_url, connections=400) as http:
            for _ in range(3):
                cid = new_call_id("warm")
                await start_call(http, cid)
                for k in range(3):
                    await take_turn(http, cid, utterance(cid, k))
            for name in ("worker", "api"):
                os.kill(pids[name], signal.SIGUSR1)
            began = time.time()
            r = await run_arrivals(http, calls, "spike", turns_per_call=turns, pids=pids)
            ended = time.time()
        await asyncio.sleep(1.0)  # the watchers write every 0.5 s
        gc = {name: json.loads((out / f"{name}.json").read_text()) for name in ("worker", "api")}
    return {
        "tag": tag,
        "tree": str(ROOT),
        "loadavg": os.getloadavg(),
        "line": r.line(),
        "by_window": window_line(r.turns_by_window),
        "result": r.as_dict(),
        "spike_s": [round(began, 2), round(ended, 2)],
        "gc": gc,
    }


def main() -> None:
    p = argparse.ArgumentParser(description="A spike with the garbage collector's pauses counted.")
    p.add_argument("--calls", type=int, default=150)
    p.add_argument("--turns", type=int, default=8, help="turns per call (default 8)")
    p.add_argument("--tag", default="")
    p.add_argument("--keep", action="store_true", help="keep the stack's directory (its logs)")
    p.add_argument("--out", type=Path, help="append the result here (JSON lines)")
    args = p.parse_args()
    res = asyncio.run(run(args.calls, args.turns, args.tag, args.keep))
    print(json.dumps(res))
    if args.out:
        with args.out.open("a") as f:
            f.write(json.dumps(res) + "\n")


if __name__ == "__main__":
    main()
