"""A story that asks for nothing is clarified first, not transferred at once as unclaimed.

The unclaimed reading (`calibrate.unclaimed`: no example near, no query type ahead of the rest) was made for short
requests in the line's own domain that no query type covers ("can you book me a hire car" to an airline). A caller
who tells a story and asks nothing in so many words is no less torn between query types, but on the lines read so
far that story is most often a covered need told the long way round: it is clarified (low_confidence if it stays
unclear), as any other unclear turn. The readings by meaning (the background class nearer, nothing near at all)
still need no request. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding import calibrate
from tests.understanding.conftest import cosine_scores, understand

# No example near, the two query types level, the background class far behind: only the unclaimed reading applies.
UNCLAIMED = cosine_scores(nearest=0.40, else_nearest=0.30, probs=(0.3, 0.25), oos_prob=0.1)
# The background class ahead of every query type and nearer than any example: about something else, asked or not.
ELSEWHERE = cosine_scores(nearest=0.30, else_nearest=0.50, probs=(0.1, 0.05), oos_prob=0.6)


@pytest.fixture
def unclaimed_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule at the grid's "on" setting (0.5); it ships off since the eighteenth round's leave-one-line-out."""
    monkeypatch.setattr(calibrate, "UNCLAIMED_RATIO", 0.5)


@pytest.mark.usefixtures("unclaimed_on")
def test_the_unclaimed_reading_needs_a_request() -> None:
    assert calibrate.out_of_scope(UNCLAIMED) and not calibrate.out_of_scope(UNCLAIMED, asks=False)
    assert calibrate.unclaimed(UNCLAIMED)


def test_the_readings_by_meaning_need_none() -> None:
    assert calibrate.out_of_scope(ELSEWHERE, asks=False)
    assert calibrate.out_of_scope(ELSEWHERE, asks=True)


@pytest.fixture
def everything_unclaimed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every turn of three words or more reads as unclaimed: what the request form adds, set apart."""
    monkeypatch.setattr(calibrate, "UNCLAIMED_NEAREST", 1.01)
    monkeypatch.setattr(calibrate, "UNCLAIMED_RATIO", 0.0)


@pytest.mark.usefixtures("everything_unclaimed")
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("brightwave", "we've had the same deal for six years now and the price has crept up every single spring"),
        ("riverside_dental", "my nan's plate has been rubbing on her gum ever since the last fitting"),
    ],
)
def test_an_unclaimed_story_is_not_out_of_scope(name: str, text: str) -> None:
    assert not understand(name, text).out_of_scope


@pytest.mark.usefixtures("everything_unclaimed")
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("brightwave", "could you send someone to fix my neighbour's aerial"),
        ("riverside_dental", "do you do teeth whitening kits to take home"),
    ],
)
def test_an_unclaimed_request_still_is(name: str, text: str) -> None:
    assert understand(name, text).out_of_scope
