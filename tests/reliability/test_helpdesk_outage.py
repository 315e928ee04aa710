"""Scenario 3: the helpdesk is down while a call escalates.

The turn follows `handoff.on_ack_timeout: transfer` (the caller is transferred
with `context_delivered: false` after `ack_timeout_s`), delivery keeps retrying,
and the payload arrives once the helpdesk is back, with the delay recorded in
`GET /v1/calls/{id}` (escalation.delivered_at, ack_latency_s).

The outage lasts RELIABILITY_HELPDESK_OUTAGE_S seconds (default 10, to keep CI
short); docs/reliability.md shows the one-minute run.
"""

from __future__ import annotations

import os
import time
from datetime import datetime

import pytest

from tests.fakes.helpdesk import Behaviour, FakeHelpdesk
from tests.reliability.gateway import Gateway, caller_turns
from tests.reliability.report import record
from tests.reliability.stack import Stack
from warmline.policy_file import load_policy

OUTAGE_S = float(os.environ.get("RELIABILITY_HELPDESK_OUTAGE_S", "10"))
MAX_BACKOFF_S = (
    10.0  # workflows/options.py LIVE_DELIVERY_RETRY.maximum_interval: the most a retry waits after the outage
)
pytestmark = pytest.mark.slow


@pytest.mark.timeout(OUTAGE_S + 120)
async def test_helpdesk_down_transfers_on_ack_timeout_and_delivers_once_it_is_back(
    stack: Stack, helpdesk: FakeHelpdesk
) -> None:
    handoff = load_policy(stack.env["WARMLINE_POLICY"]).handoff
    assert handoff.on_ack_timeout == "transfer"
    gw = Gateway(stack.api_urls)
    call_id = f"helpdesk-down-{time.time_ns()}"
    helpdesk.on_call(call_id, Behaviour.down(for_s=OUTAGE_S))  # 503 from the first attempt until OUTAGE_S later
    await gw.start_call(call_id)
    said = ["my wifi keeps cutting out every few minutes", "I want to speak to a real person"]
    assert (await gw.turn(call_id, said[0]))["action"] == "reply"

    t0 = time.monotonic()
    r = await gw.turn(call_id, said[1])
    turn_s = time.monotonic() - t0
    assert r["action"] == "transfer" and r["transfer"]["context_delivered"] is False, r
    assert handoff.ack_timeout_s <= turn_s < handoff.ack_timeout_s + 5
    context_id = r["transfer"]["context_id"]
    assert not helpdesk.acked().get(context_id)

    ack = await helpdesk.wait_for_ack(context_id, timeout=OUTAGE_S + MAX_BACKOFF_S + 20)
    attempts = helpdesk.attempts(context_id)
    assert [d.acked for d in attempts].count(True) == 1 and attempts[-1] is ack  # retried until the one ack
    assert {d.idempotency_key for d in attempts} == {context_id} and all(d.sig_ok for d in attempts)
    first = attempts[0].received_at
    assert OUTAGE_S <= ack.received_at - first < OUTAGE_S + MAX_BACKOFF_S + 2

    view = await gw.get_call(call_id)
    deadline = time.monotonic() + 20
    while not view["escalation"]["context_delivered"] and time.monotonic() < deadline:  # the ack reaches history
        view = await gw.get_call(call_id)
    esc = view["escalation"]
    assert esc["context_delivered"] and esc["delivered_before_transfer"] is False
    delay_s = (
        datetime.fromisoformat(esc["delivered_at"]) - datetime.fromisoformat(esc["requested_at"])
    ).total_seconds()
    assert esc["ack_latency_s"] >= OUTAGE_S and delay_s >= OUTAGE_S - 1
    assert esc["helpdesk_ticket"] == f"T-{context_id[:8]}"
    assert caller_turns(view) == said
    assert (ack.payload or {})["transcript"][-1]["text"] == said[1]  # the payload as it was at the handoff
    record(
        "helpdesk_outage",
        outage_s=OUTAGE_S,
        turn_s=round(turn_s, 2),
        attempts=len(attempts),
        ack_latency_s=esc["ack_latency_s"],
        delivered_after_outage_s=round(ack.received_at - first - OUTAGE_S, 2),
    )
