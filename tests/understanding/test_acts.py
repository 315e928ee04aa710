"""Dialog acts over many phrasings, and how the AI's previous move changes what they mean."""

from __future__ import annotations

import pytest

from activities.understanding.acts import already_tried, find_acts, persisting
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct

BW = "brightwave"
A = DialogAct

REQUEST_HUMAN = [
    "agent please",
    "Agent. Agent!",
    "I want to speak to a real person",
    "can you put me through to someone on your team",
    "ok, can I just check that with a member of staff?",
    "let me talk to a human",
    "representative",
    "operator",
    "transfer me please",
    "can you connect me to someone",
    "I'd like to speak to a manager",
    "get me a supervisor",
    "can I talk to somebody",
    "is there anyone I can speak to",
    "um can I speak with one of your advisors please",
    "I don't want to talk to a robot",
    "I want a human being",
    "put me through to customer services",
    "can I have a word with someone",
    "get me someone who knows what they're doing",
    "I want a live person",
    # Plainer words (fourth round): a chat with someone there, the office's staff, someone real, a call back.
    "is there anybody in your office I could have a quick chat with about it",
    "I'd sooner go through all this with one of the ladies in your office than a machine",
    "is your supervisor around for a word",
    "cheers, could somebody from your billing team give me a ring to confirm it",
    "it's all got very complicated so honestly I'd feel better talking it over with an actual person",
]
NOT_A_REQUEST = [
    "someone has hacked my account",
    "somebody has got into my account and changed the password",
    "I'm a real estate agent",
    "I spoke to someone yesterday about my bill",
    "I don't want to talk to a person, just tell me the opening hours",
    "what time does your phone team close tonight",
    "can you put me down for the faster package",
    "I went through it with my husband last night",
    "are you taking on any engineers at the moment",
    "I'd rather not have to pay for a new computer",
]
NOT_RESOLVED = [  # (what the caller says, what the AI had just answered)
    ("I did that and it still doesn't work", "slow_internet"),
    ("no, still the same, that hasn't fixed anything", "slow_internet"),
    ("no, that's not it, my discount should still apply", "bill_dispute"),
    ("that didn't help", "outage_check"),
    ("nope, same problem", "slow_internet"),
    ("it's still not working", "slow_internet"),
    ("I've already tried that", "slow_internet"),
    ("restarted it, made no difference", "slow_internet"),
    ("that's wrong, I never had a discount", "bill_dispute"),
    ("the wifi is still dropping out", "slow_internet"),
]
ACTS_ONLY = [
    ("yes, please do", "offer", A.AFFIRM),
    ("yeah go on", "offer", A.AFFIRM),
    ("sure", "offer", A.AFFIRM),
    ("ok", "offer", A.AFFIRM),
    ("yes please, that would be great", "offer", A.AFFIRM),
    ("no thanks", "offer", A.DENY),
    ("no I'm fine", "offer", A.DENY),
    ("not now", "offer", A.DENY),
    ("nah, I'll manage", "offer", A.DENY),
    ("no I don't want to be put through to anyone, just tell me what to try", "offer", A.DENY),
    ("lovely, thanks a lot", "answer", A.THANKS),
    ("cheers", "answer", A.THANKS),
    ("great, that's everything", "answer", A.GOODBYE),
    ("bye", "answer", A.GOODBYE),
    ("that's all I needed", "answer", A.GOODBYE),
    ("nothing else, thanks", "answer", A.GOODBYE),
    ("hi", None, A.GREETING),
    ("hello there", None, A.GREETING),
]


@pytest.mark.parametrize("text", REQUEST_HUMAN)
def test_request_human(text: str) -> None:
    assert A.REQUEST_HUMAN in understand(BW, text).acts


@pytest.mark.parametrize("text", NOT_A_REQUEST)
def test_not_a_request_for_a_person(text: str) -> None:
    assert A.REQUEST_HUMAN not in understand(BW, text).acts


@pytest.mark.parametrize(("text", "last"), NOT_RESOLVED)
def test_not_resolved_after_an_answer(text: str, last: str) -> None:
    u = understand(BW, text, pending="answer", last=last)
    assert A.NOT_RESOLVED in u.acts and A.DENY not in u.acts
    assert u.intent == last or u.confidence < 0.5


@pytest.mark.parametrize("pending", [None, "clarify", "offer"])
def test_a_problem_statement_is_not_feedback(pending: str | None) -> None:
    u = understand(BW, "my broadband is not working properly", pending=pending)
    assert A.NOT_RESOLVED not in u.acts and u.intent == "slow_internet" and u.confidence >= 0.5


def test_moving_on_to_another_query_type_is_not_feedback() -> None:
    u = understand(
        BW, "that's wrong, how do I set up a direct debit to pay my bill", pending="answer", last="slow_internet"
    )
    assert A.NOT_RESOLVED not in u.acts and u.intent == "payment_methods"


def test_the_same_problem_after_its_answer_is_feedback() -> None:
    u = understand(BW, "my broadband is still not working properly", pending="answer", last="slow_internet")
    assert A.NOT_RESOLVED in u.acts


@pytest.mark.parametrize(("text", "pending", "act"), ACTS_ONLY)
def test_acts_alone_are_neither_topic_nor_out_of_scope(text: str, pending: str | None, act: DialogAct) -> None:
    u = understand(BW, text, pending=pending, last="opening_hours")
    assert act in u.acts
    assert not u.out_of_scope and u.confidence < 0.5 and u.reply is None


def test_no_internet_is_a_problem_not_a_refusal() -> None:
    u = understand(BW, "no internet since this morning", pending="offer")
    assert A.DENY not in u.acts and u.intent == "outage_check"


def test_a_bare_no_after_an_answer_is_not_feedback() -> None:
    assert A.NOT_RESOLVED not in understand(BW, "no", pending="answer", last="opening_hours").acts


def test_filler_yeah_is_not_a_yes() -> None:
    assert A.AFFIRM not in understand(BW, "erm so yeah it's about that thing from the other day").acts


def test_greeting_with_a_question_keeps_the_question() -> None:
    u = understand(BW, "hello, can I pay by card?")
    assert A.GREETING in u.acts and u.intent == "payment_methods" and u.confidence >= 0.5


def test_a_declined_offer_that_names_a_person_is_no_request() -> None:
    u = understand(BW, "no I don't want passing to anybody, just tell me what to do next", pending="offer")
    assert A.DENY in u.acts and A.REQUEST_HUMAN not in u.acts


# Sixth round: requests, failures and steps already done, in words the fresh lines used (our own wording).
@pytest.mark.parametrize(
    "text",
    [
        "could i have a word with the refunds team please",  # "<what> team"
        "can i not just speak to one of your staff about it",  # rhetorical "can I not", no negation
        "honestly i'd rather sort this out with an actual person",  # a preference for a person
        "i'd sooner not go through it all with a computer, ta",  # refusing the machine (eleventh round, part B)
    ],
)
def test_request_in_plain_words_is_found_by_the_patterns(text: str) -> None:
    assert A.REQUEST_HUMAN in find_acts(clean(text))


@pytest.mark.parametrize("text", ["so the er on the for the um", "yeah so about the er the one with the"])
def test_a_garbled_fragment_naming_nobody_is_no_request(text: str) -> None:
    # The learned head leans towards a request on these (P > 0.9); nobody is named to be put through to.
    assert A.REQUEST_HUMAN not in understand(BW, text, pending="answer", last="slow_internet").acts


def test_wanting_it_done_is_not_having_done_it() -> None:
    assert not already_tried(clean("honestly i just want it done"))
    assert already_tried(clean("i have already restarted it"))


def test_a_step_tried_again_and_again_persists() -> None:
    assert persisting(clean("logged out and back in three times now, the same thing every time"))
    assert persisting(clean("tried resetting the whole thing twice"))


def test_a_failure_in_sure_words_after_an_offer_is_feedback_on_the_answer() -> None:
    u = understand(BW, "you have just told me the same thing again", pending="offer", last="slow_internet")
    assert A.NOT_RESOLVED in u.acts
    assert A.NOT_RESOLVED not in understand(BW, "you have just told me the same thing again", pending="offer").acts
