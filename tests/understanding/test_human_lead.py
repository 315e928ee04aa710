"""A story about something people handle, which the head leads to but not surely, goes to that type's people at once.

A complaint about staff or a break-in told in the caller's own words sits only half near the human-handled type's few
examples: its confidence stays under the threshold, and the AI asked a clarifying question about something it never
handles. `human_lead.human_lead` (an example near, the runner-up far behind: the mirror of `unclaimed`) makes such a
turn out of scope with the human-handled type as its intent, so the transfer names that type's queue. Our own
phrasings, none taken from a line's calls.
"""

from __future__ import annotations

from functools import cache

from activities.understanding import human_lead
from activities.understanding.embedded import EmbeddedUnderstander
from eval.lines import LINES
from tests.understanding.conftest import cosine_scores
from warmline.policy_file import load_policy
from warmline.routing import queue_for
from warmline.trigger_models import TriggerState
from warmline.triggers import decide
from warmline.understanding import Understanding, UnderstandingRequest

HUMAN = frozenset({"a"})
LEAD = cosine_scores(nearest=0.50, else_nearest=0.30, probs=(0.5, 0.1), oos_prob=0.1)


def test_a_near_clear_lead_to_a_human_type() -> None:
    assert human_lead.human_lead(LEAD, HUMAN)
    assert not human_lead.human_lead(LEAD, frozenset({"b"}))  # the lead is a type the AI answers


def test_not_when_far_or_level() -> None:
    assert not human_lead.human_lead(
        cosine_scores(nearest=0.40, else_nearest=0.30, probs=(0.5, 0.1), oos_prob=0.1), HUMAN
    )
    assert not human_lead.human_lead(
        cosine_scores(nearest=0.50, else_nearest=0.30, probs=(0.3, 0.25), oos_prob=0.1), HUMAN
    )


@cache
def _driving() -> EmbeddedUnderstander:
    return EmbeddedUnderstander(load_policy(LINES / "kingfisher_driving" / "policy.yaml"))


def _read(text: str) -> Understanding:
    return _driving().understand_now(UnderstandingRequest(call_id="t", turn=1, text=text))


def test_a_conduct_story_goes_to_the_conduct_queue() -> None:
    u = _read("my niece told me her instructor made a comment about her figure and she doesn't want to go back")
    assert u.out_of_scope and u.intent == "instructor_conduct"
    d = decide(_driving().policy, TriggerState(), 1, u)
    assert d.kind == "escalate" and queue_for(_driving().policy, d.query_type) == "instructor_team"


def test_a_covered_request_is_still_answered() -> None:
    u = _read("can I book a lesson for saturday morning")
    assert not u.out_of_scope and u.intent == "book_move_lesson"
