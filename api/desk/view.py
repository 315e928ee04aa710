"""What one agent's desk shows, assembled from the queues' snapshots and the desk store.

The queue workflows say who is rung and who is busy; the store holds the full
context payload, so the pop-up shows everything before the agent accepts.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import Client

from api.desk.queues import snapshot
from store.queries import get_offer
from warmline.agent_tokens import AgentIdentity
from warmline.coaching import Coaching, coach
from warmline.context import ContextPayload
from warmline.queue_models import QueueSnapshot
from warmline.queueing import AgentStatus, ring_deadline
from warmline.settings import Settings


class QueueView(BaseModel):
    name: str
    waiting: int
    longest_wait_s: float | None
    agents_available: int
    answered: int
    mean_wait_s: float | None


class RingingOffer(BaseModel):
    queue: str
    context: ContextPayload
    ring_deadline: datetime | None
    waited_s: float
    coaching: Coaching | None = None  # what to say first, shown above the context


class CurrentCall(BaseModel):
    queue: str
    call_id: str
    context: ContextPayload | None
    coaching: Coaching | None = None


class DeskView(BaseModel):
    agent_id: str
    skills: list[str]
    status: AgentStatus
    note: str | None = None
    queues: list[QueueView]
    offer: RingingOffer | None = None
    call: CurrentCall | None = None


def _queue_view(s: QueueSnapshot) -> QueueView:
    waits = [(s.at - o.enqueued_at).total_seconds() for o in s.offers if o.enqueued_at]
    return QueueView(
        name=s.queue,
        waiting=len(s.offers),
        longest_wait_s=round(max(waits), 1) if waits else None,
        agents_available=sum(1 for a in s.agents if a.status == AgentStatus.AVAILABLE),
        answered=s.stats.accepted,
        mean_wait_s=s.stats.wait_mean_s,
    )


async def desk_view(
    client: Client, settings: Settings, engine: AsyncEngine, who: AgentIdentity, queues: list[str]
) -> DeskView:
    snaps = [s for s in await asyncio.gather(*(snapshot(client, settings, q) for q in queues)) if s is not None]
    view = DeskView(
        agent_id=who.agent_id, skills=who.skills, status=AgentStatus.AWAY, queues=[_queue_view(s) for s in snaps]
    )
    statuses: set[AgentStatus] = set()
    for s in snaps:
        me = next((a for a in s.agents if a.agent_id == who.agent_id), None)
        if me is None:
            continue
        statuses.add(me.status)
        view.note = view.note or me.note
        if me.ringing and view.offer is None:
            offer = next((o for o in s.offers if o.context_id == me.ringing), None)
            stored = await get_offer(engine, me.ringing)
            if offer is not None and stored is not None:
                view.offer = RingingOffer(
                    queue=s.queue,
                    context=stored.context,
                    ring_deadline=ring_deadline(offer, s.ring_s),
                    waited_s=round((s.at - (offer.enqueued_at or s.at)).total_seconds(), 1),
                    coaching=coach(stored.context),
                )
        if me.status == AgentStatus.BUSY and me.context_id and view.call is None:
            stored = await get_offer(engine, me.context_id)
            ctx = stored.context if stored else None
            view.call = CurrentCall(
                queue=s.queue, call_id=me.call_id or "", context=ctx, coaching=coach(ctx) if ctx else None
            )
    # Busy anywhere is busy; a missed ring shows away until the agent says otherwise.
    if AgentStatus.BUSY in statuses:
        view.status = AgentStatus.BUSY
    elif AgentStatus.AVAILABLE in statuses and not view.note:
        view.status = AgentStatus.AVAILABLE
    return view
