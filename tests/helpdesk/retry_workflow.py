"""A minimal workflow that delivers one context the way CallWorkflow does (`workflows.helpdesk.publish`):
retried until acknowledged, here with a short, even wait between attempts."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

from workflows import helpdesk

with workflow.unsafe.imports_passed_through():
    from warmline.context import HelpdeskAck, PublishRequest

QUICK_RETRY = RetryPolicy(initial_interval=timedelta(milliseconds=50), backoff_coefficient=1.0)


@workflow.defn
class DeliverContext:
    @workflow.run
    async def run(self, req: PublishRequest) -> HelpdeskAck:
        return await helpdesk.publish(req, QUICK_RETRY, f"deliver context {req.context.context_id}")
