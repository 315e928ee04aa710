"""Resident memory per 100 live calls: the worker's and the API's VmRSS before and after `calls` calls.

Each call is started and takes one turn, so its workflow sits in the worker's
cache with a policy, a transcript and trigger state, as a live call does.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from bench.procstat import rss_mb
from bench.turns import UTTERANCES, end_call, new_call_id, start_call, take_turn


@dataclass
class MemoryResult:
    calls: int
    before_mb: dict[str, float]
    after_mb: dict[str, float]

    @property
    def per_100_calls_mb(self) -> dict[str, float]:
        return {k: (self.after_mb[k] - self.before_mb[k]) * 100 / self.calls for k in self.before_mb}


async def measure_memory(http: httpx.AsyncClient, pids: dict[str, int], calls: int) -> MemoryResult:
    before = {k: rss_mb(p) for k, p in pids.items()}
    ids = [new_call_id("mem") for _ in range(calls)]
    sem = asyncio.Semaphore(16)

    async def live(cid: str) -> None:
        async with sem:
            await start_call(http, cid)
            out = await take_turn(http, cid, UTTERANCES[0], f"{cid}-t1")
            if not out.ok:
                raise RuntimeError(f"{cid}: {out}")

    await asyncio.gather(*(live(c) for c in ids))
    await asyncio.sleep(1.0)
    after = {k: rss_mb(p) for k, p in pids.items()}

    async def end(cid: str) -> None:
        async with sem:
            await end_call(http, cid)

    await asyncio.gather(*(end(c) for c in ids))
    return MemoryResult(calls, before, after)
