"""bench/run.py's newer parts: calls that arrive (spike and Poisson), and a worker killed mid-turn.

Each returns its figures as a dict for results.json and prints one line per level or run.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

import httpx

from bench.arrivals import P99_TARGET_MS, ArrivalResult, largest_holding, run_arrivals, window_line
from bench.crash import measure_kills
from bench.stack import Stack


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--spike", default="100,150,200", help="spike levels: calls arriving within --window (100,150,200)")
    p.add_argument("--window", type=float, default=2.0, help="the spike's arrival window in seconds (default 2)")
    p.add_argument("--spike-runs", type=int, default=2, help="runs of each spike level, for the range (default 2)")
    p.add_argument("--arrival-turns", type=int, default=10, help="turns per arriving call (default 10)")
    p.add_argument("--poisson", type=int, default=120, help="calls arriving as a Poisson process (0: skip)")
    p.add_argument("--rate", type=float, default=2.0, help="Poisson arrivals per second (default 2)")
    p.add_argument("--kills", type=int, default=4, help="worker kills for crash recovery (0: skip; default 4)")
    p.add_argument("--crash-calls", type=int, default=10, help="live calls while workers are killed (default 10)")


async def arrivals(http: httpx.AsyncClient, args: argparse.Namespace, pids: dict[str, int]) -> dict[str, Any]:
    """Spike levels (each `--spike-runs` times, the range printed) and one Poisson run."""
    out: dict[str, Any] = {}
    levels = [int(x) for x in args.spike.split(",") if x]
    runs: list[ArrivalResult] = []
    if levels:
        print(
            f"spike: N calls arriving within {args.window:g} s, then a turn every {args.period:g} s "
            f"({args.arrival_turns} each) ...",
            flush=True,
        )
    for n in levels:
        for i in range(args.spike_runs):
            r = await run_arrivals(
                http, n, "spike", window_s=args.window, turns_per_call=args.arrival_turns, period_s=args.period,
                pids=pids, seed=i,
            )  # fmt: skip
            runs.append(r)
            print("  " + r.line(), flush=True)
            print("    turn p50/p99 ms by when due: " + window_line(r.turns_by_window), flush=True)
            await asyncio.sleep(3.0)  # the hung-up calls record their outcomes before the next run
    if runs:
        out["spike"] = [r.as_dict() for r in runs]
        out["spike_range"] = {
            n: {
                "turn_p99_ms": [min(r.turns["p99_ms"] for r in rs), max(r.turns["p99_ms"] for r in rs)],
                "errors": [r.errors for r in rs],
                "cpu_ms_per_turn_all_in": [round(sum(r.cpu_ms_per_turn.values()), 1) for r in rs],
            }
            for n in levels
            if (rs := [r for r in runs if r.calls == n])
        }
        # A level holds only if every run of it held.
        held = [n for n in levels if all(r.holds for r in runs if r.calls == n)]
        out["spike_largest_n_holding"] = max(held) if held else None
        print(
            f"  largest N arriving within {args.window:g} s with turn p99 ≤ {P99_TARGET_MS:.0f} ms and no errors "
            f"in every run: {out['spike_largest_n_holding']} (any single run: {largest_holding(runs)})",
            flush=True,
        )
    if args.poisson:
        print(f"poisson: {args.poisson} calls arriving at {args.rate:g}/s ...", flush=True)
        r = await run_arrivals(
            http, args.poisson, "poisson", rate=args.rate, turns_per_call=args.arrival_turns, period_s=args.period,
            pids=pids,
        )  # fmt: skip
        print("  " + r.line(), flush=True)
        out["poisson"] = r.as_dict()
    return out


async def crash(stack: Stack, http: httpx.AsyncClient, args: argparse.Namespace) -> dict[str, Any]:
    """A second worker joins; then the two are killed in turn (SIGKILL) with turns in flight, and restarted."""
    print(f"crash recovery: two workers, {args.kills} kills (SIGKILL) with turns in flight ...", flush=True)
    await asyncio.to_thread(stack.start_worker, "worker2")

    def victim(name: str) -> tuple[Any, Any]:
        return (lambda: stack.procs[name].kill(), lambda: asyncio.to_thread(stack.start_worker, name))

    r = await measure_kills(http, [victim("worker"), victim("worker2")], kills=args.kills, calls=args.crash_calls)
    print("  " + r.line(), flush=True)
    return r.as_dict()
