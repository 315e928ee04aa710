"""The helpdesk activities: attempts numbered from activity info, failures logged and raised for retry."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator, MutableMapping
from datetime import datetime
from typing import Any

import pytest
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment
from temporalio.worker import Worker

from activities.helpdesk.activity import HelpdeskActivities, WithdrawResult
from activities.helpdesk.webhook import WebhookHelpdesk, WebhookRejected
from tests.fakes.helpdesk import Behaviour, FakeHelpdesk, make_context
from tests.helpdesk.retry_workflow import DeliverContext
from warmline.context import PublishRequest, WithdrawRequest
from warmline.errors import HelpdeskUnavailable


def env_at(attempt: int) -> ActivityEnvironment:
    env = ActivityEnvironment()
    env.info = dataclasses.replace(ActivityEnvironment.default_info(), attempt=attempt)
    return env


@pytest.fixture
async def acts(fake_helpdesk: FakeHelpdesk) -> AsyncIterator[HelpdeskActivities]:
    hd = WebhookHelpdesk(fake_helpdesk.url, fake_helpdesk.secret, timeout_s=0.3)
    yield HelpdeskActivities(hd)
    await hd.aclose()


def events(logs: list[MutableMapping[str, Any]], name: str) -> list[MutableMapping[str, Any]]:
    return [e for e in logs if e["event"] == name]


async def test_publish_returns_ack_numbered_by_activity_attempt(
    acts: HelpdeskActivities, fake_helpdesk: FakeHelpdesk, logs: list[MutableMapping[str, Any]]
) -> None:
    ack = await env_at(3).run(acts.publish_context, PublishRequest(context=make_context(call_id="call-3")))
    assert ack.context_id == "ctx-1" and ack.ticket_id == "T-ctx-1" and ack.attempts == 3
    assert fake_helpdesk.acked()["ctx-1"].sig_ok
    [ok] = events(logs, "context acknowledged")
    assert ok["call_id"] == "call-3" and ok["context_id"] == "ctx-1" and ok["attempt"] == 3
    assert ok["helpdesk"] == "webhook" and ok["ticket_id"] == "T-ctx-1"


@pytest.mark.parametrize("behaviour", [Behaviour.down(), Behaviour.hang()], ids=["503", "timeout"])
async def test_transient_failure_is_logged_as_warning_and_raised(
    acts: HelpdeskActivities, fake_helpdesk: FakeHelpdesk, logs: list[MutableMapping[str, Any]], behaviour: Behaviour
) -> None:
    fake_helpdesk.default = behaviour
    with pytest.raises(HelpdeskUnavailable):
        await env_at(2).run(acts.publish_context, PublishRequest(context=make_context()))
    [failed] = events(logs, "context delivery failed; will retry")
    assert failed["log_level"] == "warning"
    assert failed["call_id"] == "call-1" and failed["context_id"] == "ctx-1" and failed["attempt"] == 2
    assert failed["error_type"] == "HelpdeskUnavailable"


async def test_rejection_is_logged_as_error_and_raised(
    acts: HelpdeskActivities, fake_helpdesk: FakeHelpdesk, logs: list[MutableMapping[str, Any]]
) -> None:
    fake_helpdesk.default = Behaviour.reject(401)
    with pytest.raises(WebhookRejected):
        await env_at(1).run(acts.publish_context, PublishRequest(context=make_context()))
    [rejected] = events(logs, "helpdesk rejected the context; will retry")
    assert rejected["log_level"] == "error" and "401" in rejected["error"]
    assert rejected["context_id"] == "ctx-1" and rejected["attempt"] == 1


async def test_withdraw_context(acts: HelpdeskActivities, fake_helpdesk: FakeHelpdesk) -> None:
    req = WithdrawRequest(context_id="ctx-5", call_id="call-5")
    result = await env_at(1).run(acts.withdraw_context, req)
    assert isinstance(result, WithdrawResult)
    assert result.context_id == "ctx-5" and result.helpdesk == "webhook"
    assert isinstance(result.requested_at, datetime) and result.requested_at.tzinfo is not None
    d = await fake_helpdesk.wait_for_withdrawal("ctx-5", timeout=10)
    assert d.payload is not None and d.payload["reason"] == "abandoned"


class Exploding:
    """A helpdesk whose withdraw fails, like the desk adapter when its database is down."""

    name = "exploding"

    async def publish(self, context: Any, attempt: int) -> Any:
        raise RuntimeError("database is locked")

    async def withdraw(self, context_id: str, call_id: str, reason: str) -> None:
        raise RuntimeError("database is locked")


async def test_adapter_errors_propagate_for_retry(logs: list[MutableMapping[str, Any]]) -> None:
    acts = HelpdeskActivities(Exploding())
    with pytest.raises(RuntimeError):
        await env_at(1).run(acts.publish_context, PublishRequest(context=make_context()))
    with pytest.raises(RuntimeError):
        await env_at(1).run(acts.withdraw_context, WithdrawRequest(context_id="ctx-1", call_id="call-1"))
    assert events(logs, "withdrawal failed; will retry")[0]["helpdesk"] == "exploding"


async def test_temporal_retries_until_the_helpdesk_acks(
    temporal_env: WorkflowEnvironment, fake_helpdesk: FakeHelpdesk
) -> None:
    """End to end through a real server: two 503s, then the third attempt is acknowledged."""
    fake_helpdesk.choose = lambda call_id: Behaviour.flaky(2) if call_id.startswith("flaky-") else None
    hd = WebhookHelpdesk(fake_helpdesk.url, fake_helpdesk.secret, timeout_s=1)
    queue = f"helpdesk-{uuid.uuid4().hex[:8]}"
    ctx = make_context(call_id="flaky-1", context_id=f"ctx-{uuid.uuid4().hex[:8]}")
    async with Worker(
        temporal_env.client,
        task_queue=queue,
        workflows=[DeliverContext],
        activities=[HelpdeskActivities(hd).publish_context],
    ):
        ack = await temporal_env.client.execute_workflow(
            DeliverContext.run, PublishRequest(context=ctx), id=f"deliver-{ctx.context_id}", task_queue=queue
        )
    await hd.aclose()
    assert ack.context_id == ctx.context_id and ack.attempts == 3
    attempts = fake_helpdesk.attempts(ctx.context_id)
    assert [d.status for d in attempts] == [503, 503, 200]
    assert all(d.sig_ok and d.idempotency_key == ctx.context_id for d in attempts)
