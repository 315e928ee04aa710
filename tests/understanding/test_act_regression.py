"""A frozen sample of caller turns and the acts the line must hear in them (written for this test, never
trained on): how callers on new lines ask for a person, say it did not work, answer an offer or stay vague."""

from __future__ import annotations

import pytest

from tests.understanding.conftest import understand
from warmline.understanding import DialogAct as A

BW = "brightwave"
# (turn, what the AI did just before, the act that must be heard)
HEARD = [
    ("would somebody from your side be able to go through this with me", None, A.REQUEST_HUMAN),
    ("can I have a word with one of your team please", None, A.REQUEST_HUMAN),
    ("is there anyone there I could actually talk to about it", None, A.REQUEST_HUMAN),
    ("that doesn't answer what I asked at all", "answer", A.NOT_RESOLVED),
    ("I've done all of that already and nothing's changed", "answer", A.NOT_RESOLVED),
    ("we're going round in circles here", "answer", A.NOT_RESOLVED),
    ("yes please, go ahead", "offer", A.AFFIRM),
    ("no thanks, I'll stay with you", "offer", A.DENY),
    ("right, that's everything, bye for now", None, A.GOODBYE),
    ("oh you know, just the usual bits", "clarify", A.VAGUE),
    # Without the stock words: a colleague, a department's people, "talk it over", "run it past".
    ("could I talk it over with somebody in your billing team", None, A.REQUEST_HUMAN),
    ("can you pop me through to the accounts people", None, A.REQUEST_HUMAN),
    ("I'd like to run this past one of your advisers first", "answer", A.REQUEST_HUMAN),
    ("is there anyone there who can look at it with me", None, A.REQUEST_HUMAN),
    ("that's not what I'm after at all", "answer", A.NOT_RESOLVED),
    ("that's the same answer as last time", "answer", A.NOT_RESOLVED),
    ("honestly that's no good either", "answer", A.NOT_RESOLVED),
    ("go on then", "offer", A.AFFIRM),
    ("yeah alright then", "offer", A.AFFIRM),
    ("lovely, ta-ra then", None, A.GOODBYE),
    ("cheerio for now", None, A.GOODBYE),
    # "It didn't work" with no stock words, and "no, I meant ..." (third round).
    ("whatever I press it just sits there on the loading wheel", "answer", A.NOT_RESOLVED),
    ("no, I wanted the price for two people, not for one", "answer", A.NOT_RESOLVED),
]
NOT_HEARD = [
    ("my neighbour spoke to someone at your shop last week", A.REQUEST_HUMAN),
    ("I'm an insurance agent so I'm out a lot", A.REQUEST_HUMAN),
    ("no internet since this morning", A.DENY),
]


# (turn, what the AI did just before, the act that must not be heard)
NOT_HEARD_AFTER = [
    ("oh that sorted it, ta very much", "answer", A.NOT_RESOLVED),
    ("right you are, ta-ra then", "answer", A.NOT_RESOLVED),
    ("my brother talked it over with his wife", None, A.REQUEST_HUMAN),
    ("i ran it by my husband and he's happy", "answer", A.REQUEST_HUMAN),
    # The next step being tried, or the next question, right after an answer (third round).
    ("right, I'm just opening the app now", "answer", A.NOT_RESOLVED),
    ("ok and can I pay that by card", "answer", A.NOT_RESOLVED),
    ("I'd like to raise a complaint about your engineer", None, A.REQUEST_HUMAN),
    ("I want to speak to a real person", "answer", A.NOT_RESOLVED),  # a plain request: the flag stays
]


@pytest.mark.parametrize(("text", "pending", "act"), NOT_HEARD_AFTER)
def test_an_acknowledgement_or_a_story_is_not_heard_as_the_act(text: str, pending: str | None, act: A) -> None:
    assert act not in understand(BW, text, pending=pending, last="slow_internet" if pending == "answer" else None).acts


def test_a_failure_in_other_words_beside_a_request_for_a_person_still_counts() -> None:
    # The request's own words are taken out before the failure is judged, so both reach the triggers (the
    # agent then knows the caller is not merely confirming the answer).
    u = understand(
        BW, "that's no use to me either, can you put me through to someone", pending="answer", last="slow_internet"
    )
    assert {A.REQUEST_HUMAN, A.NOT_RESOLVED} <= set(u.acts)


@pytest.mark.parametrize(("text", "pending", "act"), HEARD)
def test_the_act_is_heard(text: str, pending: str | None, act: A) -> None:
    assert act in understand(BW, text, pending=pending, last="slow_internet" if pending == "answer" else None).acts


@pytest.mark.parametrize(("text", "act"), NOT_HEARD)
def test_the_near_miss_is_not_heard_as_the_act(text: str, act: A) -> None:
    assert act not in understand(BW, text).acts


@pytest.mark.parametrize(
    "text", ["my neighbour popped round earlier", "cheers me duck, ta-ra", "I'm calling from the car"]
)
def test_chatter_people_and_sign_offs_are_never_out_of_scope(text: str) -> None:
    assert not understand(BW, text).out_of_scope


@pytest.mark.parametrize(
    ("text", "tried"),
    [
        ("my wifi keeps dropping and I've already restarted the router twice", True),
        ("we already switched it off and on again, still nothing", True),
        ("my wifi keeps dropping every evening", False),
        ("I have a question about restarting my contract", False),
        ("I have not tried restarting it yet", False),
    ],
)
def test_a_step_already_done_is_heard(text: str, tried: bool) -> None:
    assert understand(BW, text).already_tried is tried


def test_a_failure_named_for_an_earlier_topic_keeps_that_topic() -> None:
    # The AI last answered payment methods; the caller goes back to the broadband it answered before.
    u = understand(
        BW,
        "sorry, going back to my broadband being slow, it is still crawling after what you told me",
        pending="answer",
        last="payment_methods",
    )
    assert A.NOT_RESOLVED in u.acts and u.intent == "slow_internet"


def test_a_new_question_after_an_answer_is_no_failure() -> None:
    u = understand(BW, "thanks, and how do I pay my bill by card", pending="answer", last="slow_internet")
    assert A.NOT_RESOLVED not in u.acts and u.intent == "payment_methods"
