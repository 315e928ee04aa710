"""A real QueueWorkflow on the dev server: offers from real calls, rings, accepts, withdrawals."""

from __future__ import annotations

import asyncio

from temporalio.client import WorkflowUpdateFailedError

from store.engine import get_engine
from store.queries import get_offer
from tests.desk.conftest import escalate, eventually, presence, queue, snap
from tests.line import Line
from warmline.context import DeskOffer
from warmline.models import AgentEvent, Hangup, Status
from warmline.queue_models import Accept, QueueSnapshot, QueueStart, Release
from warmline.queueing import AgentStatus, Offer
from workflows.call import CallWorkflow
from workflows.queue import QueueWorkflow


async def test_escalation_is_stored_and_queued_before_the_transfer(desk_line: Line) -> None:
    call_id = await escalate(desk_line)
    s = await snap(desk_line, "complex")  # queued before the turn answered `transfer`
    assert [o.call_id for o in s.offers] == [call_id]
    assert s.offers[0].skills == ["disputes"]  # the queue's skills from the policy
    assert s.offers[0].summary.startswith("Verified caller (pin)")
    engine = await get_engine(desk_line.settings.db_url)
    stored = await get_offer(engine, s.offers[0].context_id)
    assert stored is not None and stored.status == "offered" and stored.context.call_id == call_id


async def test_offer_rings_the_longest_idle_qualified_agent_and_accept_measures_the_wait(desk_line: Line) -> None:
    await presence(desk_line, "complex", "ann", ["disputes"])
    await presence(desk_line, "complex", "bob", ["billing"])  # lacks the skill
    await asyncio.sleep(0.05)
    await presence(desk_line, "complex", "cat", ["disputes", "billing"])  # idle for less time than ann
    call_id = await escalate(desk_line)
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))
    assert s.offers[0].ringing == "ann"
    accepted = await queue(desk_line, "complex").execute_update(
        QueueWorkflow.accept, Accept(context_id=s.offers[0].context_id, agent_id="ann")
    )
    assert accepted.offer.call_id == call_id and accepted.wait_s >= 0
    s = await snap(desk_line, "complex")
    assert s.offers == [] and s.stats.accepted == 1 and s.stats.recent_waits_s == [accepted.wait_s]
    ann = next(a for a in s.agents if a.agent_id == "ann")
    assert (ann.status, ann.call_id) == (AgentStatus.BUSY, call_id)


async def test_accept_by_an_agent_not_rung_is_refused(desk_line: Line) -> None:
    await presence(desk_line, "complex", "ann", ["disputes"])
    await escalate(desk_line)
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))
    try:
        await queue(desk_line, "complex").execute_update(
            QueueWorkflow.accept, Accept(context_id=s.offers[0].context_id, agent_id="mallory")
        )
    except WorkflowUpdateFailedError as e:
        assert "not ringing mallory" in str(e.cause)
    else:
        raise AssertionError("accept by an agent who was not rung must fail")


async def ann_rung_then_bob(line: Line) -> QueueSnapshot:
    """Ann, then Bob (idle for less time), sign in; a call escalates; the snapshot once it rings Ann."""
    await presence(line, "complex", "ann", ["disputes"])
    await asyncio.sleep(0.05)
    await presence(line, "complex", "bob", ["disputes"])
    await escalate(line)
    return await eventually(lambda: snap(line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))


async def test_no_accept_within_ring_time_offers_to_the_next_agent(desk_line: Line) -> None:
    first = await ann_rung_then_bob(desk_line)
    assert first.offers[0].ringing == "ann"
    after = await eventually(
        lambda: snap(desk_line, "complex"), lambda s: bool(s.offers) and s.offers[0].ringing == "bob", within=6
    )
    assert after.offers[0].missed_by == ["ann"] and after.stats.missed == 1
    ann = next(a for a in after.agents if a.agent_id == "ann")
    assert ann.status == AgentStatus.AWAY and ann.note and "missed" in ann.note


async def test_a_released_accept_waits_again_with_its_wait_and_rings_the_next_agent(desk_line: Line) -> None:
    first = await ann_rung_then_bob(desk_line)
    offer = first.offers[0]
    handle = queue(desk_line, "complex")
    await handle.execute_update(QueueWorkflow.accept, Accept(context_id=offer.context_id, agent_id="ann"))
    await handle.signal(QueueWorkflow.release, Release(context_id=offer.context_id, agent_id="bob"))  # not bob's
    assert (await snap(desk_line, "complex")).offers == []
    for _ in range(2):  # a retried release changes nothing more
        await handle.signal(QueueWorkflow.release, Release(context_id=offer.context_id, agent_id="ann"))
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))
    again = s.offers[0]
    assert (again.context_id, again.enqueued_at, again.ringing) == (offer.context_id, offer.enqueued_at, "bob")
    assert again.missed_by == ["ann"] and (s.stats.accepted, s.stats.missed) == (0, 1) and len(s.offers) == 1
    ann = next(a for a in s.agents if a.agent_id == "ann")
    assert (ann.status, ann.call_id) == (AgentStatus.AWAY, None) and ann.note and "did not answer" in ann.note
    bob = await handle.execute_update(QueueWorkflow.accept, Accept(context_id=offer.context_id, agent_id="bob"))
    assert bob.agent_id == "bob" and bob.offer.enqueued_at == offer.enqueued_at


async def test_hangup_while_waiting_withdraws_the_offer_and_frees_the_agent(desk_line: Line) -> None:
    await presence(desk_line, "complex", "ann", ["disputes"])
    call_id = await escalate(desk_line)
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))
    context_id = s.offers[0].context_id
    await desk_line.handle(call_id).signal(CallWorkflow.hangup, Hangup())
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: not s.offers)
    assert s.stats.withdrawn == 1
    ann = next(a for a in s.agents if a.agent_id == "ann")
    assert ann.ringing is None and ann.status == AgentStatus.AVAILABLE
    stored = await get_offer(await get_engine(desk_line.settings.db_url), context_id)
    assert stored is not None and stored.status == "withdrawn"
    assert (await desk_line.state(call_id)).status in (Status.WRAP_UP, Status.ENDED)


async def test_a_caller_answered_elsewhere_rings_no_desk_agent(desk_line: Line) -> None:
    """Connected by another route (a Twilio leg, a helpdesk's phone): the desk offer is taken back, the agent freed."""
    await presence(desk_line, "complex", "ann", ["disputes"])
    call_id = await escalate(desk_line)
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))
    context_id = s.offers[0].context_id
    answered = AgentEvent(type="agent_connected", agent_id="sip:dave@pbx.example")
    await desk_line.handle(call_id).signal(CallWorkflow.agent_event, answered)
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: not s.offers)
    assert s.stats.withdrawn == 1 and s.stats.accepted == 0
    ann = next(a for a in s.agents if a.agent_id == "ann")
    assert ann.ringing is None and ann.status == AgentStatus.AVAILABLE
    stored = await eventually(
        lambda: get_offer_of(desk_line, context_id), lambda o: o is not None and o.status == "withdrawn"
    )
    assert stored is not None and stored.note == "connected"
    assert (await desk_line.state(call_id)).status == Status.WITH_AGENT


async def test_the_desk_agent_who_accepted_keeps_the_call(desk_line: Line) -> None:
    """The desk's own accept connects the caller: taking back "the" offer then leaves the accepted one alone."""
    await presence(desk_line, "complex", "ann", ["disputes"])
    call_id = await escalate(desk_line)
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: bool(s.offers and s.offers[0].ringing))
    context_id = s.offers[0].context_id
    await queue(desk_line, "complex").execute_update(
        QueueWorkflow.accept, Accept(context_id=context_id, agent_id="ann")
    )
    answered = AgentEvent(type="agent_connected", agent_id="ann")
    await desk_line.handle(call_id).signal(CallWorkflow.agent_event, answered)
    await eventually(lambda: desk_line.state(call_id), lambda st: st.status == Status.WITH_AGENT)
    await asyncio.sleep(0.5)  # the take-back runs in the background of the call
    stored = await get_offer_of(desk_line, context_id)
    assert stored is not None and (stored.status, stored.accepted_by) == ("accepted", "ann")
    s = await snap(desk_line, "complex")
    assert s.stats.withdrawn == 0 and s.stats.accepted == 1


async def get_offer_of(line: Line, context_id: str) -> DeskOffer | None:
    return await get_offer(await get_engine(line.settings.db_url), context_id)


async def test_going_away_while_rung_passes_the_offer_on(desk_line: Line) -> None:
    await presence(desk_line, "complex", "ann", ["disputes"])
    await asyncio.sleep(0.05)
    await presence(desk_line, "complex", "bob", ["disputes"])
    await escalate(desk_line)
    await eventually(lambda: snap(desk_line, "complex"), lambda s: bool(s.offers) and s.offers[0].ringing == "ann")
    await presence(desk_line, "complex", "ann", ["disputes"], "away")
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: s.offers[0].ringing == "bob", within=3)
    assert s.offers[0].missed_by == []  # going away is not a missed ring


async def test_a_repeated_offer_is_queued_once(desk_line: Line) -> None:
    offer = Offer(context_id="ctx-dup", call_id="call-dup", queue="complex")
    handle = queue(desk_line, "complex")
    for _ in range(3):
        await desk_line.client.start_workflow(
            QueueWorkflow.run,
            QueueStart(queue="complex"),
            id=handle.id,
            task_queue=desk_line.settings.task_queue,
            start_signal="offer",
            start_signal_args=[offer],
        )
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: s.run_events >= 3)
    assert [o.context_id for o in s.offers] == ["ctx-dup"] and s.stats.offered == 1


async def test_continue_as_new_keeps_agents_offers_and_stats(desk_line: Line) -> None:
    handle = queue(desk_line, "complex")
    await desk_line.client.start_workflow(
        QueueWorkflow.run,
        QueueStart(queue="complex", max_events=3),
        id=handle.id,
        task_queue=desk_line.settings.task_queue,
    )
    first_run = (await handle.describe()).run_id
    for n in range(4):
        await handle.signal(QueueWorkflow.offer, Offer(context_id=f"ctx-{n}", call_id=f"call-{n}", queue="complex"))
    await presence(desk_line, "complex", "ann", ["disputes"], "away")
    s = await eventually(lambda: snap(desk_line, "complex"), lambda s: len(s.offers) == 4 and len(s.agents) == 1)
    assert (await handle.describe()).run_id != first_run  # history was cut
    assert [o.context_id for o in s.offers] == ["ctx-0", "ctx-1", "ctx-2", "ctx-3"]
    assert s.stats.offered == 4 and s.run_events < 4
