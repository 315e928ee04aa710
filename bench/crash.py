"""A crash the caller should not hear: a worker killed (SIGKILL) with turns in flight, again and again.

Two workers share the line. `calls` calls take a turn every `period_s`, all at the
same instants, so that at each instant every call has a turn on its way to whichever
worker holds it. A kill lands `kill_after_s` after such an instant: the victim dies
holding some of those turns (a workflow task it had started: the server hands it on
only after the call's workflow task timeout), and its calls' next turns wait on its
sticky queue (handed on after the worker's sticky schedule-to-start timeout); both
settings are in `workflows/options.py`. Then the victim is started again and, the next
time, the other worker is killed, so every kill meets live calls.

What a kill costs the caller: the latency of every turn due from `guard_s` before the
kill to `window_s` after it (each counted from when it was due, as the load benches do),
against the turns before the first kill (the baseline, same run, same calls). Used by
`bench/run.py` (crash recovery) and `tests/reliability/test_worker_kill_mid_turn.py`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field

import httpx

from bench.stats import percentile
from bench.turns import end_call, new_call_id, start_call, take_turn, utterance

TARGET_S = 2.0  # DESIGN.md: a worker killed mid-call costs the caller at most 2 s


@dataclass
class Turn:
    call_id: str
    due: float  # loop time it was due
    latency_s: float
    ok: bool
    detail: str = ""


@dataclass
class CrashResult:
    kills: int
    calls: int
    period_s: float
    baseline_p99_s: float
    after_kill_p50_s: float
    after_kill_p99_s: float
    after_kill_max_s: float
    worst_per_kill_s: list[float]
    turns_after_kills: int
    errors: int
    error_samples: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return self.errors == 0 and self.after_kill_p99_s <= TARGET_S

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "holds": self.holds}

    def line(self) -> str:
        worst = ", ".join(f"{w:.2f}" for w in self.worst_per_kill_s)
        return (
            f"{self.kills} kills, {self.calls} calls: turns around a kill p50 {self.after_kill_p50_s:.2f} s "
            f"p99 {self.after_kill_p99_s:.2f} s max {self.after_kill_max_s:.2f} s (n={self.turns_after_kills}); "
            f"baseline p99 {self.baseline_p99_s:.2f} s; worst per kill [{worst}] s; errors {self.errors}; "
            f"target p99 ≤ {TARGET_S:g} s: {'met' if self.holds else 'MISSED'}"
        )


async def measure_kills(
    http: httpx.AsyncClient,
    victims: Sequence[tuple[Callable[[], None], Callable[[], Awaitable[object]]]],
    kills: int = 6,
    calls: int = 10,
    period_s: float = 1.0,
    kill_after_s: float = 0.01,
    window_s: float = 3.0,
    guard_s: float = 0.5,
    warm_s: float = 4.0,
) -> CrashResult:
    """Kill `victims[k % len]` (its kill, then its restart, awaited) `kills` times while `calls` calls take turns."""
    loop = asyncio.get_running_loop()
    ids = [new_call_id("crash") for _ in range(calls)]
    for cid in ids:
        await start_call(http, cid)
    done: list[Turn] = []
    stop = asyncio.Event()
    tasks: set[asyncio.Task[None]] = set()

    async def one(cid: str, k: int, due: float) -> None:
        out = await take_turn(http, cid, utterance(cid, k), f"{cid}-t{k}")
        ok = out.ok and out.action == "reply"
        done.append(Turn(cid, due, loop.time() - due, ok, "" if ok else f"{out.status} {out.error or out.action}"))

    t0 = loop.time() + 0.5

    async def clock() -> None:
        k = 0
        while not stop.is_set():
            due = t0 + k * period_s
            await asyncio.sleep(max(0.0, due - loop.time()))
            for cid in ids:
                task = asyncio.create_task(one(cid, k, due))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            k += 1

    ticking = asyncio.create_task(clock())
    kill_times: list[float] = []
    await asyncio.sleep(warm_s)
    for n in range(kills):
        kill, restart = victims[n % len(victims)]
        next_due = t0 + period_s * (int((loop.time() - t0) / period_s) + 1)
        await asyncio.sleep(max(0.0, next_due + kill_after_s - loop.time()))
        kill_times.append(loop.time())
        kill()
        await asyncio.sleep(window_s)
        await restart()
        await asyncio.sleep(2 * period_s)  # the restarted worker polls before the next kill
    await asyncio.sleep(window_s)
    stop.set()
    await ticking
    if tasks:
        await asyncio.wait(set(tasks), timeout=30)
    for cid in ids:
        await end_call(http, cid)

    first = kill_times[0] if kill_times else loop.time()
    baseline = [t.latency_s for t in done if t.due + t.latency_s < first - guard_s]
    around: dict[int, list[Turn]] = {}
    for t in done:
        for i, at in enumerate(kill_times):
            if at - guard_s <= t.due <= at + window_s or (t.due < at < t.due + t.latency_s):
                around.setdefault(i, []).append(t)
                break
    hit = [t for ts in around.values() for t in ts]
    lat = [t.latency_s for t in hit]
    bad = [t for t in done if not t.ok]
    return CrashResult(
        kills=len(kill_times),
        calls=calls,
        period_s=period_s,
        baseline_p99_s=round(percentile(baseline, 99), 3),
        after_kill_p50_s=round(percentile(lat, 50), 3),
        after_kill_p99_s=round(percentile(lat, 99), 3),
        after_kill_max_s=round(max(lat), 3) if lat else float("nan"),
        worst_per_kill_s=[round(max(t.latency_s for t in around.get(i, [])), 3) for i in sorted(around)],
        turns_after_kills=len(hit),
        errors=len(bad),
        error_samples=sorted({t.detail[:160] for t in bad})[:5],
    )
