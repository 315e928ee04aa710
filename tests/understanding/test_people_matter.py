"""After an answer, a long story read as its failure that reads best as a matter people handle is that matter
(`people_matter.py`), handed to that type's people, not retried as the answer's failure. Our own phrasings, none
taken from a line's calls."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from activities.understanding.people_matter import STORY_MIN_WORDS, people_matter
from activities.understanding.scores import Scores
from warmline.understanding import DialogAct, Pending, UnderstandingRequest

HUMAN = frozenset({"damage_claim"})
# A story of ten content words the head reads best (unsurely) as the people's type.
STORY = Scores(
    names=["regular_visit", "damage_claim", "opening_hours"],
    sims=np.zeros(3),
    tokens=[f"w{i}" for i in range(STORY_MIN_WORDS)],
    known=3,
    probs=np.array([0.06, 0.11, 0.04]),
    nearest=0.3,
    else_nearest=0.3,
)
FAILED = [DialogAct.NOT_RESOLVED]


def _req(pending: Pending | None = "answer", last: str | None = "regular_visit") -> UnderstandingRequest:
    return UnderstandingRequest(call_id="test-call", turn=2, text="x", pending=pending, last_query_type=last)


def test_a_long_failure_story_read_as_a_peoples_type_is_that_matter() -> None:
    assert people_matter(FAILED, STORY, _req(), HUMAN)


def test_a_short_failure_stays_the_answers_failure() -> None:
    short = replace(STORY, tokens=STORY.tokens[: STORY_MIN_WORDS - 1])
    assert not people_matter(FAILED, short, _req(), HUMAN)


def test_a_story_read_best_as_a_covered_type_stays_the_answers_failure() -> None:
    covered = replace(STORY, probs=np.array([0.06, 0.04, 0.11]))  # best read as opening_hours, the AI's
    assert not people_matter(FAILED, covered, _req(), HUMAN)


def test_the_people_type_just_answered_is_no_new_matter() -> None:
    assert not people_matter(FAILED, STORY, _req(last="damage_claim"), HUMAN)


def test_only_a_failure_reading_right_after_an_answer_counts() -> None:
    assert not people_matter([], STORY, _req(), HUMAN)  # no failure read: the other readings decide
    assert not people_matter(FAILED, STORY, _req(pending="clarify"), HUMAN)
    assert not people_matter(FAILED, STORY, _req(pending=None, last=None), HUMAN)
    assert not people_matter(FAILED, replace(STORY, probs=None), _req(), HUMAN)  # no head: no ranking to trust
