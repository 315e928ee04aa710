"""A capability ask whose object the type read hardly speaks of is out of scope (`answer_object`).

An uncovered service in the line's own field keeps some of the policy's words, so `service_ask` (the object against
the whole policy) lets it through and the head answers or clarifies it as the nearby covered type. Against that
type's own words the object is nearly all new. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

from unittest import mock

import pytest

from activities.understanding import answer_object, asked_verb
from activities.understanding.answer_object import asked_object, unspoken
from activities.understanding.text import clean
from tests.understanding.conftest import understand, understander


def test_a_particle_after_the_verb_is_the_verbs() -> None:
    assert asked_object(clean("do you hire out marquees and gazebos")) == ["marqu", "gazebo"]
    assert asked_object(clean("what time do you open")) == []


def test_an_object_the_type_speaks_of_is_its_matter() -> None:
    text = clean("can I buy a games console off you on the monthly bill")
    assert unspoken(text, {"pay", "card", "direct", "debit"})
    assert not unspoken(text, {"gam", "consol", "bill"})
    assert not unspoken(clean("could you do tuesdays"), set())  # one word says too little


ASKS = [
    # Without the rule: answered as payment methods (0.57), clarified between payment types (0.11).
    ("brightwave", "can I buy a games console off you on the monthly bill"),
    ("brightwave", "do you buy back old phones for cash"),
]


@pytest.mark.parametrize(("line", "text"), ASKS)
def test_an_ask_the_type_read_does_not_speak_of_is_out_of_scope(line: str, text: str) -> None:
    assert understand(line, text).out_of_scope


@pytest.mark.parametrize(("line", "text"), ASKS)
def test_the_rule_off_leaves_them_in_scope(line: str, text: str) -> None:
    understander.cache_clear()
    try:
        # `asked_verb` reads the second ask too ("buy" is no payment type's word): both off.
        with (
            mock.patch.object(answer_object, "unspoken", return_value=False),
            mock.patch.object(asked_verb, "unsaid", return_value=False),
        ):
            assert not understand(line, text).out_of_scope
    finally:
        understander.cache_clear()


def test_a_covered_ask_in_its_types_words_is_answered() -> None:
    u = understand("brightwave", "can you move my broadband over to my new house next month")
    assert not u.out_of_scope and u.intent == "moving_home"
