"""Warmline turns over HTTP: the client side of every benchmark, and the sequential turn latency.

A call here is the gateway's view: `POST /v1/calls`, then `POST /v1/calls/{id}/turns`.
The utterances are ones the demo policy answers (`reply`) however often the topic
repeats, so a call stays with the AI for as many turns as a benchmark needs; each
one is worded differently (who is calling, the time), so no turn is answered from
the sentence-embedding cache: callers' words rarely repeat, and a bench whose
utterances did would measure a cache.
"""

from __future__ import annotations

import itertools
import time
import uuid
from dataclasses import dataclass

import httpx

from bench.procstat import cpu_delta_ms, cpu_snapshot
from bench.stats import Block

# The demo policy answers each of these however often it repeats. A call keeps to one topic
# (as most calls do), so its intent, and the search attributes shown to operators, stay put. Not the data
# allowance: a caller asking "how much data have I got left" again right after the answer is telling the line
# the answer did not help (a failure, then a transfer), which a spike then counted as errors
# (bench/README.md, "Quiet-box run, 2026-12-04"). `tests/test_bench_utterances.py` keeps these answered.
TOPICS = (
    ("does my plan work abroad", "what does roaming cost in Spain", "will my phone work in France"),
    ("what time do you open", "what are your opening hours", "what time does the shop close"),
)
UTTERANCES = tuple(u for topic in TOPICS for u in topic)


NAMES = ("Sam", "Priya", "Tom", "Aisha", "Jack", "Mei", "Olu", "Ana", "Kasia", "Dev", "Rosa", "Finn")
_said = itertools.count()


def utterance(call_id: str, k: int) -> str:
    """The caller's k-th utterance on call `call_id`: the call's own topic, paraphrased, never twice the same."""
    topic = TOPICS[sum(call_id.encode()) % len(TOPICS)]
    return worded(topic[k % len(topic)], next(_said))


DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def worded(phrase: str, n: int) -> str:
    """`phrase` as the n-th caller says it: another name, day or time each time (unique for n < 60 480)."""
    clock, name, day = n % 720, n // 720 % len(NAMES), n // (720 * len(NAMES)) % len(DAYS)
    return f"hi, {NAMES[name]} here, {phrase}, it's {DAYS[day]} {clock // 60 + 1}:{clock % 60:02d}"


ESCALATING = "can I speak to a real person please"


@dataclass
class TurnOutcome:
    ms: float
    status: int
    action: str | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200


def http_client(base_url: str, connections: int = 100) -> httpx.AsyncClient:
    """One keep-alive client for a whole benchmark (as a gateway would hold one)."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=httpx.Timeout(30.0))


def new_call_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


async def start_call(http: httpx.AsyncClient, call_id: str) -> None:
    r = await http.post(
        "/v1/calls", json={"call_id": call_id, "caller": {"number": "+447700900123", "authenticated": True}}
    )
    if r.status_code not in (200, 201):
        raise RuntimeError(f"starting {call_id}: {r.status_code} {r.text[:200]}")


async def wait_ready(http: httpx.AsyncClient, call_id: str) -> None:
    """Return once the call's workflow has run its first task (greeting, policy): a GET is a query,
    answered only after that task. Calls in a real line start spread out; a load level starts them
    all at once, and without this the first turns would queue behind a burst of call start-ups."""
    r = await http.get(f"/v1/calls/{call_id}")
    if r.status_code != 200:
        raise RuntimeError(f"reading {call_id}: {r.status_code} {r.text[:200]}")


async def take_turn(http: httpx.AsyncClient, call_id: str, text: str, turn_id: str | None = None) -> TurnOutcome:
    body: dict[str, object] = {"text": text, "asr_confidence": 0.95}
    if turn_id:
        body["turn_id"] = turn_id
    t0 = time.perf_counter()
    try:
        r = await http.post(f"/v1/calls/{call_id}/turns", json=body)
    except httpx.HTTPError as e:
        return TurnOutcome((time.perf_counter() - t0) * 1000, 0, None, f"{type(e).__name__}: {e}")
    ms = (time.perf_counter() - t0) * 1000
    if r.status_code != 200:
        return TurnOutcome(ms, r.status_code, None, r.text[:200])
    return TurnOutcome(ms, 200, r.json().get("action"))


async def end_call(http: httpx.AsyncClient, call_id: str) -> None:
    """Hang up and give CSAT, so the workflow records its outcome and completes."""
    await http.post(f"/v1/calls/{call_id}/hangup")
    await http.post(f"/v1/calls/{call_id}/csat", json={"score": 5})


async def measure_turns(
    http: httpx.AsyncClient,
    calls: int = 10,
    turns_per_call: int = 20,
    warmup: int = 10,
    pids: dict[str, int] | None = None,
) -> Block:
    """Sequential turns, round-robin over `calls` live calls; each turn's latency in ms (warm-up dropped).

    CPU is counted over the measured turns only (not the calls' start and end).
    """
    ids = [new_call_id("turns") for _ in range(calls)]
    for cid in ids:
        await start_call(http, cid)
    samples: list[float] = []
    cpu0: dict[str, float] = {}
    for i in range(warmup + calls * turns_per_call):
        if i == warmup and pids:
            cpu0 = cpu_snapshot(pids)
        cid = ids[i % calls]
        out = await take_turn(http, cid, utterance(cid, i // calls), f"{cid}-t{i}")
        if not out.ok or out.action != "reply":
            raise RuntimeError(f"turn {i} of {cid}: {out}")
        if i >= warmup:
            samples.append(out.ms)
    cpu = cpu_delta_ms(cpu0, cpu_snapshot(pids), len(samples)) if pids and cpu0 else {}
    for cid in ids:
        await end_call(http, cid)
    return Block(samples, cpu)
