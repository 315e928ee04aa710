"""A caller who says they are torn between two things is asked which, never answered on a guess (issue 15).

"I'm not sure if I need X or Y": each side is worded on purpose, so a loosely worded side is still a rival of the
other; and a reading near a tie must not flip between answered and clarified on a hair's change in the head.
Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import numpy as np
import pytest

from activities.understanding.calibrate import head_confidence
from activities.understanding.request_form import hedged_choice
from activities.understanding.scores import Scores
from activities.understanding.text import clean


@pytest.mark.parametrize(
    "text",
    [
        "I'm not sure if I want to change it or cancel it altogether",
        "I don't know whether it's a billing thing or a fault",
        "it's either the bill or the contract, I'm not sure which",
        "no idea if I should move it or just leave it",
    ],
)
def test_torn_wording_is_a_hedged_choice(text: str) -> None:
    assert hedged_choice(clean(text))


@pytest.mark.parametrize(
    "text",
    ["can I pay by card or by cheque", "I'm not sure what's going on with my bill", "is it open on saturday or sunday"],
)
def test_a_plain_question_with_or_is_no_hedged_choice(text: str) -> None:
    assert not hedged_choice(clean(text))


def _scores(
    p_top: float, rival: float, rival_near: float, hedged: bool, sims: tuple[float, ...] = (0.0, 0.0)
) -> Scores:
    return Scores(
        names=["a", "b", "c"],
        sims=np.array([*sims, 0.0]),
        tokens=["w1", "w2", "w3"],
        known=3,
        probs=np.array([p_top, (1 - p_top) * 0.8, (1 - p_top) * 0.2]),
        nearest=0.7,
        # The first clause is best read as the rival query type when that is at least even odds.
        rivals=((rival, rival_near, rival if rival >= 0.5 else 0.9), (0.1, 0.7, 0.9)),
        hedged=hedged,
    )


def test_the_loosely_worded_side_of_a_hedged_choice_is_still_a_rival() -> None:
    # The second clause is sure of another query type but far from its examples: by itself no rival ...
    assert head_confidence(_scores(0.9, rival=0.8, rival_near=0.2, hedged=False)) >= 0.5
    # ... but the caller said they are torn between the two.
    assert head_confidence(_scores(0.9, rival=0.8, rival_near=0.2, hedged=True)) < 0.5


def test_a_hedged_choice_is_unclear_by_a_wide_margin_not_by_a_hair() -> None:
    """Each side read best as its own query type: however the head's probabilities move, the turn stays unclear,
    and the words agreeing with one side do not lift it back."""
    for p in np.linspace(0.5, 0.95, 46):
        scores = _scores(float(p), rival=0.5, rival_near=0.6, hedged=True, sims=(0.9, 0.1))
        assert head_confidence(scores) < 0.25
