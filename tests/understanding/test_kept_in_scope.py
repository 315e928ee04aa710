"""Out-of-scope readings overruled once, after them all (`kept_in_scope.py`): a turn that reacts to the AI's
invitation, and a long story torn between a people's type and a covered one that sits as near the policy as a covered
paraphrase. Our own phrasings, none taken from a line's calls."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from activities.understanding import kept_in_scope
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.scores import Scores
from tests.understanding.conftest import cosine_scores
from warmline.understanding import Pending, UnderstandingRequest

WORDS = [f"w{i}" for i in range(9)]
# A long story the head leads to type "a" with "b" close behind, as `human_lead.human_story` reads it.
TORN = replace(cosine_scores(nearest=0.58, else_nearest=0.33, probs=(0.34, 0.26), oos_prob=0.05), tokens=WORDS)


def test_a_torn_story_near_the_policy_stays_in_scope() -> None:
    assert kept_in_scope.torn_story(TORN)
    assert kept_in_scope.stays_in_scope("x", TORN, _req(1, None), asks=True, human=True)


def test_a_far_or_clearly_led_story_is_still_the_peoples() -> None:
    assert not kept_in_scope.torn_story(replace(TORN, nearest=0.40))  # told far from every example: a claim's story
    led = replace(TORN, probs=np.array([0.34, 0.08]))
    assert not kept_in_scope.torn_story(led)  # the runner-up under half the lead: `human_lead`'s reading holds


def _req(turn: int, pending: Pending | None) -> UnderstandingRequest:
    return UnderstandingRequest(call_id="test-call", turn=turn, text="x", pending=pending)


def test_only_a_turn_after_the_invitation_that_asks_nothing_reacts() -> None:
    assert kept_in_scope.after_invitation(_req(2, None), asks=False)
    assert not kept_in_scope.after_invitation(_req(2, None), asks=True)  # a question put: read as before
    assert not kept_in_scope.after_invitation(_req(1, None), asks=False)  # the opening: its words are the subject


def _oos(u: EmbeddedUnderstander, text: str, turn: int) -> bool:
    return u.understand_now(UnderstandingRequest(call_id="test-call", turn=turn, text=text)).out_of_scope


def test_a_reaction_to_the_invitation_is_not_out_of_scope(always_elsewhere: EmbeddedUnderstander) -> None:
    assert not _oos(always_elsewhere, "oh right so it says the fourth on the letter, that's all fine then", 2)


def test_a_question_after_the_invitation_and_the_opening_still_can_be(always_elsewhere: EmbeddedUnderstander) -> None:
    assert _oos(always_elsewhere, "and can you sort me out a parking permit for the car park", 2)
    assert _oos(always_elsewhere, "oh right so it says the fourth on the letter, that's all fine then", 1)


def _short(n: int) -> Scores:
    return replace(TORN, tokens=WORDS[:n])


def test_a_short_turn_announcing_its_subject_is_asked_about() -> None:
    said = "hiya it is about my brother is van the one we spoke about in may"
    assert kept_in_scope.announces_subject(said, _short(5), _req(1, None), asks=False)
    assert not kept_in_scope.announces_subject(said, _short(5), _req(1, None), asks=True)
    assert not kept_in_scope.announces_subject(said, _short(9), _req(1, None), asks=False)
    assert not kept_in_scope.announces_subject(said, _short(5), _req(2, "answer"), asks=False)
    later = "my brother is van, it is about that"
    assert not kept_in_scope.announces_subject(later, _short(5), _req(1, None), asks=False)
