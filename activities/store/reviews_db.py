"""The `reviews` table: one row per stored review report, written idempotently by the review workflow.

It shares `metadata` with the call tables, so `get_engine` creates it with them
and a fresh clone needs no migration step.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from activities.store.db import metadata, utc
from warmline.review_models import ReviewReport
from warmline.review_report import summary

reviews = Table(
    "reviews",
    metadata,
    Column("review_id", String(200), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("since", DateTime(timezone=True), nullable=False),
    Column("until", DateTime(timezone=True), nullable=False),
    Column("calls", Integer, nullable=False),
    Column("summary", JSON, nullable=False),  # the list row, so listing never parses whole reports
    Column("report", JSON, nullable=False),
)


async def save_review(engine: AsyncEngine, report: ReviewReport) -> None:
    """Store `report` under its id, replacing an earlier attempt's row (the activity may be retried)."""
    async with engine.begin() as conn:
        await conn.execute(delete(reviews).where(reviews.c.review_id == report.review_id))
        await conn.execute(
            insert(reviews).values(
                review_id=report.review_id,
                created_at=utc(report.created_at),
                since=utc(report.since),
                until=utc(report.until),
                calls=report.calls,
                summary=summary(report).model_dump(mode="json"),
                report=report.model_dump(mode="json"),
            )
        )


async def list_reviews(engine: AsyncEngine, limit: int = 50) -> list[dict[str, object]]:
    """The newest reviews' summaries, newest first."""
    q = select(reviews.c.summary).order_by(reviews.c.created_at.desc(), reviews.c.review_id).limit(limit)
    async with engine.connect() as conn:
        return list((await conn.execute(q)).scalars().all())


async def get_review(engine: AsyncEngine, review_id: str) -> ReviewReport | None:
    async with engine.connect() as conn:
        row = (
            await conn.execute(select(reviews.c.report).where(reviews.c.review_id == review_id))
        ).scalar_one_or_none()
    return None if row is None else ReviewReport.model_validate(row)
