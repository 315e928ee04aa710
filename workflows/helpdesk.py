"""The workflows' two messages to the helpdesk, with their timeouts and retries: publish a context, withdraw it.

The call (live transfers) and a booked callback (each attempt) use both; only the
retry of the publish differs (workflows/options.py says why).
"""

from __future__ import annotations

from temporalio import workflow
from temporalio.common import RetryPolicy

from workflows import options

with workflow.unsafe.imports_passed_through():
    from activities.helpdesk.activity import HelpdeskActivities
    from warmline.context import HelpdeskAck, PublishRequest, WithdrawRequest


async def publish(req: PublishRequest, retry: RetryPolicy, summary: str) -> HelpdeskAck:
    """Deliver the context; retried until the helpdesk acknowledges (the activity heartbeats while it waits)."""
    return await workflow.execute_activity_method(
        HelpdeskActivities.publish_context,
        req,
        start_to_close_timeout=options.HELPDESK_TIMEOUT,
        heartbeat_timeout=options.HELPDESK_HEARTBEAT,
        retry_policy=retry,
        summary=summary,
    )


async def withdraw(req: WithdrawRequest, summary: str) -> None:
    """Take an offer back (the caller left, or will be rung back instead)."""
    await workflow.execute_activity_method(
        HelpdeskActivities.withdraw_context,
        req,
        start_to_close_timeout=options.HELPDESK_TIMEOUT,
        retry_policy=options.WITHDRAW_RETRY,
        summary=summary,
    )
