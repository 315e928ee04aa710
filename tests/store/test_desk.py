"""The built-in desk helpdesk: acknowledged once stored, idempotent on context_id, withdrawable,
and the offers the agent API reads and accepts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from activities.helpdesk.base import Helpdesk
from activities.helpdesk.desk import DeskHelpdesk
from store.desk_offers import mark_accepted, ticket_for
from store.queries import get_offer, list_offers
from tests.store_records import T0
from warmline.context import ContextPayload, EscalationInfo, Flags, SentimentInfo
from warmline.models import Authentication, IntentRef, Reason, Speaker, Utterance


def ctx(context_id: str, queue: str = "complex", minutes: int = 0) -> ContextPayload:
    at = T0 + timedelta(minutes=minutes)
    return ContextPayload(
        context_id=context_id,
        call_id=f"call-{context_id}",
        created_at=at,
        summary="Verified caller about a payment dispute.",
        intent=IntentRef(name="payment_dispute", confidence=0.91),
        authentication=Authentication(verified=True, method="pin", verified_at=at),
        actions=[],
        escalation=EscalationInfo(reason=Reason.FAILED_RESOLUTION, detail="answer did not help", turn=2),
        queue=queue,
        sentiment=SentimentInfo(score=-0.2, lowest=-0.5, label="negative"),
        flags=Flags(),
        transcript=[
            Utterance(speaker=Speaker.AI, text="Hi", at=at),
            Utterance(speaker=Speaker.CALLER, text="x", at=at),
        ],
    )


async def test_publish_acks_once_stored_and_a_retry_gets_the_same_ticket(db_url: str, engine: AsyncEngine) -> None:
    desk: Helpdesk = DeskHelpdesk(db_url)  # satisfies the Protocol (checked by mypy)
    assert desk.name == "desk"
    c = ctx("ctx-1")
    first = await desk.publish(c, attempt=1)
    retry = await desk.publish(c, attempt=2)
    assert first.context_id == retry.context_id == "ctx-1"
    assert first.ticket_id == retry.ticket_id == ticket_for("ctx-1")
    assert first.ticket_id is not None and first.ticket_id.startswith("DESK-")
    assert (first.attempts, retry.attempts) == (1, 2)
    assert first.acked_at.tzinfo is not None
    assert await list_offers(engine) == [c]  # one offer, the payload intact


async def test_concurrent_publishes_keep_one_offer(db_url: str, engine: AsyncEngine) -> None:
    desk = DeskHelpdesk(db_url)
    acks = await asyncio.gather(*(desk.publish(ctx("ctx-1"), attempt=n) for n in range(1, 5)))
    assert len({a.ticket_id for a in acks}) == 1
    assert len(await list_offers(engine)) == 1


async def test_list_by_queue_and_status_and_withdraw(db_url: str, engine: AsyncEngine) -> None:
    desk = DeskHelpdesk(db_url)
    await desk.publish(ctx("b", "complex", minutes=2), 1)
    await desk.publish(ctx("a", "complex", minutes=1), 1)
    await desk.publish(ctx("t", "transactional", minutes=3), 1)
    assert [o.context_id for o in await list_offers(engine)] == ["a", "b", "t"]  # oldest first
    assert [o.context_id for o in await list_offers(engine, queue="complex")] == ["a", "b"]

    await desk.withdraw("a", "call-a", "abandoned")
    await desk.withdraw("a", "call-a", "abandoned")  # a retried withdrawal
    await desk.withdraw("never-published", "call-x", "abandoned")  # nothing to take back: no error
    assert [o.context_id for o in await list_offers(engine, queue="complex")] == ["b"]
    assert [o.context_id for o in await list_offers(engine, status="withdrawn")] == ["a"]
    assert len(await list_offers(engine, status=None)) == 3
    offer = await get_offer(engine, "a")
    assert offer is not None and offer.status == "withdrawn" and offer.note == "abandoned"
    assert offer.context == ctx("a", "complex", minutes=1)


async def test_accepting_an_offer(db_url: str, engine: AsyncEngine) -> None:
    desk = DeskHelpdesk(db_url)
    await desk.publish(ctx("o"), 1)
    await desk.publish(ctx("w"), 1)
    await desk.withdraw("w", "call-w", "abandoned")

    assert await mark_accepted(engine, "o", "agent-1")
    assert await mark_accepted(engine, "o", "agent-1")  # a re-sent accept: still theirs
    assert not await mark_accepted(engine, "o", "agent-2")  # taken
    assert not await mark_accepted(engine, "w", "agent-1")  # the caller left
    assert not await mark_accepted(engine, "missing", "agent-1")

    offer = await get_offer(engine, "o")
    assert offer is not None and offer.status == "accepted" and offer.accepted_by == "agent-1"
    assert offer.accepted_at is not None and offer.accepted_at.tzinfo is not None
    assert offer.ticket_id == ticket_for("o")
    assert await list_offers(engine) == []
    assert [o.context_id for o in await list_offers(engine, status="accepted")] == ["o"]
    assert await get_offer(engine, "missing") is None
