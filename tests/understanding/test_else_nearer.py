"""The "something else" class out-voting every query type makes a turn out of scope only when the turn resembles
something else at least as closely as it resembles the policy's examples.

The head's background class can win on a turn that resembles nothing: a covered request in loose words ("is the
two o'clock going on time", "can we come back a day later, what will it cost") sits at cosine 0.35-0.40 from the
nearest example and no nearer any background phrasing. Such a turn is unclear (a clarifying question), not clearly
about something else; an unrelated request ("can you get me a taxi") sits far nearer a background phrasing.
Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import dataclasses

import pytest

from activities.understanding import calibrate
from activities.understanding.classifier import else_comparable
from activities.understanding.scores import Scores
from tests.understanding.conftest import cosine_scores, understand, understander


def _scores(nearest: float, else_nearest: float) -> Scores:
    """The background class ahead of both query types (0.5 against 0.3 and 0.1), no example near."""
    return cosine_scores(nearest, else_nearest, probs=(0.3, 0.1), oos_prob=0.5)


def test_the_background_class_decides_only_when_something_else_is_as_near() -> None:
    assert calibrate.out_of_scope(_scores(nearest=0.35, else_nearest=0.6))
    assert calibrate.out_of_scope(_scores(nearest=0.35, else_nearest=0.35))
    assert not calibrate.out_of_scope(_scores(nearest=0.35, else_nearest=0.3))  # nearer the policy: unclear


def test_far_from_everything_is_out_of_scope_whatever_the_background_says() -> None:
    assert calibrate.out_of_scope(_scores(nearest=0.2, else_nearest=0.1))  # OOS_FAR: nothing the policy says is near


def test_the_comparison_off_is_the_old_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calibrate, "ELSE_NEARER", False)
    assert calibrate.out_of_scope(_scores(nearest=0.35, else_nearest=0.3))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("riverside_dental", "can you get me a taxi home afterwards"),
        ("riverside_dental", "any idea if it rains tomorrow"),
        ("brightwave", "can you book me a taxi"),
    ],
)
def test_unrelated_requests_stay_out_of_scope(name: str, text: str) -> None:
    u = understand(name, text)
    assert u.out_of_scope and u.intent is None and u.reply is None


def test_the_nearest_something_else_is_read_from_the_kept_background() -> None:
    """A turn about the weather sits nearer a background phrasing than any example of a dental line."""
    scores = understander("riverside_dental").model.score("any idea if it rains tomorrow")
    assert scores.else_nearest > 0.6 > scores.nearest


def test_the_comparison_needs_as_many_phrasings_of_something_else_as_examples() -> None:
    """The nearest of more phrasings is nearer by number alone: the cosines are compared only between fair sets."""
    assert else_comparable(900, 90)  # a support line: the background outnumbers its examples
    assert else_comparable(100, 100)
    assert not else_comparable(600, 1600)  # many query types: most of the background dropped as near their examples


def test_when_the_examples_outnumber_something_else_the_head_decides_alone() -> None:
    scores = cosine_scores(0.35, 0.3, probs=(0.3, 0.1), oos_prob=0.5)
    assert not calibrate.out_of_scope(scores)  # comparable sets: nearer the policy, unclear
    outnumbered = dataclasses.replace(scores, else_comparable=False)
    assert calibrate.out_of_scope(outnumbered)  # the background class beats every type, no example near


def test_a_support_line_keeps_the_comparison() -> None:
    assert understander("riverside_dental").model.else_comparable
