"""Calls that arrive: N calls start within a window, then each takes a turn every `period` s at fixed instants.

`bench/load.py` starts every call and waits until all are up before the first turn is
due, so it never sees what an outage does to a line: everyone calls at once, and the
first turns land while the later calls are still starting. Here each call is started at
its own arrival instant and its turns are due at `arrival + period * k` (k = 1, 2, ...:
the caller hears the greeting, then speaks), sent whether or not anything before them
has answered (open loop, no coordinated omission). Two arrival modes:

- `spike`: the N arrivals uniformly at random within `window_s` (2 s: the power went out);
- `poisson`: arrivals a Poisson process at `rate` calls per second (exponential gaps), a
  steady line's day.

Latency is counted from the instant something was due: a call's start (`POST /v1/calls`,
whose answer carries the greeting) and each turn, reported apart and together. A request
that fails, or is unanswered `grace_s` after the last turn was due, is an error and
counts in the latency as the time it waited.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import asdict, dataclass, field
from typing import Literal

import httpx

from bench.procstat import cpu_delta_ms, cpu_snapshot
from bench.stats import percentile
from bench.turns import new_call_id, take_turn, utterance

P99_TARGET_MS = 250.0
Mode = Literal["spike", "poisson"]


def arrival_offsets(n: int, mode: Mode, window_s: float = 2.0, rate: float = 2.0, seed: int = 0) -> list[float]:
    """When each of `n` calls arrives, in seconds from the level's start, sorted (seeded: runs compare)."""
    rng = random.Random(seed)
    if mode == "spike":
        return sorted(rng.uniform(0.0, window_s) for _ in range(n))
    t, out = 0.0, []
    for _ in range(n):
        t += rng.expovariate(rate)
        out.append(t)
    return out


def _pcts(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": percentile(samples, 50),
        "p90_ms": percentile(samples, 90),
        "p99_ms": percentile(samples, 99),
        "max_ms": max(samples) if samples else float("nan"),
    }


@dataclass
class ArrivalResult:
    mode: str
    calls: int
    window_s: float
    turns_per_call: int
    period_s: float
    starts: dict[str, float]
    turns: dict[str, float]
    together: dict[str, float]
    start_errors: int
    turn_errors: int
    took_s: float
    cpu_ms_per_turn: dict[str, float] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    # Turn latency by when the turn was due (windows of one period from the level's start): in a spike, which
    # turns the tail belongs to (the first turns, landing while the last calls start, or later ones).
    turns_by_window: list[dict[str, float]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.start_errors + self.turn_errors

    @property
    def holds(self) -> bool:
        """DESIGN.md's spike level: turns under the target at p99, and no errors (starts included)."""
        return self.errors == 0 and self.turns["p99_ms"] <= P99_TARGET_MS

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "errors": self.errors, "holds": self.holds}

    def line(self) -> str:
        s, t, a = self.starts, self.turns, self.together
        cpu = " ".join(f"{k} {v:.1f}" for k, v in self.cpu_ms_per_turn.items())
        return (
            f"{self.mode:7s} N={self.calls:4d} in {self.window_s:5.1f}s | start p50 {s['p50_ms']:6.1f} p99 "
            f"{s['p99_ms']:7.1f} | turn p50 {t['p50_ms']:6.1f} p99 {t['p99_ms']:7.1f} | all p99 {a['p99_ms']:7.1f} "
            f"max {a['max_ms']:7.1f} ms | errors {self.errors} | {'holds' if self.holds else 'MISSES'} | "
            f"cpu ms/turn {cpu} (sum {sum(self.cpu_ms_per_turn.values()):.1f})"
        )


async def run_arrivals(
    http: httpx.AsyncClient,
    calls: int,
    mode: Mode = "spike",
    *,
    window_s: float = 2.0,
    rate: float = 2.0,
    turns_per_call: int = 10,
    period_s: float = 2.0,
    pids: dict[str, int] | None = None,
    grace_s: float = 10.0,
    seed: int = 0,
) -> ArrivalResult:
    """One level: `calls` calls arriving as `mode` says, each then `turns_per_call` turns `period_s` apart.

    CPU per process is counted over the whole level (starts and turns) and divided by the answered
    turns: a start is part of what a turn costs in a spike. Calls are hung up after the level (not counted).
    """
    loop = asyncio.get_running_loop()
    offsets = arrival_offsets(calls, mode, window_s, rate, seed)
    ids = [new_call_id(f"{mode}{calls}") for _ in range(calls)]
    # (latency s, error or None, when it was due: s after the level's start)
    starts: list[tuple[float, str | None, float]] = []
    turns: list[tuple[float, str | None, float]] = []
    inflight: dict[asyncio.Task[None], tuple[float, list[tuple[float, str | None, float]]]] = {}

    async def start(cid: str, due: float) -> None:
        body = {"call_id": cid, "caller": {"number": "+447700900123", "authenticated": True}}
        try:
            r = await http.post("/v1/calls", json=body)
            err = None if r.status_code in (200, 201) and r.json().get("say") else f"{r.status_code} {r.text[:120]}"
        except httpx.HTTPError as e:
            err = f"start: {type(e).__name__}: {e}"
        starts.append((loop.time() - due, err, due - t0))

    async def turn(cid: str, k: int, due: float) -> None:
        out = await take_turn(http, cid, utterance(cid, k), f"{cid}-t{k}")
        ok = out.ok and out.action == "reply"
        turns.append((loop.time() - due, None if ok else f"turn: {out.status} {out.error or out.action}", due - t0))

    async def caller(cid: str, arrives: float) -> None:
        await asyncio.sleep(max(0.0, arrives - loop.time()))
        inflight[asyncio.create_task(start(cid, arrives))] = (arrives, starts)
        for k in range(1, turns_per_call + 1):
            due = arrives + k * period_s
            await asyncio.sleep(max(0.0, due - loop.time()))
            inflight[asyncio.create_task(turn(cid, k, due))] = (due, turns)

    cpu0 = cpu_snapshot(pids) if pids else {}
    t0 = loop.time() + 0.2
    began = time.monotonic()
    await asyncio.gather(*(caller(cid, t0 + off) for cid, off in zip(ids, offsets, strict=True)))
    _, late = await asyncio.wait(inflight, timeout=grace_s)
    for task in late:
        task.cancel()
        due, into = inflight[task]
        into.append((loop.time() - due, f"no answer within {grace_s:g}s of the last turn", due - t0))
    answered = sum(1 for _, e, _ in turns if e is None)  # CPU per turn the line answered (a dropped turn cost little)
    cpu = cpu_delta_ms(cpu0, cpu_snapshot(pids), max(answered, 1)) if pids else {}
    took = time.monotonic() - began
    await _hang_up(http, ids)

    start_ms = [d * 1000 for d, _, _ in starts]
    turn_ms = [d * 1000 for d, _, _ in turns]
    errors = [e for _, e, _ in starts + turns if e]
    return ArrivalResult(
        mode=mode,
        calls=calls,
        window_s=round(offsets[-1] if offsets else 0.0, 2) if mode == "poisson" else window_s,
        turns_per_call=turns_per_call,
        period_s=period_s,
        starts=_pcts(start_ms),
        turns=_pcts(turn_ms),
        together=_pcts(start_ms + turn_ms),
        start_errors=sum(1 for _, e, _ in starts if e),
        turn_errors=sum(1 for _, e, _ in turns if e),
        took_s=round(took, 1),
        cpu_ms_per_turn={k: round(v, 2) for k, v in cpu.items()},
        error_samples=sorted({e[:160] for e in errors})[:5],
        turns_by_window=by_window([(at, d * 1000) for d, _, at in turns], period_s),
    )


async def _hang_up(http: httpx.AsyncClient, ids: list[str]) -> None:
    """Hang every call up (and give CSAT) so its workflow completes; failures here are not the level's."""
    sem = asyncio.Semaphore(16)

    async def one(cid: str) -> None:
        async with sem:
            try:
                await http.post(f"/v1/calls/{cid}/hangup")
                await http.post(f"/v1/calls/{cid}/csat", json={"score": 5})
            except httpx.HTTPError:
                pass

    await asyncio.gather(*(one(c) for c in ids))


def by_window(samples: list[tuple[float, float]], width_s: float) -> list[dict[str, float]]:
    """(due s, latency ms) samples grouped by the window of `width_s` they were due in: from_s, n, p50, p99, max."""
    groups: dict[int, list[float]] = {}
    for at, ms in samples:
        groups.setdefault(int(at // width_s), []).append(ms)
    return [
        {"from_s": k * width_s, **{key: round(v, 1) for key, v in _pcts(groups[k]).items()}} for k in sorted(groups)
    ]


def window_line(windows: list[dict[str, float]]) -> str:
    """`from_s: p50 / p99` for each window, the shape of a spike's tail in one line."""
    return "  ".join(f"{w['from_s']:g}s: {w['p50_ms']:.0f}/{w['p99_ms']:.0f}" for w in windows)


def largest_holding(results: list[ArrivalResult]) -> int | None:
    held = [r.calls for r in results if r.holds]
    return max(held) if held else None
