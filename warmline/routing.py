"""Routing: which skill queue an escalation goes to, and whether it is open now.

Every query type names a queue; an escalation with no known intent goes to
`defaults.fallback_queue`. Pure functions so the workflow and tests share them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from warmline.policy import Policy


class Route(BaseModel):
    queue: str
    open: bool = True
    after_hours: Literal["callback", "voicemail"] | None = None
    opens_at: datetime | None = None


def queue_for(policy: Policy, query_type: str | None) -> str:
    """The query type's queue, or the fallback queue when the intent is unknown."""
    qt = policy.query_type(query_type)
    return qt.queue if qt is not None else policy.defaults.fallback_queue


def route(policy: Policy, query_type: str | None, at: datetime) -> Route:
    """The queue for this escalation and, if it keeps hours and is closed, what to do instead."""
    return route_to(policy, queue_for(policy, query_type), at)


def route_to(policy: Policy, name: str, at: datetime) -> Route:
    """The route to queue `name`: open, or what to do while it is closed."""
    queue = policy.queue(name)
    if queue is None or queue.hours is None or queue.hours.is_open(at):
        return Route(queue=name)
    return Route(queue=name, open=False, after_hours=queue.after_hours, opens_at=queue.hours.next_open(at))
