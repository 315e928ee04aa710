"""A helpdesk's Retry-After sets the delay before the next delivery attempt (capped), instead of the backoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.helpdesk.activity import MAX_RETRY_AFTER, HelpdeskActivities, retry_after
from tests.fakes.helpdesk import make_context
from warmline.context import ContextPayload, HelpdeskAck, PublishRequest
from warmline.errors import HelpdeskUnavailable

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "want"),
    [
        ("7", timedelta(seconds=7)),
        (" 0 ", timedelta(0)),
        ("3600", MAX_RETRY_AFTER),
        ("Tue, 24 Nov 2026 09:00:30 GMT", timedelta(seconds=30)),
        ("Tue, 24 Nov 2026 08:00:00 GMT", timedelta(0)),  # already past
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_parsing(header: str | None, want: timedelta | None) -> None:
    assert retry_after(header, NOW) == want


class _Busy:
    name = "busy"

    def __init__(self, header: str | None) -> None:
        self.header = header

    async def publish(self, context: ContextPayload, attempt: int) -> HelpdeskAck:
        raise HelpdeskUnavailable("helpdesk answered 429", status=429, retry_after=self.header)

    async def withdraw(self, context_id: str, call_id: str, reason: str) -> None:
        return None


async def test_429_with_retry_after_sets_the_next_retry_delay() -> None:
    act = HelpdeskActivities(_Busy("12"))
    with pytest.raises(ApplicationError) as e:
        await ActivityEnvironment().run(act.publish_context, PublishRequest(context=make_context()))
    assert e.value.next_retry_delay == timedelta(seconds=12) and not e.value.non_retryable


async def test_without_retry_after_the_policy_backoff_applies() -> None:
    act = HelpdeskActivities(_Busy(None))
    with pytest.raises(HelpdeskUnavailable):
        await ActivityEnvironment().run(act.publish_context, PublishRequest(context=make_context()))
