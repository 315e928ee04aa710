"""Writing a record from a workflow: the one way a call, a callback, a desk accept or a review reaches the store.

Every write is an activity retried until the store takes it (`options.STORE_RETRY`): a
record is never dropped because the database blinked. The activities write through
`store/` and are idempotent, so a retry after a lost answer changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from temporalio import workflow

from workflows import options

A = TypeVar("A")
R = TypeVar("R")


async def write(activity: Callable[[Any, A], Awaitable[R]], record: A, summary: str) -> R:
    """Run the store activity `activity` (a method of an activities class) on `record` until it succeeds."""
    return await workflow.execute_activity_method(
        activity,
        record,
        start_to_close_timeout=options.STORE_TIMEOUT,
        retry_policy=options.STORE_RETRY,
        summary=summary,
    )
