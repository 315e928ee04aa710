"""A crash the caller should not hear: a worker killed (SIGKILL) with turns in flight, again and again.

Two workers share the line. In each round `calls` fresh calls take a turn every
`period_s`, all at the same instants, so that at each instant every call has a turn on
its way to whichever worker holds it. A kill lands `kill_after_s` after such an instant
(after a few warm turns, so the calls sit in both workers' caches): the victim dies
holding some of those turns (a workflow task it had started: the server hands it on
only after the call's workflow task timeout), and its calls' next turns wait on its
sticky queue (handed on after the worker's sticky schedule-to-start timeout); both
settings are in `workflows/options.py`. Then the victim is started again and, the next
round, the other worker is killed.

What a kill costs the caller: the latency of every turn in flight at the kill or due in
the `window_s` after it (each counted from when it was due, as the load benches do),
against the warm turns before it (the baseline, same run, same calls). Used by
`bench/run.py` (crash recovery) and `tests/reliability/test_worker_kill_mid_turn.py`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Collection, Sequence
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
    loadavg: list[float] = field(default_factory=list)  # the box's 1-minute load average at the start and the end
    # What each call was sent, in order (for a test to read the calls back: each turn applied once); not in the JSON.
    said: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @property
    def holds(self) -> bool:
        return self.errors == 0 and self.after_kill_p99_s <= TARGET_S

    def as_dict(self) -> dict[str, object]:
        return {**{k: v for k, v in asdict(self).items() if k != "said"}, "holds": self.holds}

    def line(self) -> str:
        worst = ", ".join(f"{w:.2f}" for w in self.worst_per_kill_s)
        load = " → ".join(f"{x:.1f}" for x in self.loadavg)
        return (
            f"{self.kills} kills, {self.calls} calls: turns around a kill p50 {self.after_kill_p50_s:.2f} s "
            f"p99 {self.after_kill_p99_s:.2f} s max {self.after_kill_max_s:.2f} s (n={self.turns_after_kills}); "
            f"baseline p99 {self.baseline_p99_s:.2f} s; worst per kill [{worst}] s; errors {self.errors}; "
            f"target p99 ≤ {TARGET_S:g} s: {'met' if self.holds else 'MISSED'}; load average {load}"
        )


async def measure_kills(
    http: httpx.AsyncClient,
    victims: Sequence[tuple[Callable[[], None], Callable[[], Awaitable[object]]]],
    kills: int = 4,
    calls: int = 10,
    period_s: float = 2.0,
    kill_after_s: float = 0.01,
    warm_turns: int = 3,
    window_s: float = 4.0,
    say: Callable[[str, int], str] = utterance,
    answered: Collection[str] = ("reply",),
) -> CrashResult:
    """`kills` rounds: fresh calls take `warm_turns` turns, then `victims[round % len]` is killed just after a
    turn instant and the calls go on for `window_s`; the calls end and the victim is restarted (awaited).

    `say(call_id, k)` is the caller's k-th utterance; a turn is ok when answered with one of `answered`.
    The baseline is the warm turns (before any kill in their round); fresh calls each round keep histories
    as short as real calls', so a replay after a kill costs what it would on a live line.
    """
    loop = asyncio.get_running_loop()
    load0 = os.getloadavg()[0]
    said: dict[str, list[str]] = {}
    baseline: list[Turn] = []
    around: list[list[Turn]] = []
    bad: list[Turn] = []
    for n in range(kills):
        kill, restart = victims[n % len(victims)]
        ids = [new_call_id("crash") for _ in range(calls)]
        for cid in ids:
            await start_call(http, cid)
        done: list[Turn] = []
        tasks: list[asyncio.Task[None]] = []

        async def one(cid: str, k: int, due: float, into: list[Turn]) -> None:
            said.setdefault(cid, []).append(text := say(cid, k))
            out = await take_turn(http, cid, text, f"{cid}-t{k}")
            ok = out.ok and out.action in answered
            into.append(Turn(cid, due, loop.time() - due, ok, "" if ok else f"{out.status} {out.error or out.action}"))

        t0 = loop.time() + period_s  # the greeting, then the first turn
        turns = warm_turns + int(window_s / period_s) + 1
        killed_at = t0 + warm_turns * period_s + kill_after_s
        for k in range(turns):
            due = t0 + k * period_s
            if due > killed_at and n == len(around):
                await asyncio.sleep(max(0.0, killed_at - loop.time()))
                kill()
                around.append([])
            await asyncio.sleep(max(0.0, due - loop.time()))
            into = around[n] if len(around) > n else done
            tasks += [asyncio.create_task(one(cid, k, due, into)) for cid in ids]
        await asyncio.wait(tasks, timeout=60)
        # Turns due before the kill but still unanswered at it were in flight: they count as hit by the kill.
        hit = [t for t in done if t.due + t.latency_s > killed_at]
        baseline += [t for t in done if t not in hit]
        around[n] += hit
        bad += [t for t in done + around[n] if not t.ok]
        for cid in ids:
            await end_call(http, cid)
        await restart()

    lat = [t.latency_s for ts in around for t in ts]
    return CrashResult(
        kills=len(around),
        calls=calls,
        period_s=period_s,
        baseline_p99_s=round(percentile([t.latency_s for t in baseline], 99), 3),
        after_kill_p50_s=round(percentile(lat, 50), 3),
        after_kill_p99_s=round(percentile(lat, 99), 3),
        after_kill_max_s=round(max(lat), 3) if lat else float("nan"),
        worst_per_kill_s=[round(max((t.latency_s for t in ts), default=0.0), 3) for ts in around],
        turns_after_kills=len(lat),
        errors=len(bad),
        error_samples=sorted({t.detail[:160] for t in bad})[:5],
        loadavg=[round(load0, 2), round(os.getloadavg()[0], 2)],
        said=said,
    )
