"""Seventeenth round, part e-upset (told_upset.py): an opening that tells how the caller feels about the service and
asks for nothing is a grievance, not an uncovered matter, even when VADER hears no feeling word in it; an opening
that asks something, or tells a predicament without the caller's state, stands on its reading. Written for this test,
not taken from any line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.told_upset import vents_first
from tests.understanding.conftest import understand

VENTING = [
    "i have rung this number every single day this week and i am absolutely sick of being left hanging",
    "i am fed up of ringing and getting cut off every single time",
]
NOT_VENTING = [
    "absolutely fed up with it, can you cancel my membership",
    "the roads are icy round our way, are you out gritting",
    "we've had a lot going on this year and my partner said to give you a ring",
]


@pytest.mark.parametrize("text", VENTING)
def test_an_opening_that_vents_and_asks_nothing_is_no_out_of_scope_matter(text: str) -> None:
    assert vents_first(text)
    u = understand("riverside_dental", text)
    assert not u.out_of_scope and u.sentiment < -0.4


@pytest.mark.parametrize("text", NOT_VENTING)
def test_an_ask_or_a_predicament_is_not_venting(text: str) -> None:
    assert not vents_first(text)
