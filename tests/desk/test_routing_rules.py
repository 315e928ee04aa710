"""The queue's routing rules, one table per rule (warmline/queueing.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from warmline.queueing import Agent, AgentStatus, Offer, dispatch, pick_agent, qualified, queues_for, ring_expired

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
A, V, B = AgentStatus.AWAY, AgentStatus.AVAILABLE, AgentStatus.BUSY


def agent(agent_id: str, skills: str = "billing", status: AgentStatus = V, idle_min: int = 0, **kw: Any) -> Agent:
    return Agent(
        agent_id=agent_id,
        skills=skills.split("+") if skills else [],
        status=status,
        idle_since=T0 + timedelta(minutes=idle_min),
        **kw,
    )


def offer(context_id: str = "c1", skills: str = "billing", waited_min: int = 0, **kw: Any) -> Offer:
    return Offer(
        context_id=context_id,
        call_id=f"call-{context_id}",
        queue="transactional",
        skills=skills.split("+") if skills else [],
        enqueued_at=T0 - timedelta(minutes=waited_min),
        **kw,
    )


@pytest.mark.parametrize(
    ("agent_skills", "needed", "ok"),
    [
        ("billing+plans", "billing", True),
        ("billing+plans", "billing+plans", True),
        ("billing", "billing+plans", False),
        ("", "", True),  # a queue that needs no skills takes anyone
        ("fraud", "", True),
        ("", "billing", False),
    ],
)
def test_qualified_needs_every_skill(agent_skills: str, needed: str, ok: bool) -> None:
    assert qualified(agent("a", agent_skills), offer(skills=needed)) is ok


@pytest.mark.parametrize(
    ("agents", "the_offer", "expected"),
    [
        # longest idle wins
        ([agent("a", idle_min=5), agent("b", idle_min=1), agent("c", idle_min=3)], offer(), "b"),
        # away and busy agents are never rung
        ([agent("a", status=A, idle_min=0), agent("b", status=B, idle_min=1), agent("c", idle_min=9)], offer(), "c"),
        # skills beat idle time
        ([agent("a", "plans", idle_min=0), agent("b", "billing+plans", idle_min=7)], offer(), "b"),
        # an agent already ringing for another offer is skipped
        ([agent("a", idle_min=0, ringing="c0"), agent("b", idle_min=4)], offer(), "b"),
        # who let this offer ring out goes last, even when idlest
        ([agent("a", idle_min=0), agent("b", idle_min=8)], offer(missed_by=["a"]), "b"),
        # ... but still gets it when nobody else can
        ([agent("a", idle_min=0), agent("b", "plans", idle_min=8)], offer(missed_by=["a"]), "a"),
        # nobody qualified and free
        ([agent("a", "plans"), agent("b", status=A)], offer(), None),
        ([], offer(), None),
        # equal idle time: the agent id breaks the tie, so replays agree
        ([agent("z", idle_min=2), agent("m", idle_min=2)], offer(), "m"),
    ],
)
def test_pick_agent_longest_idle_qualified(agents: list[Agent], the_offer: Offer, expected: str | None) -> None:
    picked = pick_agent(agents, the_offer)
    assert (picked.agent_id if picked else None) == expected


@pytest.mark.parametrize(
    ("agents", "offers", "expected"),
    [
        # oldest offer first, to the idlest agent; each agent rings once
        (
            [agent("a", idle_min=0), agent("b", idle_min=5)],
            [offer("new", waited_min=1), offer("old", waited_min=9)],
            [("old", "a"), ("new", "b")],
        ),
        # more offers than agents: the newest waits
        ([agent("a")], [offer("x", waited_min=1), offer("y", waited_min=2)], [("y", "a")]),
        # an offer already ringing is left alone
        ([agent("a"), agent("b", idle_min=1)], [offer("x", ringing="z")], []),
        # skills per offer: the billing agent is saved for the billing call
        (
            [agent("a", "billing+plans", idle_min=0), agent("b", "plans", idle_min=1)],
            [offer("p", "plans", waited_min=5), offer("q", "billing", waited_min=4)],
            [("p", "a")],  # oldest first takes the idlest; q then has no billing agent free
        ),
    ],
)
def test_dispatch_rings_oldest_offer_first(
    agents: list[Agent], offers: list[Offer], expected: list[tuple[str, str]]
) -> None:
    assert [(o.context_id, a.agent_id) for o, a in dispatch(agents, offers)] == expected


@pytest.mark.parametrize(
    ("ringing", "started_s_ago", "ring_s", "expired"),
    [
        ("a", 19.9, 20, False),
        ("a", 20.0, 20, True),
        ("a", 45, 20, True),
        (None, 45, 20, False),  # not ringing: nothing to expire
        ("a", 2, 1.5, True),
    ],
)
def test_ring_expires_after_ring_time(ringing: str | None, started_s_ago: float, ring_s: float, expired: bool) -> None:
    o = offer(ringing=ringing, ring_started_at=T0 - timedelta(seconds=started_s_ago))
    assert ring_expired(o, T0, ring_s) is expired


DEMO_QUEUES = {"transactional": ["billing", "plans"], "technical": ["network"], "complex": ["disputes", "fraud"]}


@pytest.mark.parametrize(
    ("skills", "expected"),
    [
        ("billing+plans", ["transactional"]),
        ("billing", []),  # half a queue's skills is not enough
        ("billing+plans+network+disputes+fraud", ["transactional", "technical", "complex"]),
        ("network+fraud+disputes", ["technical", "complex"]),
        ("", []),
    ],
)
def test_agent_works_every_queue_whose_skills_they_have(skills: str, expected: list[str]) -> None:
    assert queues_for(DEMO_QUEUES, skills.split("+") if skills else []) == expected
