"""The helpdesk activities: `publish_context` and `withdraw_context`.

They wrap whichever `Helpdesk` adapter the configuration chose. Retrying is
Temporal's job (the workflow's RetryPolicy), so a failed attempt raises after
logging it; each attempt's number comes from the activity info so the ack
records how many tries delivery took.

`publish_context` heartbeats while the helpdesk has not answered: with a
`heartbeat_timeout` on the call site, a worker killed mid-delivery is noticed
in seconds and the next attempt runs on another worker, instead of waiting out
the whole start-to-close timeout with the caller's context undelivered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import structlog
from pydantic import BaseModel
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.helpdesk.base import Helpdesk
from warmline.context import HelpdeskAck, PublishRequest, WithdrawRequest
from warmline.errors import HELPDESK_UNAVAILABLE, HelpdeskRejected, HelpdeskUnavailable

log = structlog.get_logger("warmline.helpdesk")
MAX_RETRY_AFTER = timedelta(seconds=60)  # a helpdesk may slow delivery down, never park a payload for hours
HEARTBEAT_EVERY_S = 0.5  # the SDK throttles what reaches the server to 0.8 x the heartbeat timeout


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """A Retry-After header (seconds or an HTTP date) as a delay, capped; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        delay = timedelta(seconds=int(value)) if value.isdigit() else parsedate_to_datetime(value) - now
    except (TypeError, ValueError):
        return None
    return max(timedelta(0), min(delay, MAX_RETRY_AFTER))


async def heartbeating(work: Awaitable[HelpdeskAck]) -> HelpdeskAck:
    """Await `work`, heartbeating while it runs, so the server can tell a slow helpdesk from a dead worker."""
    task = asyncio.ensure_future(work)
    try:
        while not task.done():
            await asyncio.wait({task}, timeout=HEARTBEAT_EVERY_S)
            if not task.done():
                activity.heartbeat()
        return task.result()
    finally:
        task.cancel()  # no-op once done; stops the POST when the activity itself is cancelled


class WithdrawResult(BaseModel):
    """That a withdrawal was handed to the helpdesk (adapters treat it as best effort)."""

    context_id: str
    helpdesk: str
    requested_at: datetime


class HelpdeskActivities:
    """Activities over one helpdesk adapter, registered on the worker as bound methods."""

    def __init__(self, helpdesk: Helpdesk) -> None:
        self.helpdesk = helpdesk

    @activity.defn(name="publish_context")
    async def publish_context(self, req: PublishRequest) -> HelpdeskAck:
        ctx = req.context
        attempt = activity.info().attempt
        bound = log.bind(call_id=ctx.call_id, context_id=ctx.context_id, attempt=attempt, helpdesk=self.helpdesk.name)
        try:
            ack = await heartbeating(self.helpdesk.publish(ctx, attempt))
        except HelpdeskRejected as e:
            # Retried all the same (a payload is never dropped), but this is a configuration
            # problem (wrong URL, secret or payload schema) that waiting will not fix.
            bound.error("helpdesk rejected the context; will retry", error=str(e), error_type=type(e).__name__)
            raise
        except HelpdeskUnavailable as e:
            delay = retry_after(e.retry_after, datetime.now(UTC))
            bound.warning(
                "context delivery failed; will retry",
                error=str(e),
                error_type=type(e).__name__,
                retry_after_s=delay.total_seconds() if delay is not None else None,
            )
            if delay is None:
                raise
            # Honour the helpdesk's Retry-After instead of the policy's backoff for this one attempt.
            raise ApplicationError(str(e), type=HELPDESK_UNAVAILABLE, next_retry_delay=delay) from e
        except Exception as e:
            bound.warning("context delivery failed; will retry", error=str(e), error_type=type(e).__name__)
            raise
        bound.info("context acknowledged", ticket_id=ack.ticket_id, queue=ctx.queue)
        return ack

    @activity.defn(name="withdraw_context")
    async def withdraw_context(self, req: WithdrawRequest) -> WithdrawResult:
        bound = log.bind(
            call_id=req.call_id,
            context_id=req.context_id,
            attempt=activity.info().attempt,
            helpdesk=self.helpdesk.name,
        )
        try:
            await self.helpdesk.withdraw(req.context_id, req.call_id, req.reason)
        except Exception as e:
            bound.warning("withdrawal failed; will retry", error=str(e), error_type=type(e).__name__)
            raise
        return WithdrawResult(context_id=req.context_id, helpdesk=self.helpdesk.name, requested_at=datetime.now(UTC))
