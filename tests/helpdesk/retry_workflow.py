"""A minimal workflow that delivers one context the way CallWorkflow does: retried until acknowledged."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.helpdesk.activity import HelpdeskActivities
    from warmline.context import HelpdeskAck, PublishRequest


@workflow.defn
class DeliverContext:
    @workflow.run
    async def run(self, req: PublishRequest) -> HelpdeskAck:
        return await workflow.execute_activity_method(
            HelpdeskActivities.publish_context,
            req,
            start_to_close_timeout=timedelta(seconds=5),
            retry_policy=RetryPolicy(initial_interval=timedelta(milliseconds=50), backoff_coefficient=1.0),
        )
