"""A follow-up question right after an answer is no failure of it (`asked_after_answer`), and a reply to a clarifying
question that says the trouble came right is an acknowledgement (`settled_reply`): the eighteenth round, part n-kept.

The act model reads a short turn with no topic of its own after an answer as "that's not it", and a reply to a
clarifying question that names no query type as vague: "so how long does that code stay valid for" was counted as the
answer failing, "oh wait, there it goes, sorry about that" as the question left unanswered. Our own phrasings.
"""

from __future__ import annotations

import pytest

from activities.understanding.asked_after_answer import asks_on, question_form, without_failure
from activities.understanding.settled_reply import settled
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct, UnderstandingRequest


def _req(pending: str | None) -> UnderstandingRequest:
    return UnderstandingRequest(call_id="c", turn=2, text="", pending=pending, last_query_type="slow_internet")


@pytest.mark.parametrize(
    "text",
    [
        "so how long does that code stay valid for",
        "and is there a charge for that",
        "right, and my partner can use the same login, can she",
        "ok and does it work on the tablet as well",
        "what happens to my old router then",
    ],
)
def test_questions_in_form(text: str) -> None:
    assert question_form(clean(text))


@pytest.mark.parametrize(
    "text", ["it's the newer model if that helps", "the light's gone off again", "fine, I'll have a go at that"]
)
def test_not_questions(text: str) -> None:
    assert not question_form(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "so how long does that code stay valid for",
        "and where do I put the number once I've got it",
        "ok and does that work for my son's account too",
    ],
)
def test_a_learned_failure_in_a_follow_up_question_is_dropped(text: str) -> None:
    found: dict[DialogAct, list[tuple[int, int]]] = {DialogAct.NOT_RESOLVED: []}
    assert asks_on(clean(text), found, _req("answer"))
    assert without_failure(clean(text), found, [DialogAct.NOT_RESOLVED], _req("answer")) == []


@pytest.mark.parametrize(
    "text",
    [
        "I've done all that and it still won't load, so what now",  # the step done, still failing
        "where's the email then, it still says pending",  # what the step gave
        "that's not really what I asked, how do I stop it renewing",  # the answer missed the question
    ],
)
def test_a_question_that_tells_the_step_failing_stays_a_failure(text: str) -> None:
    assert not asks_on(clean(text), {DialogAct.NOT_RESOLVED: []}, _req("answer"))


def test_only_a_learned_failure_right_after_an_answer() -> None:
    text = clean("so how long does that code stay valid for")
    assert not asks_on(text, {DialogAct.NOT_RESOLVED: [(0, 5)]}, _req("answer"))  # the patterns' failure words
    assert not asks_on(text, {DialogAct.NOT_RESOLVED: []}, _req("clarify"))
    assert not asks_on(text, {DialogAct.NOT_RESOLVED: [], DialogAct.REQUEST_HUMAN: []}, _req("answer"))
    assert not asks_on(text, {}, _req("answer"))


@pytest.mark.parametrize("text", ["so how long does that code stay valid for", "what happens to my old router then"])
def test_a_follow_up_question_after_an_answer_is_no_failure(text: str) -> None:
    """Read as the slow-internet answer failing before."""
    u = understand("brightwave", text, pending="answer", last="slow_internet")
    assert not u.has(DialogAct.NOT_RESOLVED) and not u.out_of_scope


@pytest.mark.parametrize(
    "text",
    [
        "oh wait, hang on, there it goes, the page has loaded now, sorry about that",
        "hold on, hold on, the lights have come on, there we go, sorry about that",
    ],
)
def test_a_reply_that_says_it_came_right_is_an_acknowledgement(text: str) -> None:
    """Read as a vague reply to the clarifying question before (low_confidence after the questions allowed)."""
    u = understand("brightwave", text, pending="clarify")
    assert u.has(DialogAct.THANKS) and not u.has(DialogAct.VAGUE) and not u.has(DialogAct.NOT_RESOLVED)


def test_settled_only_after_a_clarifying_question_and_asking_nothing() -> None:
    came = clean("oh wait, there it goes, it's working, sorry about that")
    found: dict[DialogAct, list[tuple[int, int]]] = {DialogAct.VAGUE: []}
    assert not settled(came, found, _req("answer")) and DialogAct.VAGUE in found
    asking = clean("oh wait, there it goes, sorry about that, how do I save it though")
    assert not settled(asking, found, _req("clarify")) and DialogAct.VAGUE in found
    assert not settled(clean("it's still not doing anything"), found, _req("clarify"))
    assert settled(came, found, _req("clarify")) and found == {DialogAct.THANKS: []}
