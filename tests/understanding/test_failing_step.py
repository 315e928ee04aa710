"""A failure report in another query type's words, right after an answer, counts for the answer (issue 15); and distress
at the opening without feeling words can still be out of scope.

"It keeps coming up with an error about my account" after the payment answer is about the payment step the caller
just tried, not a new question about accounts; a caller who asks for something new, or states a new problem of
their own ("my wifi keeps cutting out"), has moved on. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding.acts import persisting
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

BW = "brightwave"


@pytest.mark.parametrize(
    "text",
    [
        "it's still saying the same thing",
        "the website keeps throwing me back to the start",
        "the form is still refusing it",
        "I've done that twice and nothing",
        "it keeps timing out on me",
    ],
)
def test_the_step_just_given_goes_on_failing(text: str) -> None:
    assert persisting(clean(text))


@pytest.mark.parametrize(
    "text",
    ["my wifi keeps cutting out every few minutes", "I still live at the same address", "how do I pay"],
)
def test_a_new_subject_or_a_question_is_not_the_step_failing(text: str) -> None:
    assert not persisting(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "it keeps telling me my account has been locked when I try",
        "the page still won't accept it, says my account details are wrong",
    ],
)
def test_a_failure_in_another_topics_words_counts_for_the_answer(text: str) -> None:
    u = understand(BW, text, pending="answer", last="payment_methods")
    assert DialogAct.NOT_RESOLVED in u.acts and u.intent == "payment_methods"


def test_a_new_problem_of_its_own_after_an_answer_is_a_new_question() -> None:
    u = understand(BW, "my wifi keeps cutting out every few minutes", pending="answer", last="payment_methods")
    assert DialogAct.NOT_RESOLVED not in u.acts and u.intent == "slow_internet"


def test_distress_at_the_opening_without_feeling_words_can_still_be_out_of_scope() -> None:
    """The upset gate keeps a grievance from being a topic; the call's first turn says why the caller rings."""
    text = "is anyone going to salt the roads tonight, it's set to drop to minus seven"
    opening = understand("riverside_dental", text)
    assert opening.sentiment < -0.4 and opening.out_of_scope
    later = understand("riverside_dental", text, pending="answer", last="opening_times")
    assert not later.out_of_scope  # upset after an answer: about the service, never a new topic
