"""publish_context heartbeats while the helpdesk holds its answer, so a dead worker is noticed in seconds.

The workflow only benefits once its call site sets a `heartbeat_timeout`
(docs/reliability.md, scenario 1); this checks the activity's half.
"""

from __future__ import annotations

import asyncio

from temporalio.testing import ActivityEnvironment

from activities.helpdesk.activity import HelpdeskActivities
from activities.helpdesk.webhook import WebhookHelpdesk
from tests.fakes.helpdesk import Behaviour, FakeHelpdesk, make_context
from warmline.context import PublishRequest


async def test_publish_heartbeats_while_the_ack_is_held(helpdesk: FakeHelpdesk) -> None:
    helpdesk.on_context("ctx-hb-1", Behaviour.slow(1.6))
    hd = WebhookHelpdesk(helpdesk.url, helpdesk.secret, timeout_s=5)
    beats: list[object] = []
    env = ActivityEnvironment()
    env.on_heartbeat = lambda *details: beats.append(details)
    try:
        ack = await env.run(
            HelpdeskActivities(hd).publish_context, PublishRequest(context=make_context("hb-1", "ctx-hb-1"))
        )
    finally:
        await hd.aclose()
    assert ack.context_id == "ctx-hb-1"
    assert len(beats) >= 2  # every 0.5 s while waiting; the SDK throttles what reaches the server


async def test_cancelled_publish_stops_the_request(helpdesk: FakeHelpdesk) -> None:
    helpdesk.on_context("ctx-hb-2", Behaviour.hang())
    hd = WebhookHelpdesk(helpdesk.url, helpdesk.secret, timeout_s=30)
    env = ActivityEnvironment()
    req = PublishRequest(context=make_context("hb-2", "ctx-hb-2"))
    try:
        run = asyncio.ensure_future(env.run(HelpdeskActivities(hd).publish_context, req))
        assert await helpdesk.wait_until_async(lambda: bool(helpdesk.attempts("ctx-hb-2")), 5)
        env.cancel()
        done, _ = await asyncio.wait({run}, timeout=5)
        assert done, "the activity did not stop on cancellation"
        assert run.cancelled() or isinstance(run.exception(), asyncio.CancelledError)
    finally:
        await hd.aclose()
