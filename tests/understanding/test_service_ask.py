"""Asking whether the company does a thing its policy never names is out of scope (`service_ask`).

The rest of such a turn is the line's everyday vocabulary, so the head read it as a covered type, unsurely: a
clarifying question or "how can I help?" about something the AI never handles. The ask's object alone, compared with
the policy's words, says it is not covered. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding.service_ask import service_object, uncovered_service
from activities.understanding.text import clean
from tests.understanding.conftest import understand

# The object is what follows the asking verb, to the end of its clause (the verb itself is not part of it).
OBJECTS = [
    ("do you lot do hanging baskets as well", ["hang", "basket"]),
    ("would you be able to sweep the chimney while you're here", ["chimney"]),
    ("can you lot fix garage doors, ours is stuck", ["garag", "door"]),
    ("could we hire one of your vans for the weekend", ["van", "weekend"]),
]
NO_SERVICE = [
    "what time do you open on saturday",
    "can you hear me, the line keeps going",
    "can you put me through to someone in accounts",
    "can you tell me how much I owe",
    "do you know if my parcel has left",
    "how long would you keep hold of it for",
    "I paid on friday and it still says overdue",
]


@pytest.mark.parametrize(("text", "words"), OBJECTS)
def test_the_object_of_a_capability_ask(text: str, words: list[str]) -> None:
    obj = service_object(clean(text))
    assert obj is not None and set(words) <= set(obj)


@pytest.mark.parametrize("text", NO_SERVICE)
def test_other_turns_ask_for_no_service(text: str) -> None:
    assert not service_object(clean(text))


def test_an_object_the_policy_uses_is_covered() -> None:
    text = clean("do you lot fix garage doors")
    assert uncovered_service(text, {"kitchen", "bathroom"})
    assert not uncovered_service(text, {"garag", "door"})


@pytest.mark.parametrize(
    ("line", "text"),
    [
        # Each read before as a covered type, unsurely, and clarified or prompted (0.0-0.08 confidence).
        ("riverside_dental", "do you do botox as well"),
        ("riverside_dental", "can you do a mouthguard for my son"),
        ("brightwave", "do you do smart meters"),
    ],
)
def test_an_uncovered_service_asked_for_is_out_of_scope(line: str, text: str) -> None:
    assert understand(line, text).out_of_scope


def test_a_covered_service_in_other_words_is_not() -> None:
    """The head answers it (0.54): a type that reads it surely covers it, whatever its words."""
    assert not understand("riverside_dental", "do you do sedation for nervous patients").out_of_scope
