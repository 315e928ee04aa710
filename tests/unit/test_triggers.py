"""Table-driven tests of the five trigger rules and their precedence (no Temporal)."""

from __future__ import annotations

import pytest

from warmline.models import ActionRecord, Reason
from warmline.policy import Policy
from warmline.policy_file import parse_policy
from warmline.trigger_models import TriggerState
from warmline.triggers import (
    customer_request,
    decide,
    failed_resolution,
    low_confidence,
    out_of_scope,
    sentiment,
)
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding

POLICY: Policy = parse_policy(
    {
        "company": "Acme",
        "greeting": "Hi",
        "warm_transfer_message": "Connecting you",
        "defaults": {
            "max_failed_attempts": 2,
            "low_confidence": {"threshold": 0.5, "clarify_attempts": 1},
            "sentiment": {"threshold": -0.4, "sustained_turns": 2, "action": "offer"},
            "fallback_queue": "complex",
        },
        "queues": [{"name": "transactional"}, {"name": "complex"}],
        "query_types": [
            {"name": "hours", "examples": ["when open"], "answer": "9 to 5", "queue": "transactional"},
            {
                "name": "dispute",
                "examples": ["bill wrong"],
                "answer": "Checked it",
                "queue": "complex",
                "max_failed_attempts": 1,
            },
            {"name": "fraud", "handling": "human", "examples": ["hacked"], "queue": "complex"},
            {
                "name": "angry_ok",
                "examples": ["x"],
                "answer": "y",
                "queue": "complex",
                "sentiment": {"threshold": -0.4, "sustained_turns": 1, "action": "escalate"},
                "low_confidence": {"threshold": 0.8, "clarify_attempts": 2},
            },
        ],
    }
)


def U(
    intent: str | None = None,
    conf: float = 0.9,
    acts: tuple[A, ...] = (),
    s: float = 0.0,
    oos: bool = False,
    actions: tuple[ActionRecord, ...] = (),
) -> Understanding:
    return Understanding(
        intent=intent, confidence=conf, acts=list(acts), sentiment=s, out_of_scope=oos, actions=list(actions)
    )


# -- one rule at a time ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("u", "fires"),
    [
        (U(acts=(A.REQUEST_HUMAN,)), True),
        (U("hours", acts=(A.REQUEST_HUMAN, A.THANKS)), True),
        (U("hours"), False),
        (U(acts=(A.NOT_RESOLVED,)), False),
    ],
)
def test_customer_request_rule(u: Understanding, fires: bool) -> None:
    assert (customer_request(u) is not None) == fires


@pytest.mark.parametrize(
    ("u", "conf", "fires"),
    [
        (U(oos=True, conf=0.1), 0.1, True),  # clearly off-policy
        (U("weather", conf=0.9), 0.9, True),  # an intent the policy does not know
        (U("fraud", conf=0.9), 0.9, True),  # handling: human
        (U("fraud", conf=0.3), 0.3, False),  # a human type, but unsure: clarify first
        (U("hours", conf=0.9), 0.9, False),
        (U(None, conf=0.2), 0.2, False),  # merely unclear is low_confidence, not out_of_scope
    ],
)
def test_out_of_scope_rule(u: Understanding, conf: float, fires: bool) -> None:
    fired = out_of_scope(u, POLICY, conf)
    assert (fired is not None) == fires
    if fired:
        assert fired.reason == Reason.OUT_OF_SCOPE


@pytest.mark.parametrize(
    ("failures", "qt", "fires"),
    [
        ({"hours": 1}, "hours", False),
        ({"hours": 2}, "hours", True),  # default max 2
        ({"dispute": 1}, "dispute", True),  # per-type override 1
        ({"dispute": 0}, "dispute", False),
        ({"hours": 5}, "dispute", False),  # counted per query type
        ({}, None, False),
    ],
)
def test_failed_resolution_rule(failures: dict[str, int], qt: str | None, fires: bool) -> None:
    assert (failed_resolution(failures, qt, POLICY) is not None) == fires


@pytest.mark.parametrize(
    ("streak", "qt", "fires", "offer"),
    [
        (0, "hours", False, False),
        (1, "hours", False, False),
        (2, "hours", False, True),  # default action: offer
        (1, "angry_ok", True, False),  # per-type: escalate after 1
        (3, None, False, True),
    ],
)
def test_sentiment_rule(streak: int, qt: str | None, fires: bool, offer: bool) -> None:
    fired, got_offer = sentiment(streak, POLICY, qt)
    assert (fired is not None, got_offer) == (fires, offer)


@pytest.mark.parametrize(
    ("conf", "asked", "qt", "fires", "clarify"),
    [
        (0.9, 0, "hours", False, False),
        (0.4, 0, "hours", False, True),
        (0.4, 1, "hours", True, False),
        (0.7, 0, "angry_ok", False, True),  # per-type threshold 0.8
        (0.7, 1, "angry_ok", False, True),  # per-type 2 clarifications
        (0.7, 2, "angry_ok", True, False),
    ],
)
def test_low_confidence_rule(conf: float, asked: int, qt: str | None, fires: bool, clarify: bool) -> None:
    fired, got_clarify = low_confidence(conf, asked, POLICY, qt)
    assert (fired is not None, got_clarify) == (fires, clarify)


# -- whole conversations through decide() ------------------------------------------------
def run(turns: list[Understanding], asr: list[float | None] | None = None) -> list[tuple[str, str | None]]:
    state, out = TriggerState(), list[tuple[str, str | None]]()
    for n, u in enumerate(turns, start=1):
        d = decide(POLICY, state, n, u, (asr or [None] * len(turns))[n - 1])
        state = d.state
        out.append((d.kind, d.reason.value if d.reason else None))
        if d.kind == "escalate":
            break
    return out


CONVERSATIONS = [
    ("request first turn", [U(acts=(A.REQUEST_HUMAN,), conf=0)], [("escalate", "customer_request")]),
    ("request beats everything", [U("fraud", acts=(A.REQUEST_HUMAN,), s=-0.9)], [("escalate", "customer_request")]),
    ("human type escalates on first turn", [U("fraud")], [("escalate", "out_of_scope")]),
    ("unknown topic escalates on first turn", [U(oos=True, conf=0.05)], [("escalate", "out_of_scope")]),
    ("contained", [U("hours"), U(acts=(A.THANKS,), conf=0)], [("answer", None), ("thanks", None)]),
    ("goodbye ends", [U("hours"), U(acts=(A.GOODBYE,), conf=0)], [("answer", None), ("goodbye", None)]),
    (
        "failed twice",
        [U("hours"), U(acts=(A.NOT_RESOLVED,), conf=0.1), U(acts=(A.NOT_RESOLVED,), conf=0.1)],
        [("answer", None), ("retry", None), ("escalate", "failed_resolution")],
    ),
    (
        "dispute fails once",
        [U("dispute"), U(acts=(A.NOT_RESOLVED,), conf=0.2)],
        [("answer", None), ("escalate", "failed_resolution")],
    ),
    ("not_resolved before any answer is not a failure", [U(acts=(A.NOT_RESOLVED,), conf=0.2)], [("clarify", None)]),
    (
        "failed action counts",
        [U("dispute", actions=(ActionRecord(name="lookup", status="failed", query_type="dispute"),))],
        [("escalate", "failed_resolution")],
    ),
    (
        "low confidence clarifies then escalates",
        [U(conf=0.2), U(conf=0.3)],
        [("clarify", None), ("escalate", "low_confidence")],
    ),
    (
        "clarify then understood",
        [U(conf=0.2), U("hours"), U(conf=0.2)],
        [("clarify", None), ("answer", None), ("clarify", None)],
    ),
    (
        "low ASR confidence is low confidence",
        [U("hours"), U("hours")],
        [("clarify", None), ("escalate", "low_confidence")],
    ),
    (
        "sustained negative offers; yes transfers",
        [U("hours", s=-0.6), U(s=-0.8, conf=0.1), U(acts=(A.AFFIRM,), s=0.6)],
        [("answer", None), ("offer", None), ("escalate", "sentiment")],
    ),
    (
        "a yes to the offer in a request's words accepts the offer",
        [U("hours", s=-0.6), U(s=-0.8, conf=0.1), U(acts=(A.AFFIRM, A.REQUEST_HUMAN), s=0.4)],
        [("answer", None), ("offer", None), ("escalate", "sentiment")],
    ),
    (
        "a request without a yes while an offer is pending is still a request",
        [U("hours", s=-0.6), U(s=-0.8, conf=0.1), U(acts=(A.REQUEST_HUMAN,), s=0.0)],
        [("answer", None), ("offer", None), ("escalate", "customer_request")],
    ),
    (
        "declined offer restarts the count",
        [U("hours", s=-0.6), U("hours", s=-0.8), U(acts=(A.DENY,), s=-0.5), U("hours", s=-0.6), U("hours", s=-0.6)],
        [("answer", None), ("offer", None), ("offer_declined", None), ("answer", None), ("offer", None)],
    ),
    (
        "an upset reply to the offer asked again, neither yes nor no, counts on and offers again",
        [U("hours", s=-0.6), U("hours", s=-0.8), U(s=-0.9, conf=0.1), U(s=-0.9, conf=0.1), U(acts=(A.AFFIRM,), s=0.4)],
        [("answer", None), ("offer", None), ("offer_reask", None), ("offer", None), ("escalate", "sentiment")],
    ),
    (
        "a calm reply to the offer asked again is taken as a no",
        [U("hours", s=-0.6), U("hours", s=-0.8), U(s=0.0, conf=0.1), U(s=0.0, conf=0.1)],
        [("answer", None), ("offer", None), ("offer_reask", None), ("offer_declined", None)],
    ),
    (
        "a failure reported while the offer is pending counts and reaches the limit",
        [U("hours", s=-0.6), U(acts=(A.NOT_RESOLVED,), s=-0.8, conf=0.1), U(acts=(A.NOT_RESOLVED,), conf=0.1)],
        [("answer", None), ("offer", None), ("escalate", "failed_resolution")],
    ),
    (
        "one negative turn is not sustained",
        [U("hours", s=-0.9), U("hours", s=0.2), U("hours", s=-0.9)],
        [("answer", None), ("answer", None), ("answer", None)],
    ),
    ("per-type sentiment escalates at once", [U("angry_ok", s=-0.5)], [("escalate", "sentiment")]),
]


@pytest.mark.parametrize(("name", "turns", "want"), CONVERSATIONS, ids=[c[0] for c in CONVERSATIONS])
def test_conversation(name: str, turns: list[Understanding], want: list[tuple[str, str | None]]) -> None:
    asr: list[float | None] | None = [0.3, 0.3] if name.startswith("low ASR") else None
    assert run(turns, asr) == want


def test_confirmation_seeking_after_an_answer() -> None:
    s = decide(POLICY, TriggerState(), 1, U("hours")).state
    d = decide(POLICY, s, 2, U(acts=(A.REQUEST_HUMAN,), conf=0))
    assert d.kind == "escalate" and d.confirmation_seeking


def test_not_confirmation_seeking_when_caller_says_it_failed() -> None:
    s = decide(POLICY, TriggerState(), 1, U("hours")).state
    d = decide(POLICY, s, 2, U(acts=(A.REQUEST_HUMAN, A.NOT_RESOLVED), conf=0))
    assert d.kind == "escalate" and not d.confirmation_seeking


def test_not_confirmation_seeking_on_first_turn() -> None:
    d = decide(POLICY, TriggerState(), 1, U(acts=(A.REQUEST_HUMAN,), conf=0))
    assert not d.confirmation_seeking


def test_failures_are_counted_per_query_type() -> None:
    s = TriggerState()
    for n, u in enumerate([U("hours"), U(acts=(A.NOT_RESOLVED,), conf=0), U("dispute")], start=1):
        s = decide(POLICY, s, n, u).state
    assert s.failures == {"hours": 1}
    assert s.topic == "dispute"


def test_escalation_routes_by_topic() -> None:
    s = decide(POLICY, TriggerState(), 1, U("dispute")).state
    d = decide(POLICY, s, 2, U(acts=(A.REQUEST_HUMAN,), conf=0))
    assert d.query_type == "dispute"
    d = decide(POLICY, TriggerState(), 1, U(oos=True, conf=0))
    assert d.query_type is None


def test_the_step_already_done_after_its_answer_is_a_failure() -> None:
    """Saying the step was done already, right after its answer, reports that the answer did not work."""
    done = Understanding(intent="hours", confidence=0.9, already_tried=True)
    assert run([U("hours"), done, done]) == [("answer", None), ("retry", None), ("escalate", "failed_resolution")]
    # The first turn, or a new query type's step, is a question with its context, not feedback.
    assert run([done]) == [("answer", None)]
    other = Understanding(intent="dispute", confidence=0.9, already_tried=True)
    assert run([U("hours"), other]) == [("answer", None), ("answer", None)]


def test_a_greeting_the_recogniser_doubts_is_asked_about_not_prompted() -> None:
    # "hello yeah it's about the um ..." at ASR 0.4: more was said than the greeting caught, so a clarifying
    # question (counted towards low_confidence), never "how can I help?".
    greeting = U(acts=(A.GREETING,), conf=0)
    assert run([greeting], [0.4]) == [("clarify", None)]
    assert run([greeting, U(conf=0.1), U(conf=0.1)], [0.4, 0.4, 0.4])[-1] == ("escalate", "low_confidence")
    assert run([greeting], [0.9]) == [("prompt", None)]
    assert run([greeting]) == [("prompt", None)]
