"""A request in words the policy never uses is not out of scope when one query type alone claims it.

The unworded reading (`calibrate.unworded`: a request, few of the policy's words, no example near) was made for
uncovered requests in the line's own domain. A covered request told inside a chatty opening (a new job, the hours
someone works, the weather) keeps as few of the policy's words and sits as far from its examples, and was
transferred at once; but the head then reads it as one query type with no other close (`calibrate.claimed`), where
an uncovered request leaves two or more a share. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding import calibrate
from tests.understanding.conftest import cosine_scores, understand

# No example near, a third of the words the policy's: the unworded reading, with the head's lead set apart.
ONE_TYPE = cosine_scores(nearest=0.40, else_nearest=0.30, probs=(0.6, 0.02), oos_prob=0.1)
SHARED = cosine_scores(nearest=0.40, else_nearest=0.30, probs=(0.6, 0.2), oos_prob=0.1)


def test_a_claimed_request_is_not_unworded() -> None:
    assert calibrate.claimed(ONE_TYPE) and not calibrate.unworded(ONE_TYPE, asks=True)
    assert not calibrate.claimed(SHARED) and calibrate.unworded(SHARED, asks=True)


@pytest.fixture
def everything_unworded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every request of three words or more reads as unworded: what the head's lead adds, set apart."""
    monkeypatch.setattr(calibrate, "UNCLAIMED_NEAREST", 1.01)
    monkeypatch.setattr(calibrate, "UNWORDED_MAX_KNOWN", 1.0)


@pytest.mark.usefixtures("everything_unworded")
def test_a_covered_request_in_a_chatty_opening_is_answered() -> None:
    text = (
        "morning, I've just started working weekends at the depot so I can only come in on a weekday evening now,"
        " do you stay open late"
    )
    u = understand("riverside_dental", text)
    assert not u.out_of_scope and u.intent == "opening_times"


@pytest.mark.usefixtures("everything_unworded")
def test_an_uncovered_request_still_is_out_of_scope() -> None:
    assert understand("riverside_dental", "do you sell those electric toothbrushes in the practice").out_of_scope
