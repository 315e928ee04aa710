"""At the opening, a matter people handle told at length goes to that type's people (`human_lead.human_story`).

A complaint or a damage claim told as what happened keeps few of the type's words: the story sits far from the type's
examples and spreads the head over the types it touches, so `human_lead` (near) and `human_claimed` (alone) do not
hold and the AI asked a clarifying question about something it never handles. Our own phrasings, none taken from a
line's calls.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from activities.understanding import human_lead
from tests.understanding.conftest import cosine_scores

HUMAN = frozenset({"a"})
WORDS = [f"w{i}" for i in range(9)]
# A long story, 0.38 from the human type's examples, the head's lead shared with a type the AI answers.
STORY = replace(cosine_scores(nearest=0.38, else_nearest=0.30, probs=(0.45, 0.25), oos_prob=0.1), tokens=WORDS)


def test_a_long_story_led_to_a_human_type() -> None:
    assert human_lead.human_story(STORY, HUMAN)
    assert not human_lead.human_lead(STORY, HUMAN)  # far, and the runner-up has half the lead
    assert not human_lead.human_claimed(STORY, HUMAN)  # not alone


def test_not_short_weakly_led_ai_handled_or_already_sure() -> None:
    assert not human_lead.human_story(replace(STORY, tokens=WORDS[:5]), HUMAN)  # a short request: `unclaimed`'s
    weak = replace(STORY, probs=np.array([0.14, 0.08]), oos_prob=0.5)
    assert not human_lead.human_story(weak, HUMAN)  # under STORY_MIN_LEAD
    assert not human_lead.human_story(STORY, frozenset({"b"}))  # the lead is a type the AI answers
    assert not human_lead.human_story(STORY, HUMAN, confidence=0.6)  # sure enough: the triggers hand it over
    assert not human_lead.human_story(replace(STORY, hedged=True), HUMAN)
