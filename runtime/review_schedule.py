"""The weekly review's Temporal Schedule: created by the worker at start when it is missing.

The schedule's end date is set once, at creation: the review runs for the first
`WARMLINE_REVIEW_DAYS` days of the line (90 by default, 0 = forever). An existing
schedule is left as it is, so an operator's edits in the Temporal UI survive
restarts; `WARMLINE_REVIEW_SCHEDULE=off` creates none.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
)

from warmline.review_models import ReviewRequest
from warmline.settings import Settings
from workflows.review import ReviewWorkflow


def schedule_id(settings: Settings) -> str:
    return f"warmline-weekly-review-{settings.task_queue}"


async def ensure_review_schedule(client: Client, settings: Settings) -> Literal["created", "exists", "off"]:
    """Create the review schedule unless it exists or is switched off; says which."""
    cron = settings.review_schedule.strip()
    if cron.lower() in ("", "off", "none"):
        return "off"
    end = datetime.now(UTC) + timedelta(days=settings.review_days) if settings.review_days else None
    try:
        await client.create_schedule(
            schedule_id(settings),
            Schedule(
                action=ScheduleActionStartWorkflow(
                    ReviewWorkflow.run,
                    ReviewRequest(),
                    id=f"weekly-review-{settings.task_queue}",
                    task_queue=settings.task_queue,
                    execution_timeout=timedelta(hours=1),
                ),
                spec=ScheduleSpec(cron_expressions=[cron], end_at=end),
                policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
            ),
        )
    except ScheduleAlreadyRunningError:
        return "exists"
    return "created"
