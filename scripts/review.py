"""Run a review now for any period, on the running line's workers, and print it as Markdown.

    python scripts/review.py [--since 2025-03-03] [--until 2025-03-10] [--json]

Configuration from WARMLINE_* (the Temporal address and task queue); the report
is stored like a scheduled one and shows up on the dashboard.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runtime.temporal import connect
from warmline.review_models import ReviewRequest
from warmline.review_report import to_markdown
from warmline.settings import get_settings
from workflows.review import ReviewWorkflow


def when(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--since", type=when, help="ISO date or time (UTC when no offset)")
    parser.add_argument("--until", type=when, help="ISO date or time; default: the last full hour")
    parser.add_argument("--json", action="store_true", help="print the report as JSON instead of Markdown")
    args = parser.parse_args(argv)
    settings = get_settings()
    client = await connect(settings)
    report = await client.execute_workflow(
        ReviewWorkflow.run,
        ReviewRequest(since=args.since, until=args.until),
        id=f"review-cli-{uuid.uuid4().hex[:12]}",
        task_queue=settings.task_queue,
    )
    print(report.model_dump_json(indent=2) if args.json else to_markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
