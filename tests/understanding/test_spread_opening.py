"""At the opening, the background class does not make a turn out of scope when the query types together read it better.

A covered need told the long way round (a family occasion moved, a school party, what a relative set up for the
caller) spreads the head over several of the line's query types: "something else" then beats each of them, though the
line's business as a whole is the likelier reading. A request about something else leaves the query types little
between them. At the opening (`opening`: no AI move pending) the background class's reading now needs it to beat the
query types together (`calibrate.SPREAD_TYPES`); after an answer it stands as it was. Scores built by hand, no call's
words.
"""

from __future__ import annotations

import dataclasses

from activities.understanding import calibrate
from tests.understanding.conftest import cosine_scores

# The background class ahead of each query type and nearer than any example, small talk unlikely.
SPREAD = dataclasses.replace(
    cosine_scores(nearest=0.33, else_nearest=0.40, probs=(0.2, 0.15), oos_prob=0.3), chatter_prob=0.05
)
# ... and ahead of the query types together.
ELSEWHERE = dataclasses.replace(
    cosine_scores(nearest=0.33, else_nearest=0.40, probs=(0.1, 0.05), oos_prob=0.6), chatter_prob=0.05
)


def test_a_spread_opening_is_not_out_of_scope_by_the_background_class() -> None:
    assert not calibrate.out_of_scope(SPREAD, asks=False, opening=True)


def test_after_an_answer_the_background_class_still_reads_it() -> None:
    assert calibrate.out_of_scope(SPREAD, asks=False, opening=False)


def test_a_request_about_something_else_is_still_out_of_scope_at_the_opening() -> None:
    assert calibrate.out_of_scope(ELSEWHERE, asks=False, opening=True)


def test_nothing_near_at_all_still_is() -> None:
    far = dataclasses.replace(SPREAD, nearest=calibrate.OOS_FAR - 0.05)
    assert calibrate.out_of_scope(far, asks=False, opening=True)
