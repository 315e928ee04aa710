"""The Warmline benchmarks, one command: `.venv/bin/python bench/run.py` (see bench/README.md).

Starts the real stack (Temporal dev server, worker.py, the API under uvicorn, the
floor's worker, a webhook helpdesk acking in 50 ms) on free ports and measures, in
one run on this machine:

1. the floors: a bare workflow update running one local activity via the Temporal client, the
   activity an echo, and the same embedded understanding a turn runs (never-repeated utterances);
2. Warmline turns over HTTP (embedded understanding): p50/p90/p99 and the p50 ratio to the
   understanding floor (what orchestration adds) and to the echo floor, in alternating blocks;
3. open-loop load: N calls, each a turn every 2 s, for each N (all calls up before the first turn);
4. calls that arrive (bench/arrivals.py): a spike of N calls within 2 s, each then a turn every 2 s,
   run twice per N for the range, and a Poisson run; start and turn latency apart and together, CPU
   per process per turn, the largest N holding turn p99 ≤ 250 ms with no errors;
5. the handoff: escalating turn → `transfer`, split into context build, publish, ack wait;
6. worker and API resident memory per 100 live calls;
7. crash recovery (bench/crash.py): a second worker joins, then the two are killed in turn with
   turns in flight; what the turns around each kill cost;
8. first, without the stack: what `pip install .` brings (bench/install_size.py), beside what each extra adds.

Prints the figures, writes them as JSON (`--out`) and draws latency against N (`--chart`).
No pass/fail on timings: the targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from temporalio.client import Client  # noqa: E402

from bench import sections  # noqa: E402
from bench.chart import plot_latency  # noqa: E402
from bench.floor import measure_floor  # noqa: E402
from bench.handoff import handoff_summary, measure_handoffs  # noqa: E402
from bench.install_size import measure as measure_install  # noqa: E402
from bench.install_size import print_report as print_install  # noqa: E402
from bench.load import P99_TARGET_MS, largest_holding, run_load  # noqa: E402
from bench.memory import measure_memory  # noqa: E402
from bench.stack import Stack, running_stack  # noqa: E402
from bench.stats import fmt, summary  # noqa: E402
from bench.turns import http_client, measure_turns  # noqa: E402

HERE = Path(__file__).resolve().parent
RATIO_TARGET = 1.5  # issue 18 (DESIGN.md's level is 2.0): turn p50 against the echo floor


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Warmline benchmarks on the real stack.")
    p.add_argument("--levels", default="100", help="steady load levels: concurrent calls, all up first (default 100)")
    p.add_argument("--turns-per-call", type=int, default=10, help="turns per call at each load level (default 10)")
    p.add_argument("--period", type=float, default=2.0, help="seconds between a call's turns under load (default 2)")
    p.add_argument("--rounds", type=int, default=4, help="alternating floor/turn blocks (default 4)")
    p.add_argument("--floor-per-round", type=int, default=100, help="floor updates per block (default 100)")
    p.add_argument("--calls-per-round", type=int, default=10, help="calls per turn block (default 10)")
    p.add_argument("--turns-per-round-call", type=int, default=10, help="turns per call per block (default 10)")
    p.add_argument("--handoffs", type=int, default=20, help="escalating calls to time (default 20)")
    p.add_argument("--memory-calls", type=int, default=200, help="live calls for the memory figure (default 200)")
    p.add_argument("--out", type=Path, default=HERE / "results.json", help="JSON results (default bench/results.json)")
    p.add_argument("--chart", type=Path, default=HERE / "latency.png", help="chart PNG (default bench/latency.png)")
    p.add_argument("--no-chart", action="store_true")
    p.add_argument("--api-arg", action="append", default=[], help="extra uvicorn argument (repeatable)")
    p.add_argument("--env", action="append", default=[], help="extra KEY=VALUE for worker and API (repeatable)")
    p.add_argument("--worker-variant", action="append", default=[], help="bench/variant_worker.py variant")
    p.add_argument("--skip", default="", help="comma-separated parts to skip: load,arrivals,handoff,memory,crash")
    sections.add_arguments(p)
    return p.parse_args(argv)


async def bench(stack: Stack, args: argparse.Namespace) -> dict[str, Any]:
    skip = {s for s in args.skip.split(",") if s}
    results: dict[str, Any] = {}
    client = await Client.connect(stack.temporal_address)
    pids = {n: stack.pid(n) for n in ("worker", "api", "temporal")}
    levels = [int(x) for x in args.levels.split(",") if x]
    spikes = [int(x) for x in args.spike.split(",") if x]
    async with http_client(stack.api_url, connections=4 * max([100, *levels, *spikes, args.poisson]) + 10) as http:
        # Warm-up: first turns import and compile lazily on both sides.
        await measure_turns(http, calls=3, turns_per_call=3, warmup=0)
        await measure_floor(client, turns=10, workflows=2, warmup=0)

        print("floors and turns, alternating blocks ...", flush=True)
        await measure_floor(client, turns=5, workflows=2, warmup=0, work="understand")  # load the model
        series: dict[str, list[float]] = {"floor": [], "floor_understand": [], "turn": []}
        cpu: dict[str, dict[str, float]] = {name: {} for name in series}
        floor_pids = {"floor": stack.pid("floor"), "temporal": stack.pid("temporal")}
        for _ in range(args.rounds):
            blocks = {
                "floor": await measure_floor(client, turns=args.floor_per_round, pids=floor_pids),
                "floor_understand": await measure_floor(
                    client, turns=args.floor_per_round, pids=floor_pids, work="understand"
                ),
                "turn": await measure_turns(
                    http, calls=args.calls_per_round, turns_per_call=args.turns_per_round_call, pids=pids
                ),
            }
            for name, blk in blocks.items():
                series[name] += blk.samples
                for k, v in blk.cpu_ms_per_op.items():
                    cpu[name][k] = cpu[name].get(k, 0.0) + v / args.rounds
        fs, us, ts = summary(series["floor"]), summary(series["floor_understand"]), summary(series["turn"])
        ratio, ratio_echo = ts["p50"] / us["p50"], ts["p50"] / fs["p50"]
        results["floor"] = fs | {"cpu_ms_per_update": {k: round(v, 2) for k, v in cpu["floor"].items()}}
        results["floor_understand"] = us | {
            "cpu_ms_per_update": {k: round(v, 2) for k, v in cpu["floor_understand"].items()}
        }
        results["turn"] = ts | {"cpu_ms_per_turn": {k: round(v, 2) for k, v in cpu["turn"].items()}}
        results["ratio_p50"] = ratio
        results["ratio_p50_echo"] = ratio_echo
        for name in ("floor", "floor_understand", "turn"):
            print(f"  {name:18s}  cpu ms per op all-in: {sum(cpu[name].values()):.1f}")
        print(f"  floor (echo)        {fmt(fs)}  cpu/update={results['floor']['cpu_ms_per_update']}")
        print(f"  floor (understand)  {fmt(us)}  cpu/update={results['floor_understand']['cpu_ms_per_update']}")
        print(f"  turn                {fmt(ts)}  cpu/turn={results['turn']['cpu_ms_per_turn']}")
        print(
            f"  turn p50 / floor (echo: the bare update with a trivial local activity) p50 = {ratio_echo:.2f} "
            f"(target ≤ {RATIO_TARGET:.1f}: {'met' if ratio_echo <= RATIO_TARGET else 'MISSED'}); "
            f"turn p50 / floor (understand) p50 = {ratio:.2f}; the understanding itself {us['p50'] - fs['p50']:.1f} ms",
            flush=True,
        )

        if "memory" not in skip:
            print(f"memory with {args.memory_calls} live calls ...", flush=True)
            mem = await measure_memory(http, {"worker": pids["worker"], "api": pids["api"]}, args.memory_calls)
            results["memory"] = asdict(mem) | {"per_100_calls_mb": mem.per_100_calls_mb}
            per = ", ".join(f"{k} {v:.1f} MiB" for k, v in mem.per_100_calls_mb.items())
            base = ", ".join(f"{k} {v:.0f} MiB" for k, v in mem.before_mb.items())
            print(f"  per 100 live calls: {per} (baseline RSS: {base})", flush=True)

        if "load" not in skip:
            print(f"open-loop load, a turn every {args.period:g} s per call ...", flush=True)
            levels_out = await run_load(http, levels, args.turns_per_call, args.period, pids)
            best = largest_holding(levels_out)
            results["load"] = [r.as_dict() for r in levels_out]
            results["load_largest_n_holding"] = best
            print(f"  largest N with p99 ≤ {P99_TARGET_MS:.0f} ms and no errors: {best}", flush=True)
            if not args.no_chart and levels_out:
                title = f"Warmline turn latency vs concurrent calls ({os.cpu_count()} cores, same box)"
                path = plot_latency(levels_out, fs["p50"], ts["p50"], args.chart, title)
                results["chart"] = str(path)
                print(f"  chart: {path}", flush=True)

        if "arrivals" not in skip:
            results |= await sections.arrivals(http, args, pids)

        if "handoff" not in skip:
            print(f"handoff with a helpdesk acking in 50 ms, {args.handoffs} calls ...", flush=True)
            hs = await measure_handoffs(http, client, stack.helpdesk_url, args.handoffs)
            hsum = handoff_summary(hs)
            results["handoff"] = hsum
            for part, pv in hsum.items():
                print(f"  {part:22s} p50={pv['p50']:7.1f} p90={pv['p90']:7.1f} ms")

        if "crash" not in skip and args.kills:  # last: it kills and restarts the worker the others measure
            results["crash"] = await sections.crash(stack, http, args)
    return results


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    info = machine()
    print(f"machine: {info}", flush=True)
    print("install size (the run-time closure of pyproject's dependencies, as installed here) ...", flush=True)
    install = measure_install()
    print_install(install)
    extra_env = dict(e.split("=", 1) for e in args.env)
    # A SIGTERM (`timeout`, `kill`) unwinds like Ctrl-C, so the stack's processes are stopped, not orphaned.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    with running_stack(extra_env=extra_env, api_args=args.api_arg, worker_variant=args.worker_variant) as stack:
        print(f"stack up in {time.monotonic() - started:.1f}s (logs in {stack.workdir}/logs)", flush=True)
        results = asyncio.run(bench(stack, args))
    info["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out = {
        "machine": info,
        "command": "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "took_s": round(time.monotonic() - started, 1),
        "install": install,
        **results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, default=str) + "\n")
    print(f"results: {args.out} ({out['took_s']}s)")
    return out


if __name__ == "__main__":
    main()
