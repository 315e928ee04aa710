"""Writing review reports: one row per report, by the review workflow's last activity (read in `store.queries`).

The row keeps the list summary beside the whole report, so listing reviews never
parses whole reports.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import replace_row
from store.tables import reviews, utc
from warmline.review_models import ReviewReport
from warmline.review_report import summary


async def save_review(engine: AsyncEngine, report: ReviewReport) -> None:
    """Store `report` under its id, replacing an earlier attempt's row (the activity may be retried)."""
    await replace_row(
        engine,
        reviews,
        {
            "review_id": report.review_id,
            "created_at": utc(report.created_at),
            "since": utc(report.since),
            "until": utc(report.until),
            "calls": report.calls,
            "summary": summary(report).model_dump(mode="json"),
            "report": report.model_dump(mode="json"),
        },
    )
