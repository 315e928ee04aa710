"""A capability ask read unsurely whose verb the type read never says is out of scope (`asked_verb`).

An uncovered deed done to the line's own things (selling a contract on, translating a treatment plan) keeps the
object in the nearby type's words, so `answer_object` and `service_ask` let it through and the head clarifies it
between covered types; that type's own phrasings never say the verb. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

from unittest import mock

import pytest

from activities.understanding import asked_verb
from activities.understanding.asked_verb import unsaid
from activities.understanding.service_ask import asked_verb as verb_of
from activities.understanding.text import clean
from tests.understanding.conftest import understand, understander


def test_the_asks_verb() -> None:
    assert verb_of(clean("would you be able to lend us a ladder")) == "lend"
    assert verb_of(clean("could I rent one of your vans")) == "rent"
    assert verb_of(clean("do you lot still repair bikes")) == "repair"
    assert verb_of(clean("what time do you open")) is None
    assert verb_of(clean("the heating is broken again")) is None


def test_a_verb_the_type_says_is_its_deed() -> None:
    assert unsaid(clean("could you sell my season ticket on"), {"season", "ticket", "renew"})
    assert not unsaid(clean("could you renew my season ticket"), {"season", "ticket", "renew"})
    assert not unsaid(clean("can you take the old one away"), set())  # a light verb names no deed
    assert not unsaid(clean("do you do saturdays"), set())


ASKS = [
    # Without the rule: clarified, moving home at 0.25, booking at 0.31.
    ("brightwave", "could you sell my broadband contract on to my neighbour"),
    ("riverside_dental", "can you translate my treatment plan into polish"),
]


@pytest.mark.parametrize(("line", "text"), ASKS)
def test_an_unsure_ask_whose_verb_the_type_never_says_is_out_of_scope(line: str, text: str) -> None:
    u = understand(line, text)
    assert u.out_of_scope and u.intent is None


@pytest.mark.parametrize(("line", "text"), ASKS)
def test_the_rule_off_leaves_them_in_scope(line: str, text: str) -> None:
    understander.cache_clear()
    try:
        with mock.patch.object(asked_verb, "unsaid", return_value=False):
            assert not understand(line, text).out_of_scope
    finally:
        understander.cache_clear()


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("riverside_dental", "could you book me in for a check up"),  # unsure, but booking says "book"
        ("brightwave", "do you cancel contracts over the phone"),  # sure: answered or handled as before
    ],
)
def test_a_covered_ask_stays_in_scope(line: str, text: str) -> None:
    assert not understand(line, text).out_of_scope
