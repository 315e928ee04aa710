"""Failures told in words the act model and the failure regexes missed (`told_failure`, the thirteenth round, part C).

"That's not really what I asked, I mean ..." after an answer says the answer missed the question and restates it:
the answer's failure, whatever topic the restatement reads as (it was read as a new answer, or a bare "no"). An
exclaimed praise at the opening with a sure failure in the turn ("oh brilliant, that's the page that keeps erroring,
thanks for that") thanks with irony: the failure stands (the thank-you used to veto it). Our own phrasings.
"""

from __future__ import annotations

import pytest

from activities.understanding.acts import find_acts
from activities.understanding.text import clean
from activities.understanding.told_failure import missed_question, mock_thanks, refuses_handover
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct


@pytest.mark.parametrize(
    "text",
    [
        "no that's not really what I asked, I wanted the price for two people",
        "that's not quite what I mean, I'm after the evening times",
        "nope, not what I was asking about at all",
        "you haven't answered my question",
    ],
)
def test_the_answer_said_to_miss_the_question(text: str) -> None:
    assert missed_question(clean(text))


@pytest.mark.parametrize(
    "text",
    ["that's exactly what I wanted, thanks", "what I asked for was the bill", "I'm not sure what I need"],
)
def test_other_turns_do_not_miss_it(text: str) -> None:
    assert not missed_question(clean(text))


def test_mock_thanks_needs_exclaimed_praise_first() -> None:
    assert mock_thanks(clean("oh brilliant, that's the one that keeps erroring, thanks for that"))
    assert not mock_thanks(clean("thanks, that's brilliant"))


def test_a_restated_question_after_an_answer_is_its_failure() -> None:
    """Read as a bare "no" with the restated question answered (or another topic) before the rule."""
    u = understand(
        "brightwave",
        "no that's not really what I mean, I'm asking why the speed drops every evening after six",
        pending="answer",
        last="slow_internet",
    )
    assert u.has(DialogAct.NOT_RESOLVED) and not u.has(DialogAct.DENY)
    assert u.intent == "slow_internet"


def test_the_restatement_can_read_as_another_topic() -> None:
    u = understand(
        "brightwave",
        "that's not what I asked, I want to know if I can take the router when I move house",
        pending="answer",
        last="slow_internet",
    )
    assert u.has(DialogAct.NOT_RESOLVED) and u.intent == "slow_internet"


def test_a_failure_thanked_for_with_irony_stands() -> None:
    u = understand(
        "brightwave",
        "oh wonderful, that's the exact page that keeps timing out on me, so thanks for that",
        pending="answer",
        last="slow_internet",
    )
    assert u.has(DialogAct.NOT_RESOLVED) and not u.has(DialogAct.THANKS)


def test_sincere_thanks_is_no_failure() -> None:
    u = understand("brightwave", "oh lovely, that's fixed it, thanks", pending="answer", last="slow_internet")
    assert not u.has(DialogAct.NOT_RESOLVED)


@pytest.mark.parametrize(
    "text",
    [
        "you keep telling me the same thing about the router",
        "restarted it, waited ten minutes, nowt",
        "the speed is still rubbish",
        "the hub light is still dead",
    ],
)
def test_failure_words_the_regexes_now_know(text: str) -> None:
    """Were no act at all (or a learned one under its bar) before: "same" said of the reply, a step list ending in
    nothing, "still" with a word of trouble."""
    assert DialogAct.NOT_RESOLVED in find_acts(clean(text))


def test_a_bare_nothing_is_no_report() -> None:
    assert DialogAct.NOT_RESOLVED not in find_acts(clean("nothing"))


@pytest.mark.parametrize(
    "text",
    [
        "no, I'm not being pushed from pillar to post again",
        "I don't want someone else ringing me back next week",
        "no I don't need passing over to anyone",
    ],
)
def test_a_refused_handover_is_no_failure_of_the_answer(text: str) -> None:
    """The fourteenth round, part D: counted as the answer's failure, it reached the limit a turn early."""
    assert refuses_handover(clean(text))
    u = understand("brightwave", text, pending="answer", last="slow_internet")
    assert not u.has(DialogAct.NOT_RESOLVED)


def test_a_failure_is_not_a_refused_handover() -> None:
    assert not refuses_handover(clean("I did that and it still won't let me pass the check"))
