"""The unclaimed reading is for short requests: in a long turn the story, not the request, spreads the head.

`calibrate.unclaimed` (no example near, the runner-up query type at least half the top one) was made for a request
of a few words in the line's own domain that nothing covers ("can you book me a hire car" to an airline). A covered
request told inside a story (years as a customer, the miles driven for work, what was bought last spring) sits as
far from the examples, and the story's words give other query types a share of the head, so it read as unclaimed
and was transferred at once. Past UNCLAIMED_MAX_WORDS content words the reading does not hold; the turn is answered
or clarified as its confidence says, and the readings by meaning still apply. Our own phrasings, none taken from a
line's calls.
"""

from __future__ import annotations

import dataclasses

import pytest

from activities.understanding import calibrate
from tests.understanding.conftest import cosine_scores, understand

# No example near, the two query types level, the background class far behind: only the unclaimed reading applies.
SHORT = cosine_scores(nearest=0.40, else_nearest=0.30, probs=(0.3, 0.25), oos_prob=0.1)
LONG = dataclasses.replace(SHORT, tokens=[f"w{i}" for i in range(calibrate.UNCLAIMED_MAX_WORDS + 1)])


@pytest.fixture
def unclaimed_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule at the grid's "on" setting (0.5); it ships off since the eighteenth round's leave-one-line-out."""
    monkeypatch.setattr(calibrate, "UNCLAIMED_RATIO", 0.5)


@pytest.mark.usefixtures("unclaimed_on")
def test_only_a_short_turn_is_unclaimed() -> None:
    assert calibrate.unclaimed(SHORT) and calibrate.out_of_scope(SHORT)
    assert not calibrate.unclaimed(LONG) and not calibrate.out_of_scope(LONG)


@pytest.fixture
def everything_unclaimed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every turn of three words or more reads as unclaimed (and no request as unworded): the length, set apart."""
    monkeypatch.setattr(calibrate, "UNCLAIMED_NEAREST", 1.01)
    monkeypatch.setattr(calibrate, "UNCLAIMED_RATIO", 0.0)
    monkeypatch.setattr(calibrate, "UNWORDED_MAX_KNOWN", -1.0)


@pytest.mark.usefixtures("everything_unclaimed")
def test_a_covered_request_in_a_long_story_is_not_out_of_scope() -> None:
    text = (
        "we've been with you since the kids were tiny and we've moved house twice in that time and the"
        " broadband's always been fine, how do I pay my bill by direct debit now"
    )
    assert not understand("brightwave", text).out_of_scope


@pytest.mark.usefixtures("everything_unclaimed")
def test_a_short_uncovered_request_still_is() -> None:
    assert understand("brightwave", "could you send someone to fix my neighbour's aerial").out_of_scope
