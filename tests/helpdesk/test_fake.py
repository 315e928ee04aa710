"""The fake helpdesk's own programming, so workflow tests can rely on it."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from activities.helpdesk.webhook import WebhookHelpdesk
from tests.fakes.helpdesk import Behaviour, FakeHelpdesk, by_prefix, make_context
from warmline.errors import HelpdeskUnavailable


async def test_behaviour_resolution_order(fake_helpdesk: FakeHelpdesk) -> None:
    fake_helpdesk.default = Behaviour.reject(400)
    fake_helpdesk.choose = by_prefix({"ok-": Behaviour.ok(), "down-": Behaviour.down()})
    fake_helpdesk.on_call("down-2", Behaviour.garbage())
    fake_helpdesk.on_context("ctx-c", Behaviour.ok(ticket=False))
    hd = WebhookHelpdesk(fake_helpdesk.url, fake_helpdesk.secret, timeout_s=1)
    cases = {("down-1", "ctx-a"): 503, ("down-2", "ctx-b"): 200, ("down-1", "ctx-c"): 200, ("x", "ctx-d"): 400}
    for call_id, context_id in cases:
        try:
            await hd.publish(make_context(call_id=call_id, context_id=context_id), 1)
        except Exception:
            pass
    await hd.aclose()
    got = {(d.call_id, d.context_id): d.status for d in fake_helpdesk.deliveries()}
    assert got == cases
    assert fake_helpdesk.acked()["ctx-b"].behaviour.kind == "garbage"


async def test_down_for_a_while_then_acks(fake_helpdesk: FakeHelpdesk) -> None:
    fake_helpdesk.default = Behaviour.down(for_s=0.3)
    hd = WebhookHelpdesk(fake_helpdesk.url, fake_helpdesk.secret, timeout_s=1)
    deadline = time.monotonic() + 3
    attempt = 0
    while time.monotonic() < deadline:  # retrying is the point here, as Temporal would
        attempt += 1
        try:
            await hd.publish(make_context(), attempt)
            break
        except HelpdeskUnavailable:
            await asyncio.sleep(0.05)
    await hd.aclose()
    ack = await fake_helpdesk.wait_for_ack("ctx-1", timeout=0.1)
    first = fake_helpdesk.attempts("ctx-1")[0]
    assert attempt > 1 and ack.received_at - first.received_at >= 0.3


async def test_hung_request_is_visible_before_it_times_out(fake_helpdesk: FakeHelpdesk) -> None:
    fake_helpdesk.default = Behaviour.hang()
    hd = WebhookHelpdesk(fake_helpdesk.url, fake_helpdesk.secret, timeout_s=2)
    task = asyncio.create_task(hd.publish(make_context(), 1))
    [d] = await fake_helpdesk.wait_for_attempts("ctx-1", 1, timeout=1)
    assert d.status is None and not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await hd.aclose()


async def test_unsigned_request_is_recorded_as_such(fake_helpdesk: FakeHelpdesk) -> None:
    async with httpx.AsyncClient() as c:
        r = await c.post(fake_helpdesk.url, json={"context_id": "ctx-u", "call_id": "c"})
    assert r.status_code == 200
    [d] = fake_helpdesk.attempts("ctx-u")
    assert not d.sig_ok and d.idempotency_key is None


async def test_wait_for_ack_fails_clearly(fake_helpdesk: FakeHelpdesk) -> None:
    with pytest.raises(AssertionError, match=r"ctx-never not acknowledged within 0\.05s"):
        await fake_helpdesk.wait_for_ack("ctx-never", timeout=0.05)
