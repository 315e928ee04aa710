"""Open-loop load: N concurrent calls, each sending a turn every 2 s whatever the previous answer did.

Each call's turns are scheduled at fixed instants (calls staggered evenly over the
period); a turn is sent at its instant even when its call's previous turn is still
in flight, so a slow system meets more work, not less (no coordinated omission).
Latency is counted from the scheduled instant to the answer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from bench.procstat import cpu_delta_ms, cpu_snapshot
from bench.stats import percentile
from bench.turns import TurnOutcome, end_call, new_call_id, start_call, take_turn, utterance, wait_ready

P99_TARGET_MS = 250.0


@dataclass
class LevelResult:
    calls: int
    period_s: float
    turns_sent: int
    turns_ok: int
    errors: int
    offered_tps: float
    achieved_tps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    cpu_ms_per_turn: dict[str, float] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return self.errors == 0 and self.p99_ms <= P99_TARGET_MS

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "holds": self.holds}


async def _gather_limited(coros: list[Coroutine[Any, Any, None]], limit: int) -> list[None]:
    sem = asyncio.Semaphore(limit)

    async def one(c: Coroutine[Any, Any, None]) -> None:
        async with sem:
            await c

    return await asyncio.gather(*(one(c) for c in coros))


async def run_level(
    http: httpx.AsyncClient,
    calls: int,
    turns_per_call: int = 10,
    period_s: float = 2.0,
    pids: dict[str, int] | None = None,
    grace_s: float = 10.0,
) -> LevelResult:
    """One load level: start `calls` calls, run `turns_per_call` turns each at `period_s`, end them.

    Turns still unanswered `grace_s` after the last one was due are cancelled and count as errors,
    so a saturated level ends in bounded time.
    """
    ids = [new_call_id(f"load{calls}") for _ in range(calls)]
    await _gather_limited([start_call(http, cid) for cid in ids], 16)
    await _gather_limited([wait_ready(http, cid) for cid in ids], 16)
    loop = asyncio.get_running_loop()
    results: list[tuple[float, TurnOutcome]] = []
    inflight: dict[asyncio.Task[None], float] = {}  # each turn's task and when it was due

    async def one_turn(cid: str, k: int, due: float) -> None:
        out = await take_turn(http, cid, utterance(cid, k), f"{cid}-t{k}")
        results.append((loop.time() - due, out))

    async def caller(i: int, cid: str, t0: float) -> None:
        for k in range(turns_per_call):
            due = t0 + period_s * i / calls + k * period_s
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            inflight[asyncio.create_task(one_turn(cid, k, due))] = due

    cpu0 = cpu_snapshot(pids) if pids else {}
    t0 = loop.time() + 0.2
    await asyncio.gather(*(caller(i, cid, t0) for i, cid in enumerate(ids)))
    _, late = await asyncio.wait(inflight, timeout=grace_s)
    for task in late:
        task.cancel()
        waited = loop.time() - inflight[task]
        results.append((waited, TurnOutcome(waited * 1000, 0, None, f"no answer within {grace_s:g}s of the last turn")))
    elapsed = loop.time() - t0
    cpu = cpu_delta_ms(cpu0, cpu_snapshot(pids), len(results)) if pids else {}
    await _gather_limited([end_call(http, cid) for cid in ids], 16)

    ok = [r for r in results if r[1].ok and r[1].action == "reply"]
    bad = [r for r in results if not (r[1].ok and r[1].action == "reply")]
    lat = [d * 1000 for d, _ in results]  # errors count in the latency too: a failed turn is not a fast one
    return LevelResult(
        calls=calls,
        period_s=period_s,
        turns_sent=len(results),
        turns_ok=len(ok),
        errors=len(bad),
        offered_tps=calls / period_s,
        achieved_tps=len(ok) / elapsed if elapsed > 0 else 0.0,
        p50_ms=percentile(lat, 50),
        p90_ms=percentile(lat, 90),
        p99_ms=percentile(lat, 99),
        max_ms=max(lat) if lat else float("nan"),
        cpu_ms_per_turn={k: round(v, 2) for k, v in cpu.items()},
        error_samples=sorted({f"{o.status} {o.error or o.action}"[:160] for _, o in bad})[:5],
    )


async def run_load(
    http: httpx.AsyncClient,
    levels: list[int],
    turns_per_call: int = 10,
    period_s: float = 2.0,
    pids: dict[str, int] | None = None,
    settle_s: float = 3.0,
    log: bool = True,
) -> list[LevelResult]:
    out: list[LevelResult] = []
    for n in levels:
        started = time.monotonic()
        r = await run_level(http, n, turns_per_call, period_s, pids)
        out.append(r)
        if log:
            print(
                f"  N={n:4d}: offered {r.offered_tps:6.1f}/s achieved {r.achieved_tps:6.1f}/s "
                f"p50={r.p50_ms:7.1f} p99={r.p99_ms:7.1f} ms errors={r.errors} "
                f"{'holds' if r.holds else 'MISSES'} ({time.monotonic() - started:.0f}s) cpu/turn={r.cpu_ms_per_turn}",
                flush=True,
            )
        await asyncio.sleep(settle_s)  # let the ended calls record their outcomes before the next level
    return out


def largest_holding(results: list[LevelResult]) -> int | None:
    held = [r.calls for r in results if r.holds]
    return max(held) if held else None
