"""At the opening, a turn the head reads as small talk as much as "something else" is not out of scope by that class.

The background class's reading (`calibrate.out_of_scope`: the "something else" class beats every query type and no
example is near) was made for requests about something else ("what's the weather doing this weekend"). A covered
need told inside a chatty opening (a new shift pattern, a day out, what happened on the way in) sits as far from the
examples, and the story's words give the background class the lead over every query type; but the chatter class
(small talk, people, places) then reads it at least as well. At the opening (`opening`: no AI move pending) that
reading does not hold: the AI asks what the caller needs. After an answer a "while I've got you" follow-up carries
small talk around an uncovered request, so there the class's reading stands. Scores built by hand, no call's words.
"""

from __future__ import annotations

import dataclasses

from activities.understanding import calibrate
from tests.understanding.conftest import cosine_scores

# The background class ahead of every query type and nearer than any example.
ELSEWHERE = cosine_scores(nearest=0.30, else_nearest=0.40, probs=(0.05, 0.03), oos_prob=0.3)
CHATTY = dataclasses.replace(ELSEWHERE, chatter_prob=0.35)  # small talk at least as likely, under CHATTER_MIN
PLAIN = dataclasses.replace(ELSEWHERE, chatter_prob=0.1)


def test_a_chatty_opening_is_not_out_of_scope_by_the_background_class() -> None:
    assert not calibrate.out_of_scope(CHATTY, asks=False, opening=True)
    assert calibrate.out_of_scope(CHATTY, asks=False, opening=False)


def test_a_plain_request_about_something_else_still_is() -> None:
    assert calibrate.out_of_scope(PLAIN, asks=False, opening=True)


def test_nothing_near_at_all_still_is() -> None:
    far = dataclasses.replace(CHATTY, nearest=calibrate.OOS_FAR - 0.05)
    assert calibrate.out_of_scope(far, asks=False, opening=True)
