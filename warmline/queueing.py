"""Skill routing inside one queue: which agent an offer rings, and when a ring has run out.

Pure functions over the queue's state so the QueueWorkflow stays a thin loop
and each rule has a table-driven test (tests/desk/test_routing_rules.py):

| rule | what it says |
|---|---|
| `qualified`  | an agent can take an offer only with every skill the offer needs |
| `pick_agent` | the longest-idle available, qualified agent not already ringing; |
|              | agents who let this offer ring out go last |
| `dispatch`   | waiting offers, oldest first, each ring a different agent |
| `ring_expired` | a ring ends after the queue's `ring_s` |
| `queues_for` | an agent works every queue whose skills they have |
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, Field

EPOCH = datetime.min.replace(tzinfo=UTC)  # "idle forever" / "waiting forever" sorts first


class AgentStatus(StrEnum):
    AVAILABLE = "available"
    AWAY = "away"
    BUSY = "busy"


class Agent(BaseModel):
    """An agent as one queue sees them."""

    agent_id: str
    skills: list[str] = Field(default_factory=list)
    status: AgentStatus = AgentStatus.AWAY
    idle_since: datetime | None = None  # when they last became available; the longest idle gets the next offer
    ringing: str | None = None  # the context_id ringing on their desk
    call_id: str | None = None  # the call they took (busy)
    context_id: str | None = None
    note: str | None = None  # why the queue changed their status (e.g. a missed offer)


class Offer(BaseModel):
    """An escalated call waiting in a queue; the full context stays in the desk store."""

    context_id: str
    call_id: str
    queue: str
    skills: list[str] = Field(default_factory=list)  # empty: the queue's own skills
    summary: str = ""
    enqueued_at: datetime | None = None
    ringing: str | None = None  # agent_id
    ring_started_at: datetime | None = None
    missed_by: list[str] = Field(default_factory=list)  # agents it rang out on, in order


def qualified(agent: Agent, offer: Offer) -> bool:
    """Every skill the offer needs is one the agent has."""
    return set(offer.skills) <= set(agent.skills)


def pick_agent(agents: list[Agent], offer: Offer) -> Agent | None:
    """The agent to ring for `offer`: available, qualified, not ringing; longest idle first.

    Agents the offer already rang out on come after everyone else, so a second
    round only happens when nobody new can take it.
    """
    free = [a for a in agents if a.status == AgentStatus.AVAILABLE and a.ringing is None and qualified(a, offer)]
    if not free:
        return None

    def order(a: Agent) -> tuple[bool, datetime, str]:
        return (a.agent_id in offer.missed_by, a.idle_since or EPOCH, a.agent_id)

    return min(free, key=order)


def dispatch(agents: list[Agent], offers: list[Offer]) -> list[tuple[Offer, Agent]]:
    """Rings to start now: waiting offers oldest first, each to its own agent. Does not mutate."""
    pool = [a.model_copy() for a in agents]
    rings: list[tuple[Offer, Agent]] = []
    for offer in sorted(offers, key=lambda o: (o.enqueued_at or EPOCH, o.context_id)):
        if offer.ringing is not None:
            continue
        agent = pick_agent(pool, offer)
        if agent is None:
            continue
        agent.ringing = offer.context_id
        rings.append((offer, agent))
    return rings


def ring_deadline(offer: Offer, ring_s: float) -> datetime | None:
    if offer.ringing is None or offer.ring_started_at is None:
        return None
    return offer.ring_started_at + timedelta(seconds=ring_s)


def ring_expired(offer: Offer, now: datetime, ring_s: float) -> bool:
    """The agent did not accept within `ring_s`: the offer moves on."""
    deadline = ring_deadline(offer, ring_s)
    return deadline is not None and now >= deadline


def queues_for(queue_skills: dict[str, list[str]], agent_skills: list[str]) -> list[str]:
    """The queues an agent works: every queue whose skills they all have (in policy order)."""
    have = set(agent_skills)
    return [name for name, needed in queue_skills.items() if set(needed) <= have]
