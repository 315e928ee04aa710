"""Messages of the QueueWorkflow: one pydantic model in and one out per signal, update and query.

The desk adapter, the agent API and the workflow share them, so they live in
the I/O-free package the workflow sandbox imports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from warmline.queueing import Agent, AgentStatus, Offer

DONE_KEPT = 500  # finished context ids remembered so a retried offer is not queued twice
ACCEPTS_KEPT = 100  # accept results remembered so a retried accept gets the same answer
WAITS_KEPT = 50
NOT_RINGING = "OfferNotRinging"  # ApplicationError type: the API answers 409


def queue_workflow_id(prefix: str, queue: str) -> str:
    """`queue-<name>` by default: one entity workflow per skill queue."""
    return f"{prefix}{queue}"


class Withdraw(BaseModel):
    context_id: str
    reason: str = "abandoned"


class Release(BaseModel):
    """An accepted offer goes back to waiting: the accepting agent's own phone never answered (Twilio)."""

    context_id: str
    agent_id: str
    reason: str = "no-answer"


class Presence(BaseModel):
    """An agent signs in, changes status, or finishes wrap-up (back to available)."""

    agent_id: str
    skills: list[str] = Field(default_factory=list)
    status: AgentStatus
    call_id: str | None = None  # busy: the call they took (maybe in another queue)


class Accept(BaseModel):
    context_id: str
    agent_id: str


class Accepted(BaseModel):
    offer: Offer
    agent_id: str
    accepted_at: datetime
    wait_s: float  # how long the caller waited in the queue


class QueueStats(BaseModel):
    offered: int = 0
    accepted: int = 0
    withdrawn: int = 0
    missed: int = 0  # rings that ran out
    wait_total_s: float = 0.0
    wait_max_s: float = 0.0
    recent_waits_s: list[float] = Field(default_factory=list)

    @property
    def wait_mean_s(self) -> float | None:
        return round(self.wait_total_s / self.accepted, 3) if self.accepted else None


class QueueCarry(BaseModel):
    """What survives continue-as-new: everything a restart must not lose."""

    agents: list[Agent] = Field(default_factory=list)
    offers: list[Offer] = Field(default_factory=list)
    done: list[str] = Field(default_factory=list)
    accepted: list[Accepted] = Field(default_factory=list)
    stats: QueueStats = Field(default_factory=QueueStats)


class QueueStart(BaseModel):
    queue: str
    max_events: int = Field(default=500, ge=1)  # continue-as-new after this many messages
    carry: QueueCarry | None = None


class QueueSnapshot(BaseModel):
    """The `snapshot` query: what the desk and operators see of a queue."""

    queue: str
    skills: list[str]
    ring_s: float
    at: datetime
    agents: list[Agent]
    offers: list[Offer]
    stats: QueueStats
    run_events: int = 0
    phase: Literal["loading", "running"] = "running"
