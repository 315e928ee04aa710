"""A short report of a matter people handle, a little far from its type's examples but nearer the policy than anything
off it, goes to that type's people (`human_lead.human_nearer`) instead of a clarifying question.

"Your cleaner was in and now my watch has gone from the side" sits 0.40-0.45 from a claims type's few examples (under
`human_lead`'s nearness) and leaves the runner-up a fifth of the lead (not `human_claimed`'s lone claim): the AI asked
which of its covered types the caller meant. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from activities.understanding import human_lead
from activities.understanding.embedded import EmbeddedUnderstander
from tests.understanding.conftest import cosine_scores, inline_policy
from warmline.understanding import UnderstandingRequest

HUMAN = frozenset({"a"})
# 0.43 from the human type's examples, 0.30 from anything off the policy, the runner-up a fifth of the lead.
REPORT = cosine_scores(nearest=0.43, else_nearest=0.30, probs=(0.55, 0.11), oos_prob=0.05)


def test_a_report_led_to_a_human_type_from_a_little_far() -> None:
    assert human_lead.human_nearer(REPORT, HUMAN)
    assert not human_lead.human_lead(REPORT, HUMAN)  # under human_lead's nearness
    assert not human_lead.human_claimed(REPORT, HUMAN)  # the runner-up is not under a tenth


def test_not_nearer_something_else_far_shared_or_sure() -> None:
    assert not human_lead.human_nearer(replace(REPORT, else_nearest=0.48), HUMAN)  # chat or another matter
    assert not human_lead.human_nearer(replace(REPORT, nearest=0.36, else_nearest=0.30), HUMAN)  # near nothing
    assert not human_lead.human_nearer(REPORT, frozenset({"b"}))  # the lead is a type the AI answers
    assert not human_lead.human_nearer(REPORT, HUMAN, confidence=0.6)  # sure enough: the triggers hand it over
    assert not human_lead.human_nearer(replace(REPORT, hedged=True), HUMAN)
    torn = cosine_scores(nearest=0.43, else_nearest=0.30, probs=(0.4, 0.3), oos_prob=0.05)
    assert not human_lead.human_nearer(torn, HUMAN)  # the runner-up has more than half the lead


def test_read_before_any_answer_and_later_only_when_calm() -> None:
    """`embedded._unanswered`: the opening and a reply to a clarifying question, not a follow-up on an answer; past the
    first turn an upset report is the sentiment trigger's (its threshold, the policy's)."""
    me = SimpleNamespace(
        policy=inline_policy(
            [{"name": "a", "queue": "a", "answer": "We will look.", "examples": ["my watch went missing"]}]
        )
    )
    threshold = me.policy.defaults.sentiment.threshold

    def unanswered(turn: int, pending: str | None, sentiment: float) -> bool:
        req = UnderstandingRequest(call_id="t", turn=turn, text="x", pending=pending)
        return EmbeddedUnderstander._unanswered(me, req, sentiment)  # type: ignore[arg-type]

    assert unanswered(1, None, threshold - 0.3)  # an upset opening report is still the claim it tells
    assert unanswered(2, "clarify", 0.0)
    assert not unanswered(3, "answer", 0.0)  # a follow-up on what was answered
    assert not unanswered(3, None, threshold - 0.3)  # upset later in the call: a grievance
