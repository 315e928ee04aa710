"""Thirteenth round, part D: a request for a person that itself names nothing ("can I not just talk to one of your
lot"), right after the AI asked what the call was about, leaves the topic unsettled: DESIGN.md routes an escalation
with no known intent to the fallback queue, so the first turn's loose guess does not route it. And a hypothetical
"if I just checked it with someone" reports no step done, so it is no failure of the answer (the flag stands)."""

from __future__ import annotations

from activities.understanding.acts import already_tried
from warmline.routing import queue_for
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding

from .test_routing_leaning import last
from .test_triggers import POLICY

UNCLEAR_HOURS = Understanding(intent="hours", confidence=0.2)


def test_a_request_naming_nothing_after_a_clarifying_question_goes_to_the_fallback() -> None:
    says_nothing = Understanding(intent=None, confidence=0.0, acts=[A.REQUEST_HUMAN, A.VAGUE])
    d = last([UNCLEAR_HOURS, says_nothing])
    assert (d.kind, d.reason and d.reason.value, d.query_type) == ("escalate", "customer_request", None)
    assert queue_for(POLICY, d.query_type) == "complex"


def test_a_plain_request_after_a_clarifying_question_keeps_the_leaning() -> None:
    plain = Understanding(intent=None, confidence=0.0, acts=[A.REQUEST_HUMAN])
    d = last([UNCLEAR_HOURS, plain])
    assert d.query_type == "hours"


def test_a_hypothetical_check_is_no_step_done() -> None:
    assert not already_tried("would you mind if i just checked that with one of your team")
    assert already_tried("i just checked it and the date is still wrong")
