"""What the AI says for each non-escalating decision comes from the policy."""

from __future__ import annotations

import pytest

from tests.unit.test_triggers import POLICY, U
from warmline.replies import reply_for
from warmline.trigger_models import Decision, TriggerState
from warmline.understanding import DialogAct as A
from warmline.understanding import IntentCandidate


def _d(kind: str, qt: str | None = None) -> Decision:
    return Decision.model_validate({"kind": kind, "query_type": qt, "state": TriggerState()})


@pytest.mark.parametrize(
    ("kind", "qt", "u", "action", "say"),
    [
        ("answer", "hours", U("hours"), "reply", "9 to 5"),
        (
            "retry",
            "hours",
            U(acts=(A.NOT_RESOLVED,)),
            "reply",
            POLICY.messages.retry_no_step_left,  # no next step in the policy: never the same text again
        ),
        ("clarify", None, U(conf=0.1), "reply", POLICY.messages.clarify),
        ("offer", "hours", U(s=-0.9), "reply", POLICY.messages.offer_specialist),
        ("offer_declined", None, U(acts=(A.DENY,)), "reply", POLICY.messages.offer_declined),
        ("thanks", None, U(acts=(A.THANKS,)), "reply", POLICY.messages.thanks),
        ("goodbye", None, U(acts=(A.GOODBYE,)), "end", POLICY.messages.goodbye),
        ("prompt", None, U(acts=(A.GREETING,)), "reply", POLICY.messages.prompt),
        ("prompt", None, U(acts=(A.AFFIRM,)), "reply", POLICY.messages.affirm_without_question),
    ],
)
def test_reply_for(kind: str, qt: str | None, u: object, action: str, say: str) -> None:
    assert reply_for(_d(kind, qt), POLICY, u) == (action, say)  # type: ignore[arg-type]


def test_clarify_quotes_the_callers_kind_of_words_for_the_two_query_types_never_their_names() -> None:
    u = U(conf=0.3)
    u.candidates = [
        IntentCandidate(name="hours", score=0.4, example="are you open on sunday"),
        IntentCandidate(name="dispute", score=0.35),  # no nearest example known: the first example is quoted
    ]
    assert reply_for(_d("clarify"), POLICY, u) == (
        "reply",
        'Just to be sure I help with the right thing: do you mean something like "are you open on sunday" or '
        '"bill wrong"?',
    )


def test_escalation_is_not_a_reply() -> None:
    with pytest.raises(ValueError):
        reply_for(_d("escalate"), POLICY, U())
