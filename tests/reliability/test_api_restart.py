"""Scenario 4: the API process is killed -9 and restarted mid-call, under a gateway that retries.

The gateway sends every request again, with the same `turn_id`, until it gets
an answer. The API dies once between turns (the retries meet a closed port) and
once with a turn in flight (the helpdesk holds the ack, so the kill lands while
the turn's update runs); every turn is applied exactly once all the same.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.fakes.helpdesk import Behaviour, FakeHelpdesk
from tests.reliability.gateway import Gateway, caller_turns
from tests.reliability.report import record
from tests.reliability.stack import Stack

pytestmark = pytest.mark.slow
SAID = [
    "hi, what time does your phone team close tonight?",
    "how can I pay my bill?",
    "my wifi keeps cutting out every few minutes",
    "I want to speak to a real person",
]


async def test_api_restarted_mid_call_applies_every_retried_turn_once(stack: Stack, helpdesk: FakeHelpdesk) -> None:
    api = stack.apis[0]
    gw = Gateway([stack.api_url(0)], pause_s=0.1)  # one API, so its restart is felt, not routed around
    call_id = f"api-restart-{time.time_ns()}"
    helpdesk.on_call(call_id, Behaviour.slow(3.0))
    await gw.start_call(call_id)
    answers = [await gw.turn(call_id, SAID[0], turn_id=f"{call_id}-t1")]

    # 1. The API is gone when the gateway sends turn 2: refused until it is back.
    api.kill()
    turn2 = asyncio.create_task(gw.turn(call_id, SAID[1], turn_id=f"{call_id}-t2"))
    t0 = time.monotonic()
    restart_between_s = await stack.start_api(api)
    answers.append(await asyncio.wait_for(turn2, 60))
    gap_between_s = time.monotonic() - t0
    answers.append(await gw.turn(call_id, SAID[2], turn_id=f"{call_id}-t3"))

    # 2. The API dies while turn 4 waits for the helpdesk's ack; the retry finds the same update.
    turn4 = asyncio.create_task(gw.turn(call_id, SAID[3], turn_id=f"{call_id}-t4"))
    assert await helpdesk.wait_until_async(lambda: any(d.call_id == call_id for d in helpdesk.deliveries()), 30)
    api.kill()
    t1 = time.monotonic()
    await stack.start_api(api)
    answers.append(await asyncio.wait_for(turn4, 60))
    gap_in_flight_s = time.monotonic() - t1

    assert [a["turn"] for a in answers] == [1, 2, 3, 4]
    assert [a["action"] for a in answers] == ["reply", "reply", "reply", "transfer"]
    broken = [s for s in gw.seen if s.status is None]
    assert broken, "the gateway never saw the API go away"
    assert all(s.status in (200, 201, None) for s in gw.seen), gw.statuses()

    view = await gw.get_call(call_id)
    assert caller_turns(view) == SAID  # each caller turn once, in order
    assert view["turn"] == 4 and view["status"] == "transferring"
    assert len([d for d in helpdesk.deliveries() if d.call_id == call_id and d.acked]) == 1
    record(
        "api_restart",
        api_restart_s=round(restart_between_s, 2),
        turn_delay_api_down_between_turns_s=round(gap_between_s, 2),
        turn_delay_api_killed_in_flight_s=round(gap_in_flight_s, 2),
        gateway_attempts=len(gw.seen),
        dropped_connections=len(broken),
    )
