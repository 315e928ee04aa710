"""Scenario 2: the Temporal dev server is killed -9 mid-call and restarted on the same SQLite file.

The call goes on with its transcript intact. While Temporal is down, the API
answers 503 with Retry-After, never a 500: every status of every request the
gateway and a poller sent during the outage is collected and checked.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from runtime.stack import eventually
from tests.reliability.gateway import Gateway, caller_turns
from tests.reliability.report import record
from tests.reliability.stack import Stack

# runtime.temporal.FAIL_FAST gives up on an unreachable server after ~2 s (the SDK's default was 10 s).
SLOWEST_503_S = 5.0
pytestmark = pytest.mark.slow

SAID = [
    "hi, what time does your phone team close tonight?",
    "how can I pay my bill?",
    "I want to speak to a real person",
]


async def poll(gw: Gateway, call_id: str, stop: asyncio.Event) -> None:
    """GET the call on every API, over and over, until told to stop (every answer lands in `gw.seen`)."""
    while not stop.is_set():
        for api in gw.apis:
            poller = Gateway([api], give_up_s=0)
            try:
                await poller.request("GET", f"/v1/calls/{call_id}")
            except TimeoutError:
                pass  # a 503 with give_up_s=0: recorded, and that is all we want here
            gw.seen.extend(poller.seen)
        await asyncio.sleep(0.1)


async def test_temporal_killed_and_restarted_mid_call_keeps_the_call_and_answers_503_meanwhile(stack: Stack) -> None:
    gw, watcher = Gateway(stack.api_urls), Gateway(stack.api_urls)
    call_id = f"temporal-restart-{time.time_ns()}"
    await gw.start_call(call_id)
    r1 = await gw.turn(call_id, SAID[0], turn_id=f"{call_id}-t1")
    assert r1["action"] == "reply"

    stop = asyncio.Event()
    polling = asyncio.create_task(poll(watcher, call_id, stop))
    stack.temporal.kill()
    t_kill = time.monotonic()
    turn2 = asyncio.create_task(gw.turn(call_id, SAID[1], turn_id=f"{call_id}-t2"))

    async def outage_seen() -> bool:
        """Every API refused a GET twice and the gateway's turn at least once: the outage was felt everywhere."""
        gets = [s.api for s in watcher.seen if s.status == 503]
        return all(gets.count(api) >= 2 for api in gw.apis) and any(s.status == 503 for s in gw.seen)

    await eventually("the outage seen by every API and the gateway", outage_seen, 60)
    down_s = time.monotonic() - t_kill
    t_restart = time.monotonic()
    restart_s = await stack.start_temporal()
    r2 = await asyncio.wait_for(turn2, 90)
    t_answered = time.monotonic()
    turn2_after_restart_s = t_answered - t_restart
    stop.set()
    await polling

    assert r2["action"] == "reply" and r2["turn"] == 2, r2
    r3 = await gw.turn(call_id, SAID[2], turn_id=f"{call_id}-t3")
    assert r3["action"] == "transfer" and r3["turn"] == 3 and r3["transfer"]["context_delivered"], r3
    view = await gw.get_call(call_id)
    assert caller_turns(view) == SAID
    assert view["turn"] == 3 and view["transcript"][0]["speaker"] == "ai"

    seen = [s for s in [*watcher.seen, *gw.seen] if t_kill <= s.at <= t_answered]  # the outage and recovery
    statuses = sorted({s.status if s.status is not None else s.error for s in seen}, key=str)
    assert statuses == [200, 503], f"statuses seen around the outage: {statuses}"
    assert all(s.retry_after for s in seen if s.status == 503), "a 503 without Retry-After"
    slowest_503 = max(s.took_s for s in seen if s.status == 503)
    assert slowest_503 < SLOWEST_503_S, "the API kept the gateway waiting for its 503"
    record(
        "temporal_restart",
        outage_s=round(down_s + restart_s, 2),
        dev_server_restart_s=round(restart_s, 2),
        turn_answered_after_restart_s=round(turn2_after_restart_s, 2),
        answered_503=sum(s.status == 503 for s in seen),
        slowest_503_s=round(slowest_503, 2),
        answered_200=sum(s.status == 200 for s in seen),
        statuses=statuses,
    )
