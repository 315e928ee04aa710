"""Sixteenth round, part i-upset: an upset caller's rant that reads loosely as a type people handle is no out-of-scope
transfer, after an answer or after the AI acknowledged the upset (`leaning.rant_moves`): the sentiment rule decides."""

from __future__ import annotations

from warmline.models import Reason
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding

from .decided import decide_turns
from .test_triggers import POLICY


def U(intent: str | None = None, conf: float = 0.9, acts: tuple[A, ...] = (), s: float = 0.0) -> Understanding:
    return Understanding(intent=intent, confidence=conf, acts=list(acts), sentiment=s)


# `fraud` is handled by people (queue complex); `hours` is answered (queue transactional); two upset turns offer.
def test_an_upset_rant_read_loosely_as_a_people_type_after_an_answer_is_not_out_of_scope() -> None:
    turns = decide_turns(POLICY, U("hours"), U("fraud", conf=0.6, s=-0.9))
    assert turns[-1] == ("empathise", None, "hours")


def test_the_rant_counts_towards_the_offer_for_the_answered_topic() -> None:
    turns = decide_turns(POLICY, U("hours", s=-0.8), U("fraud", conf=0.6, s=-0.9))
    assert turns[-1] == ("offer", None, "hours")


def test_a_rant_after_the_upset_was_acknowledged_is_not_out_of_scope_either() -> None:
    turns = decide_turns(POLICY, U("hours"), U(conf=0, s=-0.9), U("fraud", conf=0.6, s=-0.9))
    assert [k for k, _, _ in turns] == ["answer", "empathise", "offer"]
    assert turns[-1][2] == "hours"


def test_a_rant_after_the_acknowledgement_read_loosely_as_another_covered_type_is_not_answered() -> None:
    turns = decide_turns(POLICY, U("hours"), U(conf=0, s=-0.9), U("dispute", conf=0.6, s=-0.9))
    assert turns[-1] == ("offer", None, "hours")


def test_a_people_type_read_surely_is_still_out_of_scope() -> None:
    turns = decide_turns(POLICY, U("hours"), U("fraud", conf=0.9, s=-0.9))
    assert turns[-1] == ("escalate", Reason.OUT_OF_SCOPE, "fraud")


def test_a_calm_turn_read_as_a_people_type_after_an_answer_is_still_out_of_scope() -> None:
    turns = decide_turns(POLICY, U("hours"), U("fraud", conf=0.6))
    assert turns[-1] == ("escalate", Reason.OUT_OF_SCOPE, "fraud")
