"""After an answer, a loosely worded follow-up is not a new subject; after a clarifying question, a thank-you is not.

A follow-up to what was just answered ("and would that cover my partner as well") is short and loose: no query type
claims it and its words are not the policy's, yet it resembles the policy's examples more than anything off-policy.
After an answer, out of scope then needs something else at least as near as the nearest example
(`calibrate.follow_up`), unless nothing the policy says is near at all. And a caller who thanks the line and asks for
nothing after a clarifying question is closing the call, never raising a subject of their own.
Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding import calibrate
from activities.understanding.scores import Scores
from tests.understanding.conftest import cosine_scores, understand, understander


def _scores(nearest: float, else_nearest: float) -> Scores:
    return cosine_scores(nearest, else_nearest, probs=(0.3, 0.25), oos_prob=0.1)


def test_a_follow_up_is_nearer_the_policy_than_anything_else() -> None:
    assert calibrate.follow_up(_scores(nearest=0.42, else_nearest=0.36))
    assert not calibrate.follow_up(_scores(nearest=0.40, else_nearest=0.54))  # a new subject: something else as near
    assert not calibrate.follow_up(_scores(nearest=0.20, else_nearest=0.10))  # near nothing at all (OOS_FAR)


def test_after_an_answer_only_a_turn_as_near_something_else_is_out_of_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the out-of-scope rules say, a follow-up after an answer is read as one; not so on an opening turn."""
    u = understander("riverside_dental")
    monkeypatch.setattr(u, "_out_of_scope", lambda _scores, _asr, _asks=True, _opening=False: True)
    text = "and would the check up price be the same for my partner"
    assert calibrate.follow_up(u.model.score(text))
    assert not understand("riverside_dental", text, pending="answer").out_of_scope
    assert understand("riverside_dental", text).out_of_scope


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("riverside_dental", "smashing, i'll sort that out myself then, thanks a lot"),
        ("brightwave", "oh great, i'll have a go at that later, thanks ever so much"),
    ],
)
def test_a_thank_you_after_a_clarifying_question_is_not_out_of_scope(name: str, text: str) -> None:
    assert not understand(name, text, pending="clarify").out_of_scope
