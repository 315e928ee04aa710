"""A turn the head splits evenly between two of the line's query types is unclear between them (`two_types`).

The unclaimed, unworded and human-story readings transferred such a turn as about something the policy does not
cover: a covered matter two near types both speak of. Scores built by hand; our own numbers, no line's calls.
"""

from __future__ import annotations

from dataclasses import replace

from activities.understanding import calibrate, human_lead, two_types
from tests.understanding.conftest import cosine_scores

HUMAN = frozenset({"a"})
# A short request, no example near: the two types tied and holding most of the head (0.45 + 0.4).
TIED = cosine_scores(nearest=0.40, else_nearest=0.30, probs=(0.45, 0.4), oos_prob=0.1)
# The same pair tied but holding little of it (0.2 + 0.18): spread over something else, as an uncovered request is.
THIN = cosine_scores(nearest=0.40, else_nearest=0.30, probs=(0.2, 0.18), oos_prob=0.5)
# Holding most of it with a clear lead (0.6 against 0.3): the runner-up at half, not tied.
LED = cosine_scores(nearest=0.40, else_nearest=0.30, probs=(0.6, 0.3), oos_prob=0.1)
STORY_WORDS = [f"w{i}" for i in range(calibrate.UNCLAIMED_MAX_WORDS + 3)]


def test_the_tie_is_the_heads_own_separation_bound() -> None:
    assert two_types.TIED_RATIO == 1 - calibrate.HEAD_SEPARATION_MID


def test_a_tied_pair_that_holds_the_head() -> None:
    assert two_types.tied_pair(0.45, 0.4)
    assert not two_types.tied_pair(0.2, 0.18)  # together less likely than not
    assert not two_types.tied_pair(0.6, 0.3)  # a lead, not a tie
    assert not two_types.tied_pair(0.0, 0.0)


def test_a_short_request_tied_between_two_types_is_not_unclaimed() -> None:
    assert not calibrate.unclaimed(TIED) and not calibrate.out_of_scope(TIED)
    assert calibrate.unclaimed(THIN)  # spread thin: still the policy's business nowhere
    assert calibrate.unclaimed(LED)  # the runner-up at half: unclaimed as before


def test_a_request_in_unused_words_tied_between_two_types_is_not_unworded() -> None:
    assert not calibrate.unworded(replace(TIED, tokens=["w1", "w2", "w3", "w4"]), asks=True)
    assert calibrate.unworded(replace(THIN, tokens=["w1", "w2", "w3", "w4"]), asks=True)


def test_a_story_tied_between_a_human_type_and_another_is_asked_about() -> None:
    tied_story = replace(TIED, tokens=STORY_WORDS, nearest=0.42)
    assert not human_lead.human_story(tied_story, HUMAN)
    assert human_lead.human_story(replace(LED, tokens=STORY_WORDS, nearest=0.42), HUMAN)  # a clear lead: theirs
