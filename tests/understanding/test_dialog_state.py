"""The decision follows the dialog state (issue: offers, clarifying questions, retries), without Temporal."""

from __future__ import annotations

from warmline.models import Reason
from warmline.policy_file import load_policy
from warmline.trigger_models import TriggerState
from warmline.triggers import decide, pending_for
from warmline.understanding import DialogAct, Understanding

BW = load_policy("tests/fixtures/brightwave.yaml")


def _u(*acts: DialogAct, intent: str | None = None, conf: float = 0.0, sentiment: float = 0.0) -> Understanding:
    return Understanding(intent=intent, confidence=conf, acts=list(acts), sentiment=sentiment)


def _offered() -> TriggerState:
    s = TriggerState()
    for n in (1, 2):
        d = decide(BW, s, n, _u(intent="slow_internet", conf=0.9, sentiment=-0.8))
        s = d.state
    assert d.kind == "offer" and pending_for(s) == "offer"
    return s


def test_after_an_offer_only_a_clear_yes_transfers() -> None:
    d = decide(BW, _offered(), 3, _u(DialogAct.AFFIRM))
    assert d.kind == "escalate" and d.reason == Reason.SENTIMENT


def test_an_angry_non_answer_to_an_offer_is_asked_once_more_then_a_yes_transfers() -> None:
    d = decide(BW, _offered(), 3, _u(sentiment=-0.6))  # "this is a joke"
    assert d.kind == "offer_reask" and pending_for(d.state) == "offer"
    d = decide(BW, d.state, 4, _u(DialogAct.AFFIRM))
    assert d.kind == "escalate" and d.reason == Reason.SENTIMENT


def test_a_clear_no_keeps_the_caller_and_the_next_upset_turn_does_not_transfer() -> None:
    d = decide(BW, _offered(), 3, _u(DialogAct.DENY, sentiment=-0.5))  # "no, just fix it"
    assert d.kind == "offer_declined" and d.state.negative_streak == 0
    d = decide(BW, d.state, 4, _u(sentiment=-0.7))
    assert d.kind != "escalate" and d.kind != "offer"


def test_a_still_vague_reply_to_a_clarifying_question_escalates_never_ends() -> None:
    d = decide(BW, TriggerState(), 1, _u(DialogAct.VAGUE))
    assert d.kind == "clarify" and pending_for(d.state) == "clarify"
    d = decide(BW, d.state, 2, _u(DialogAct.VAGUE, DialogAct.AFFIRM))  # "yeah, the normal stuff really"
    assert d.kind == "escalate" and d.reason == Reason.LOW_CONFIDENCE


def test_a_bare_yes_after_a_clarifying_question_is_no_answer_to_it() -> None:
    d = decide(BW, TriggerState(), 1, _u())
    d = decide(BW, d.state, 2, _u(DialogAct.AFFIRM))
    assert d.kind == "escalate" and d.reason == Reason.LOW_CONFIDENCE


def test_thanks_after_a_clarifying_question_is_still_answered_politely() -> None:
    d = decide(BW, TriggerState(), 1, _u())
    assert decide(BW, d.state, 2, _u(DialogAct.THANKS)).kind == "thanks"


def test_after_an_answer_it_did_not_work_counts_and_the_retry_follows_it() -> None:
    d = decide(BW, TriggerState(), 1, _u(intent="slow_internet", conf=0.9))
    assert d.kind == "answer" and pending_for(d.state.model_copy(update={"last_kind": d.kind})) == "answer"
    s = d.state.model_copy(update={"last_kind": d.kind})
    d = decide(BW, s, 2, _u(DialogAct.NOT_RESOLVED, intent="slow_internet"))
    assert d.kind == "retry" and d.state.failures == {"slow_internet": 1}


def test_a_caller_who_already_did_the_first_step_hears_the_next_one_and_a_retry_never_repeats_it() -> None:
    from warmline.replies import reply_for

    pol = BW.model_copy(
        update={
            "query_types": [
                q.model_copy(update={"retry_answer": "Next: check the cable."}) if q.name == "slow_internet" else q
                for q in BW.query_types
            ]
        }
    )
    u = Understanding(intent="slow_internet", confidence=0.9, already_tried=True)  # "I've already restarted it"
    d = decide(pol, TriggerState(), 1, u)
    assert d.kind == "answer" and d.step == 2 and reply_for(d, pol, u)[1] == "Next: check the cable."
    s = d.state.model_copy(update={"last_kind": d.kind})
    d = decide(pol, s, 2, _u(DialogAct.NOT_RESOLVED, intent="slow_internet"))
    assert d.kind == "retry" and d.step == 3 and reply_for(d, pol, _u())[1] == pol.messages.retry_no_step_left


def test_acknowledging_an_upset_caller_leaves_the_answer_open_for_feedback() -> None:
    d = decide(BW, TriggerState(), 1, _u(intent="slow_internet", conf=0.9))
    s = d.state.model_copy(update={"last_kind": d.kind})
    d = decide(BW, s, 2, _u(sentiment=-0.8))  # "I'm at my wits' end with this"
    assert d.kind == "empathise"
    s = d.state.model_copy(update={"last_kind": d.kind})
    assert pending_for(s) == "answer"  # "that's the same answer again" is read as feedback on it
    d = decide(BW, s, 3, _u(DialogAct.NOT_RESOLVED, intent="slow_internet"))
    assert d.kind == "retry" and d.state.failures == {"slow_internet": 1}


def test_no_just_fix_it_after_a_declined_offer_stays_on_the_problem() -> None:
    from warmline.replies import reply_for

    d = decide(BW, _offered(), 3, _u(DialogAct.DENY))
    assert d.kind == "offer_declined"
    s = d.state.model_copy(update={"last_kind": d.kind})
    u = _u(DialogAct.DENY)  # "no, just fix it"
    d = decide(BW, s, 4, u)
    assert d.kind == "empathise" and d.query_type == "slow_internet"
    assert reply_for(d, BW, u)[1] not in (BW.messages.deny_without_question, BW.messages.affirm_without_question)


def test_a_no_met_with_an_invitation_or_a_thanks_leaves_the_answer_open_for_feedback() -> None:
    for second in (_u(DialogAct.DENY), _u(DialogAct.THANKS)):  # "no, I was asking about ..." / "ok thanks"
        d = decide(BW, TriggerState(), 1, _u(intent="slow_internet", conf=0.9))
        s = d.state.model_copy(update={"last_kind": d.kind})
        d = decide(BW, s, 2, second)
        assert d.kind in ("prompt", "thanks")
        s = d.state.model_copy(update={"last_kind": d.kind})
        assert pending_for(s) == "answer"  # "you've read me the same bit again" is feedback on the answer
        d = decide(BW, s, 3, _u(DialogAct.NOT_RESOLVED, intent="slow_internet"))
        assert d.kind == "retry" and d.state.failures == {"slow_internet": 1}


def test_a_greeting_before_any_answer_leaves_nothing_open() -> None:
    d = decide(BW, TriggerState(), 1, _u(DialogAct.GREETING))
    assert d.kind == "prompt" and pending_for(d.state.model_copy(update={"last_kind": d.kind})) is None


def _after(turns: list[Understanding]) -> TriggerState:
    s = TriggerState()
    for n, u in enumerate(turns, start=1):
        d = decide(BW, s, n, u)
        s = d.state.model_copy(update={"last_kind": d.kind})
    return s


def test_a_failure_named_for_an_earlier_topic_counts_for_that_topic() -> None:
    # Slow internet answered, failed once, then payment methods answered; back to the internet: still slow.
    s = _after(
        [
            _u(intent="slow_internet", conf=0.9),
            _u(DialogAct.NOT_RESOLVED, intent="slow_internet"),
            _u(intent="payment_methods", conf=0.9),
        ]
    )
    assert s.topic == "payment_methods" and s.failures == {"slow_internet": 1}
    d = decide(BW, s, 4, _u(DialogAct.NOT_RESOLVED, intent="slow_internet", conf=0.9))
    assert d.kind == "escalate" and d.reason == Reason.FAILED_RESOLUTION and d.query_type == "slow_internet"
    assert d.state.failures == {"slow_internet": 2}


def test_a_failure_beside_a_topic_never_answered_is_a_new_question() -> None:
    s = _after([_u(intent="slow_internet", conf=0.9)])
    d = decide(BW, s, 2, _u(DialogAct.NOT_RESOLVED, intent="moving_home", conf=0.9))
    assert d.kind == "answer" and d.query_type == "moving_home" and d.state.failures == {}


def test_a_failure_after_an_offer_counts_when_the_first_was_told_to_a_clarifying_question() -> None:
    """Asked a clarifying question, the caller reports the guessed step done and failing (counted for the guess) and
    is upset enough to be offered a specialist; neither taking nor refusing it, they report the step failing again:
    that is the guess's second failure, as it would be had the AI answered it, not a reason to ask about the offer
    once more."""
    s = decide(BW, TriggerState(), 1, _u(intent="slow_internet", conf=0.3, sentiment=-0.8)).state
    assert s.last_kind == "clarify"
    d = decide(BW, s, 2, _u(DialogAct.NOT_RESOLVED, sentiment=-0.8))
    assert d.kind == "offer" and d.state.failures == {"slow_internet": 1}
    d = decide(BW, d.state.model_copy(update={"last_kind": d.kind}), 3, _u(DialogAct.NOT_RESOLVED, sentiment=-0.2))
    assert d.kind == "escalate" and d.reason == Reason.FAILED_RESOLUTION and d.query_type == "slow_internet"
