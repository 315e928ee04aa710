"""Create the weekly review's Temporal Schedule if it is missing (the worker does this at start too).

python scripts/schedule_review.py     # prints created | exists | off (configuration from WARMLINE_*)
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runtime.review_schedule import ensure_review_schedule
from runtime.temporal import connect
from warmline.settings import get_settings


async def main() -> int:
    settings = get_settings()
    print(await ensure_review_schedule(await connect(settings), settings))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
