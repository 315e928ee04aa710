"""Seventh round: which query type an escalation is routed by when the AI only asked what the call was about.

README (eval/lines) and DESIGN.md: the queue is the query type being discussed when one is known, else the
fallback; a low_confidence transfer goes to the fallback unless a topic was established earlier.
"""

from __future__ import annotations

from warmline.routing import queue_for
from warmline.trigger_models import Decision, TriggerState
from warmline.triggers import decide
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding

from .test_triggers import POLICY


def U(intent: str | None = None, conf: float = 0.9, acts: tuple[A, ...] = (), s: float = 0.0) -> Understanding:
    return Understanding(intent=intent, confidence=conf, acts=list(acts), sentiment=s)


def last(turns: list[Understanding]) -> Decision:
    state = TriggerState()
    for n, u in enumerate(turns, start=1):
        d = decide(POLICY, state, n, u)
        state = d.state
    return d


# An unclear first turn whose best guess is `hours` (queue transactional; the fallback is complex).
UNCLEAR_HOURS = U("hours", conf=0.2)


def test_a_request_after_an_unclear_turn_goes_to_its_best_guess_queue() -> None:
    d = last([UNCLEAR_HOURS, U(acts=(A.REQUEST_HUMAN,), conf=0)])
    assert (d.kind, d.query_type, queue_for(POLICY, d.query_type)) == ("escalate", "hours", "transactional")
    assert not d.confirmation_seeking  # the AI asked, it did not answer


def test_a_request_after_a_greeting_with_a_guess_goes_to_its_queue() -> None:
    greeting = Understanding(intent="hours", confidence=0.1, acts=[A.GREETING])
    d = last([greeting, U(acts=(A.REQUEST_HUMAN,), conf=0)])
    assert d.kind == "escalate" and d.query_type == "hours"


def test_an_accepted_offer_after_an_unclear_upset_start_goes_to_its_best_guess_queue() -> None:
    upset_hours = U("hours", conf=0.2, s=-0.8)
    d = last([upset_hours, U(conf=0, s=-0.8), U(acts=(A.AFFIRM,), conf=0, s=0.5)])
    assert (d.kind, d.reason and d.reason.value, d.query_type) == ("escalate", "sentiment", "hours")


def test_a_topic_the_ai_answered_beats_an_earlier_guess() -> None:
    d = last([UNCLEAR_HOURS, U("dispute"), U(acts=(A.REQUEST_HUMAN,), conf=0)])
    assert d.query_type == "dispute"


def test_low_confidence_stays_on_the_fallback_queue() -> None:
    d = last([UNCLEAR_HOURS, U("hours", conf=0.3)])
    assert (d.kind, d.reason and d.reason.value) == ("escalate", "low_confidence")
    assert queue_for(POLICY, d.query_type) == "complex"


def test_no_guess_no_queue() -> None:
    d = last([U(conf=0), U(acts=(A.REQUEST_HUMAN,), conf=0)])
    assert d.kind == "escalate" and d.query_type is None


def test_a_turn_that_says_nothing_specific_leans_nowhere() -> None:
    vague_hours = Understanding(intent="hours", confidence=0.3, acts=[A.VAGUE])
    d = last([vague_hours, U(acts=(A.REQUEST_HUMAN,), conf=0)])
    assert d.kind == "escalate" and d.query_type is None


# Eighth round: the upset turn that completes the streak names another query type only in its rant's words (a
# reading under SURE_TOPIC): the offer and the transfer stay with the query type the AI answered.
def test_an_upset_reaction_read_loosely_as_another_topic_keeps_the_answered_ones_queue() -> None:
    turns = [U("hours", s=-0.8), U("dispute", conf=0.6, s=-0.9), U(acts=(A.AFFIRM,), conf=0, s=0.5)]
    d = last(turns)
    assert (d.kind, d.reason and d.reason.value, d.query_type) == ("escalate", "sentiment", "hours")
    assert queue_for(POLICY, d.query_type) == "transactional"


def test_an_upset_turn_plainly_about_another_topic_moves_the_call_to_it() -> None:
    turns = [U("hours", s=-0.8), U("dispute", conf=0.95, s=-0.9), U(acts=(A.AFFIRM,), conf=0, s=0.5)]
    assert last(turns).query_type == "dispute"


def test_the_offer_itself_names_the_answered_topic() -> None:
    d = last([U("hours", s=-0.8), U("dispute", conf=0.6, s=-0.9)])
    assert (d.kind, d.query_type, d.state.topic) == ("offer", "hours", "hours")


# Eighth round, part Q: a request for a person with no topic yet goes where the request itself leans, when its
# reading is at least LOOSE_GUESS; a plea that names no need reads under it and keeps the earlier leaning.
def test_a_first_turn_request_that_names_its_need_loosely_goes_to_that_queue() -> None:
    d = last([U("hours", conf=0.3, acts=(A.REQUEST_HUMAN,))])
    assert (d.kind, d.reason and d.reason.value, d.query_type) == ("escalate", "customer_request", "hours")
    assert queue_for(POLICY, d.query_type) == "transactional"


def test_a_request_that_names_no_need_goes_to_the_fallback_queue() -> None:
    d = last([U("hours", conf=0.05, acts=(A.REQUEST_HUMAN,))])
    assert d.kind == "escalate" and d.query_type is None


def test_a_request_read_next_to_nothing_keeps_the_earlier_leaning() -> None:
    d = last([UNCLEAR_HOURS, U("dispute", conf=0.05, acts=(A.REQUEST_HUMAN,))])
    assert d.kind == "escalate" and d.query_type == "hours"


def test_a_vague_request_leans_nowhere_new() -> None:
    vague_ask = Understanding(intent="hours", confidence=0.3, acts=[A.REQUEST_HUMAN, A.VAGUE])
    d = last([vague_ask])
    assert d.kind == "escalate" and d.query_type is None


# Ninth round, part Q10: a request with no topic yet whose words lead to a human-handled type (read out of scope,
# that type its intent, confidence zeroed) goes to that type's queue, as the out_of_scope transfer it outranks would.
def test_a_first_turn_request_led_to_a_human_handled_type_goes_to_that_type() -> None:
    led = Understanding(intent="fraud", confidence=0.0, acts=[A.REQUEST_HUMAN], out_of_scope=True)
    d = last([led])
    assert (d.kind, d.reason and d.reason.value, d.query_type) == ("escalate", "customer_request", "fraud")


def test_a_request_led_to_a_human_handled_type_after_an_answer_keeps_the_answered_topic() -> None:
    led = Understanding(intent="fraud", confidence=0.0, acts=[A.REQUEST_HUMAN], out_of_scope=True)
    d = last([U("hours"), led])
    assert (d.kind, d.query_type) == ("escalate", "hours")


def test_a_request_read_out_of_scope_with_no_intent_keeps_the_earlier_leaning() -> None:
    uncovered = Understanding(intent=None, confidence=0.0, acts=[A.REQUEST_HUMAN], out_of_scope=True)
    d = last([UNCLEAR_HOURS, uncovered])
    assert (d.kind, d.query_type) == ("escalate", "hours")


# Ninth round, part Q10: an upset turn right after an answer whose words read loosely (under SURE_TOPIC, above the
# threshold) as another type reacts to the answer: not answered as that type; the call stays on the answered one.
def test_an_upset_reaction_right_after_an_answer_is_not_answered_as_another_topic() -> None:
    d = last([U("hours"), U("dispute", conf=0.6, s=-0.8)])
    assert (d.kind, d.query_type, d.state.topic) == ("empathise", "hours", "hours")


def test_an_upset_streak_begun_by_such_a_reaction_goes_to_the_answered_topic() -> None:
    d = last([U("hours"), U("dispute", conf=0.6, s=-0.8), U(conf=0, s=-0.8)])
    assert (d.kind, d.query_type) == ("offer", "hours")


def test_an_upset_turn_plainly_asking_another_covered_question_is_answered() -> None:
    d = last([U("hours"), U("dispute", conf=0.9, s=-0.8)])
    assert (d.kind, d.query_type, d.state.topic) == ("answer", "dispute", "dispute")


def test_a_calm_turn_read_loosely_as_another_type_after_an_answer_is_answered() -> None:
    d = last([U("hours"), U("dispute", conf=0.6)])
    assert (d.kind, d.query_type) == ("answer", "dispute")


# Tenth round: a request for a person right after an answer, whose words read loosely (under SURE_TOPIC) as another
# type ("could I run that past one of the team in the shop"), is about the answer just given: its queue, its flag.
def test_a_request_after_an_answer_read_loosely_as_another_topic_keeps_the_answered_ones_queue() -> None:
    d = last([U("hours"), U("dispute", conf=0.6, acts=(A.REQUEST_HUMAN,))])
    assert (d.kind, d.reason and d.reason.value, d.query_type) == ("escalate", "customer_request", "hours")
    assert queue_for(POLICY, d.query_type) == "transactional" and d.confirmation_seeking


def test_a_request_after_an_answer_plainly_about_another_topic_goes_to_that_ones_queue() -> None:
    d = last([U("hours"), U("dispute", conf=0.9, acts=(A.REQUEST_HUMAN,))])
    assert (d.kind, d.query_type) == ("escalate", "dispute")
