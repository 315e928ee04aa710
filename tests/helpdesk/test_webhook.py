"""WebhookHelpdesk against the fake helpdesk (real HTTP) and against scripted answers (MockTransport)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import AsyncIterator, Callable, MutableMapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from activities.helpdesk.webhook import WebhookHelpdesk, WebhookRejected, verify
from tests.fakes.helpdesk import Behaviour, FakeHelpdesk, make_context
from warmline.context import ANSWERED
from warmline.errors import HelpdeskRejected, HelpdeskUnavailable

FAST = 0.5  # client timeout in these tests: a hang costs half a second, not five


@pytest.fixture
async def helpdesk(fake_helpdesk: FakeHelpdesk) -> AsyncIterator[Callable[..., WebhookHelpdesk]]:
    """Adapters pointed at the fake, their HTTP clients closed after the test."""
    made: list[WebhookHelpdesk] = []

    def make(fake: FakeHelpdesk = fake_helpdesk, timeout_s: float = FAST) -> WebhookHelpdesk:
        made.append(WebhookHelpdesk(fake.url, fake.secret, timeout_s=timeout_s))
        return made[-1]

    yield make
    for hd in made:
        await hd.aclose()


def scripted(handler: Callable[[httpx.Request], httpx.Response]) -> WebhookHelpdesk:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return WebhookHelpdesk("https://desk.example.com/hooks/warmline", "k", timeout_s=FAST, client=client)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_publish_posts_signed_payload_and_returns_ack(
    fake_helpdesk: FakeHelpdesk, helpdesk: Callable[..., WebhookHelpdesk]
) -> None:
    ctx = make_context(call_id="call-7", context_id="ctx-abcdef123")
    before = datetime.now(UTC)
    ack = await helpdesk().publish(ctx, attempt=4)

    assert ack.context_id == "ctx-abcdef123"
    assert ack.ticket_id == "T-ctx-abcd"
    assert ack.attempts == 4
    assert before <= ack.acked_at <= datetime.now(UTC)
    [d] = fake_helpdesk.attempts("ctx-abcdef123")
    assert d.sig_ok
    assert d.raw == ctx.model_dump_json().encode()
    assert d.payload == json.loads(ctx.model_dump_json())
    assert d.headers["content-type"] == "application/json"
    assert d.idempotency_key == "ctx-abcdef123"
    assert verify(fake_helpdesk.secret, d.headers["x-warmline-signature"], d.raw, now=time.time())
    assert d.status == 200 and d.answered_at is not None and d.answered_at >= d.received_at
    assert fake_helpdesk.acked()["ctx-abcdef123"] is d


async def test_every_attempt_carries_the_context_id_as_idempotency_key(
    fake_helpdesk: FakeHelpdesk, helpdesk: Callable[..., WebhookHelpdesk]
) -> None:
    fake_helpdesk.on_context("ctx-1", Behaviour.flaky(2))
    hd = helpdesk()
    for attempt in (1, 2):
        with pytest.raises(HelpdeskUnavailable):
            await hd.publish(make_context(), attempt)
    ack = await hd.publish(make_context(), 3)
    assert ack.attempts == 3
    attempts = fake_helpdesk.attempts("ctx-1")
    assert [d.status for d in attempts] == [503, 503, 200]
    assert {d.idempotency_key for d in attempts} == {"ctx-1"}
    assert all(d.sig_ok for d in attempts)
    assert fake_helpdesk.acked()["ctx-1"] is attempts[2]


@pytest.mark.parametrize(
    "behaviour",
    [Behaviour.ok(ticket=False), Behaviour.garbage(), Behaviour.ok(status=204), Behaviour.ok(status=202, ticket=False)],
    ids=["json-without-ticket", "non-json", "empty-204", "202"],
)
async def test_any_2xx_is_an_ack_even_without_ticket(
    fake_helpdesk: FakeHelpdesk, behaviour: Behaviour, helpdesk: Callable[..., WebhookHelpdesk]
) -> None:
    fake_helpdesk.default = behaviour
    ack = await helpdesk().publish(make_context(), 1)
    assert ack.context_id == "ctx-1"
    assert ack.ticket_id is None


@pytest.mark.parametrize(
    ("body", "ticket"),
    [(b'{"ticket_id": 42}', "42"), (b'{"ticket_id": ""}', None), (b'{"ticket_id": true}', None), (b"[1]", None)],
)
async def test_ticket_id_is_taken_only_when_usable(body: bytes, ticket: str | None) -> None:
    hd = scripted(lambda _: httpx.Response(201, content=body))
    assert (await hd.publish(make_context(), 1)).ticket_id == ticket


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408, 429])
async def test_transient_statuses_raise_retryable(status: int) -> None:
    hd = scripted(lambda _: httpx.Response(status, headers={"Retry-After": "7"}, text="busy"))
    with pytest.raises(HelpdeskUnavailable) as err:
        await hd.publish(make_context(), 1)
    assert err.value.status == status
    assert err.value.retry_after == "7"
    assert f"answered {status}" in str(err.value) and "Retry-After: 7" in str(err.value)
    assert not isinstance(err.value, HelpdeskRejected)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 422, 301])
async def test_other_answers_raise_rejected_with_status_and_snippet(status: int) -> None:
    long = "bad signature " + "x" * 500
    hd = scripted(lambda _: httpx.Response(status, text=long))
    with pytest.raises(WebhookRejected) as err:
        await hd.publish(make_context(), 1)
    assert isinstance(err.value, HelpdeskRejected)
    assert err.value.status == status
    assert err.value.body_snippet.startswith("bad signature") and len(err.value.body_snippet) <= 201
    assert str(status) in str(err.value) and "ctx-1" in str(err.value)


async def test_reject_from_the_fake_is_rejected(
    fake_helpdesk: FakeHelpdesk, helpdesk: Callable[..., WebhookHelpdesk]
) -> None:
    fake_helpdesk.default = Behaviour.reject(400)
    with pytest.raises(WebhookRejected, match="400"):
        await helpdesk().publish(make_context(), 1)
    assert fake_helpdesk.attempts("ctx-1")[0].status == 400
    assert fake_helpdesk.acked() == {}


async def test_down_until_up(fake_helpdesk: FakeHelpdesk, helpdesk: Callable[..., WebhookHelpdesk]) -> None:
    fake_helpdesk.default = Behaviour.down()
    hd = helpdesk()
    with pytest.raises(HelpdeskUnavailable, match="503"):
        await hd.publish(make_context(), 1)
    fake_helpdesk.up()
    assert (await hd.publish(make_context(), 2)).attempts == 2


async def test_timeout_raises_retryable(fake_helpdesk: FakeHelpdesk, helpdesk: Callable[..., WebhookHelpdesk]) -> None:
    fake_helpdesk.default = Behaviour.hang()
    t0 = time.monotonic()
    with pytest.raises(HelpdeskUnavailable, match=r"did not answer within 0\.2s"):
        await helpdesk(timeout_s=0.2).publish(make_context(), 1)
    assert time.monotonic() - t0 < 2
    [d] = fake_helpdesk.attempts("ctx-1")
    assert d.sig_ok and d.status is None


async def test_slow_answer_within_timeout_is_an_ack(
    fake_helpdesk: FakeHelpdesk, helpdesk: Callable[..., WebhookHelpdesk]
) -> None:
    fake_helpdesk.choose = lambda call_id: Behaviour.slow(0.2) if call_id.startswith("slow-") else None
    ack = await helpdesk().publish(make_context(call_id="slow-1"), 1)
    [d] = fake_helpdesk.attempts("ctx-1")
    assert ack.ticket_id == "T-ctx-1" and d.behaviour.kind == "slow"
    assert d.answered_at is not None and d.answered_at - d.received_at >= 0.2


async def test_connection_refused_raises_retryable_without_leaking_credentials() -> None:
    url = f"http://user:hunter2@127.0.0.1:{closed_port()}/tickets?token=abc"
    with pytest.raises(HelpdeskUnavailable, match="could not reach helpdesk") as err:
        await WebhookHelpdesk(url, "k", timeout_s=FAST).publish(make_context(), 1)
    assert "hunter2" not in str(err.value) and "token" not in str(err.value)
    assert err.value.status is None


async def test_withdraw_posts_signed_event(
    fake_helpdesk: FakeHelpdesk, helpdesk: Callable[..., WebhookHelpdesk]
) -> None:
    await helpdesk().withdraw("ctx-9", "call-9", "abandoned")
    d = await fake_helpdesk.wait_for_withdrawal("ctx-9", timeout=10)
    assert d.sig_ok
    assert d.idempotency_key == "ctx-9:withdrawn"
    assert d.payload == {"event": "withdrawn", "context_id": "ctx-9", "call_id": "call-9", "reason": "abandoned"}
    assert fake_helpdesk.attempts("ctx-9") == []


async def test_an_answered_caller_is_not_reported_as_withdrawn(
    fake_helpdesk: FakeHelpdesk, helpdesk: Callable[..., WebhookHelpdesk]
) -> None:
    """The helpdesk's own agent has the call: "withdrawn" would read as the caller leaving, so nothing is sent."""
    await helpdesk().withdraw("ctx-8", "call-8", ANSWERED)
    await helpdesk().withdraw("ctx-7", "call-7", "abandoned")
    await fake_helpdesk.wait_for_withdrawal("ctx-7", timeout=10)
    assert fake_helpdesk.withdrawals("ctx-8") == [] and len(fake_helpdesk.withdrawals("ctx-7")) == 1


@pytest.mark.parametrize("answer", ["refused", "500", "hang"])
async def test_withdraw_failures_are_logged_and_swallowed(answer: str, logs: list[MutableMapping[str, Any]]) -> None:
    if answer == "refused":
        hd = WebhookHelpdesk(f"http://127.0.0.1:{closed_port()}/x", "k", timeout_s=FAST)
    elif answer == "500":
        hd = scripted(lambda _: httpx.Response(500, text="oops"))
    else:

        def hang(_: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("timed out")

        hd = scripted(hang)
    await hd.withdraw("ctx-1", "call-1", "abandoned")  # does not raise
    [event] = [e for e in logs if e["event"].startswith("withdrawal")]
    assert event["log_level"] == "warning"
    assert event["context_id"] == "ctx-1" and event["call_id"] == "call-1"


async def test_owned_client_is_reused_and_closed(
    fake_helpdesk: FakeHelpdesk, helpdesk: Callable[..., WebhookHelpdesk]
) -> None:
    hd = helpdesk()
    await hd.publish(make_context(context_id="a"), 1)
    first = hd._client
    await hd.publish(make_context(context_id="b"), 1)
    assert hd._client is first is not None
    await hd.aclose()
    assert hd._client is None


async def test_shared_client_is_not_closed() -> None:
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(200)))
    hd = WebhookHelpdesk("https://x.example/h", "k", client=client)
    await hd.aclose()
    assert not client.is_closed
    await client.aclose()


async def test_signature_uses_the_injected_clock() -> None:
    seen: list[httpx.Request] = []

    def record(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return httpx.Response(200)

    t = 1_741_000_000.9
    client = httpx.AsyncClient(transport=httpx.MockTransport(record))
    await WebhookHelpdesk("https://x.example/h", "k", client=client, clock=lambda: t).publish(make_context(), 1)
    header = seen[0].headers["X-Warmline-Signature"]
    assert header.startswith("t=1741000000,v1=")
    assert verify("k", header, seen[0].content, now=t)
    assert not verify("k", header, seen[0].content, now=t + timedelta(minutes=6).total_seconds())
