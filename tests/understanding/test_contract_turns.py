"""The turns of the public contract scenarios (../shared/contract/scenarios.yaml), one by one."""

from __future__ import annotations

import pytest

from tests.understanding.conftest import policy, understand
from warmline.understanding import DialogAct

BW = "brightwave"
CONFIDENT = 0.6

CONFIDENT_INTENTS = [
    ("hi, what time does your phone team close tonight?", "opening_hours"),
    ("is there a quicker broadband package I could move to?", "plan_upgrade"),
    ("how do I pay my bill by direct debit?", "payment_methods"),
    ("can I pay by bank transfer?", "payment_methods"),
    ("somebody has got into my account and changed the password", "account_hacked"),
    ("I want to cancel my contract", "cancel_contract"),
    ("my bill this month is way higher than it should be", "bill_dispute"),
    ("my wifi keeps cutting out every few minutes", "slow_internet"),
    ("this is ridiculous, I've been cut off three times today, how do I check for an outage?", "outage_check"),
]


@pytest.mark.parametrize(("text", "intent"), CONFIDENT_INTENTS)
def test_contract_intents_are_confident(text: str, intent: str) -> None:
    u = understand(BW, text)
    assert (u.intent, u.out_of_scope) == (intent, False)
    assert u.confidence >= CONFIDENT
    assert DialogAct.REQUEST_HUMAN not in u.acts and DialogAct.NOT_RESOLVED not in u.acts


def test_ai_intents_carry_their_answer_and_human_ones_none() -> None:
    payment = policy(BW).query_type("payment_methods")
    assert payment is not None
    assert understand(BW, "can I pay by bank transfer?").reply == payment.answer
    assert understand(BW, "I want to cancel my contract").reply is None
    assert understand(BW, "I want to cancel my contract").actions == []


@pytest.mark.parametrize(
    "text", ["what's the weather going to be like tomorrow in town?", "the weather forecast, for tomorrow"]
)
def test_weather_is_out_of_scope(text: str) -> None:
    u = understand(BW, text)
    assert u.out_of_scope and u.intent is None and u.confidence < 0.5


@pytest.mark.parametrize(
    "text", ["erm so yeah it's about that thing from the other day", "the thing, you know, with the stuff"]
)
def test_vague_turns_are_unclear_not_out_of_scope(text: str) -> None:
    u = understand(BW, text)
    # Heard as vague (learned), never as a social act the AI could answer: it must clarify.
    assert not u.out_of_scope and u.confidence < 0.5 and set(u.acts) <= {DialogAct.VAGUE}


def test_a_rant_has_no_confident_intent_and_negative_sentiment() -> None:
    u = understand(
        BW, "you are useless, I am absolutely furious with this terrible service", pending="answer", last="outage_check"
    )
    assert u.confidence < 0.5 and not u.out_of_scope and u.acts == []
    assert u.sentiment < -0.4


def test_outage_complaint_stays_below_the_sentiment_threshold() -> None:
    text = "this is ridiculous, I've been cut off three times today, how do I check for an outage?"
    assert understand(BW, text).sentiment < -0.4
    assert understand(BW, "yes, please do", pending="offer").sentiment > 0


@pytest.mark.parametrize(
    ("text", "pending", "last", "act"),
    [
        ("lovely, thanks a lot", "answer", "opening_hours", DialogAct.THANKS),
        ("great, that's everything", "answer", "plan_upgrade", DialogAct.GOODBYE),
        ("I want to speak to a real person", None, None, DialogAct.REQUEST_HUMAN),
        ("can you put me through to someone on your team", "answer", "payment_methods", DialogAct.REQUEST_HUMAN),
        ("ok, can I just check that with a member of staff?", "answer", "payment_methods", DialogAct.REQUEST_HUMAN),
        ("agent please", None, None, DialogAct.REQUEST_HUMAN),
        ("let me talk to a human", None, None, DialogAct.REQUEST_HUMAN),
        ("no, that's not it, my discount should still apply", "answer", "bill_dispute", DialogAct.NOT_RESOLVED),
        ("I did that and it still doesn't work", "answer", "slow_internet", DialogAct.NOT_RESOLVED),
        ("no, still the same, that hasn't fixed anything", "answer", "slow_internet", DialogAct.NOT_RESOLVED),
        ("yes, please do", "offer", "outage_check", DialogAct.AFFIRM),
    ],
)
def test_contract_acts(text: str, pending: str | None, last: str | None, act: DialogAct) -> None:
    u = understand(BW, text, pending=pending, last=last)
    assert act in u.acts
    assert not u.out_of_scope and u.confidence < 0.5  # acts alone never carry a confident intent
    assert DialogAct.DENY not in u.acts


def test_request_for_a_person_after_an_answer_keeps_no_other_intent() -> None:
    u = understand(BW, "ok, can I just check that with a member of staff?", pending="answer", last="payment_methods")
    assert u.intent is None  # routing must follow the topic (payment_methods), not a guess from "check"


def test_feedback_after_an_answer_points_back_at_it() -> None:
    u = understand(BW, "no, that's not it, my discount should still apply", pending="answer", last="bill_dispute")
    assert u.intent == "bill_dispute" and u.confidence < 0.5
