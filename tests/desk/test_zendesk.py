"""The Zendesk adapter against a local fake that speaks Zendesk's ticket API, including 429 and 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.helpdesk.base import Helpdesk
from activities.helpdesk.factory import make_helpdesk
from activities.helpdesk.zendesk import ZendeskHelpdesk, ZendeskRejected
from tests.conftest import BRIGHTWAVE
from tests.desk.fake_zendesk import FakeZendesk, serving
from tests.line import Line
from tests.store.test_desk import ctx
from warmline.errors import HelpdeskUnavailable
from warmline.policy_file import load_policy
from warmline.settings import Settings
from worker import build_worker

FIELDS = {"intent": 360001, "reason": 360002, "auth": 360003}


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with serving() as fake:
        yield fake


def adapter(fake: FakeZendesk, token: str | None = None) -> ZendeskHelpdesk:
    return ZendeskHelpdesk(fake.url, fake.email, token or fake.token, fields=FIELDS, timeout_s=2)


async def test_ticket_has_summary_first_transcript_second_and_custom_fields(zendesk: FakeZendesk) -> None:
    hd: Helpdesk = adapter(zendesk)
    c = ctx("ctx-zd-1")
    ack = await hd.publish(c, attempt=1)
    assert ack.ticket_id == "35436" and ack.context_id == "ctx-zd-1"
    ticket = zendesk.tickets[35436]
    assert ticket["external_id"] == "ctx-zd-1" and ticket["priority"] == "high"  # a negative caller
    assert {"warmline", "warmline_failed_resolution", "queue_complex", "warmline_transcript"} <= set(ticket["tags"])
    assert ticket["custom_fields"] == [
        {"id": 360001, "value": "payment_dispute"},
        {"id": 360002, "value": "failed_resolution"},
        {"id": 360003, "value": "verified:pin"},
    ]
    first, second = zendesk.comments[35436]
    assert first == {"body": c.summary, "public": False}
    assert "Authentication: verified by pin" in second["body"] and "Caller: x" in second["body"]
    assert second["public"] is False
    create = zendesk.requests[0]
    assert create[0] == "POST" and create[2]["idempotency-key"] == "ctx-zd-1"


@pytest.mark.parametrize(
    ("status", "headers", "retry_after"), [(429, {"Retry-After": "7"}, "7"), (503, {}, None), (500, {}, None)]
)
async def test_throttling_and_server_errors_are_retryable(
    zendesk: FakeZendesk, status: int, headers: dict[str, str], retry_after: str | None
) -> None:
    zendesk.script.append((status, headers))
    with pytest.raises(HelpdeskUnavailable) as err:
        await adapter(zendesk).publish(ctx("ctx-zd-2"), attempt=1)
    assert err.value.status == status and err.value.retry_after == retry_after
    assert zendesk.tickets == {}
    ack = await adapter(zendesk).publish(ctx("ctx-zd-2"), attempt=2)  # the retry succeeds
    assert ack.ticket_id == "35436" and len(zendesk.tickets) == 1


async def test_a_retry_after_a_lost_answer_creates_no_second_ticket_or_transcript(zendesk: FakeZendesk) -> None:
    hd = adapter(zendesk)
    await hd.publish(ctx("ctx-zd-3"), attempt=1)
    again = await hd.publish(ctx("ctx-zd-3"), attempt=2)  # as if the first ack never reached Temporal
    assert again.ticket_id == "35436" and len(zendesk.tickets) == 1
    assert len(zendesk.comments[35436]) == 2


async def test_transcript_failure_is_retried_without_duplicating_the_ticket(zendesk: FakeZendesk) -> None:
    hd = adapter(zendesk)
    original = zendesk.handle

    calls = {"n": 0}

    def flaky(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], Any]:
        calls["n"] += 1
        if method == "PUT" and calls["n"] == 2:
            return 502, {}, {"error": "BadGateway"}
        return original(method, path, headers, body)

    zendesk.handle = flaky  # type: ignore[assignment,method-assign]
    with pytest.raises(HelpdeskUnavailable):
        await hd.publish(ctx("ctx-zd-4"), attempt=1)
    ack = await hd.publish(ctx("ctx-zd-4"), attempt=2)
    assert ack.ticket_id == "35436" and len(zendesk.tickets) == 1 and len(zendesk.comments[35436]) == 2


async def test_bad_credentials_are_a_rejection_not_a_transient_error(zendesk: FakeZendesk) -> None:
    with pytest.raises(ZendeskRejected, match="401"):
        await adapter(zendesk, token="wrong").publish(ctx("ctx-zd-5"), attempt=1)


async def test_withdraw_notes_the_abandoned_call_on_the_ticket(zendesk: FakeZendesk) -> None:
    hd = adapter(zendesk)
    await hd.publish(ctx("ctx-zd-6"), attempt=1)
    await hd.withdraw("ctx-zd-6", "call-ctx-zd-6", "abandoned")
    assert "warmline_abandoned" in zendesk.tickets[35436]["tags"]
    assert "hung up" in zendesk.comments[35436][-1]["body"]
    zendesk.script.append((503, {}))
    await hd.withdraw("ctx-zd-6", "call-ctx-zd-6", "abandoned")  # best effort: never raises


def test_factory_builds_zendesk_and_names_missing_settings() -> None:
    s = Settings(helpdesk="zendesk", zendesk_url="https://acme.zendesk.com", zendesk_email="a@b.c", zendesk_token="t")
    hd = make_helpdesk(s)
    assert isinstance(hd, ZendeskHelpdesk) and hd.name == "zendesk"
    with pytest.raises(ValueError, match="WARMLINE_ZENDESK_TOKEN"):
        make_helpdesk(Settings(helpdesk="zendesk", zendesk_url="https://acme.zendesk.com", zendesk_email="a@b.c"))


async def test_a_call_escalates_through_zendesk_after_a_429(
    zendesk: FakeZendesk, temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    zendesk.script.append((429, {"Retry-After": "1"}))
    settings = zendesk.settings(tmp_path, BRIGHTWAVE, zendesk_field_reason=360002)
    async with build_worker(temporal_env.client, settings, load_policy(BRIGHTWAVE)):
        line = Line(temporal_env.client, settings, None)
        call_id = await line.start(authenticated=True, auth_method="pin")
        r = await line.turn(call_id, "agent please")
    assert r.action == "transfer" and r.transfer is not None
    assert r.transfer.context_delivered and r.transfer.helpdesk_ticket == "35436"
    assert zendesk.tickets[35436]["custom_fields"] == [{"id": 360002, "value": "customer_request"}]
    assert [m for m, _, _ in zendesk.requests] == ["POST", "POST", "GET", "PUT"]  # 429, then create, check, transcript
