"""Turn outcomes known only after `triggers.decide`: an action that failed, an answer held for verification.

Actions and identity checks run as activities after the decision, so their results fold into it here
(docs/actions.md). Pure, like the trigger rules they build on.
"""

from __future__ import annotations

from warmline.policy import Policy
from warmline.trigger_models import Decision, TriggerState
from warmline.triggers import failed_resolution


def fold_action_failure(policy: Policy, before: TriggerState, decision: Decision, detail: str) -> Decision:
    """An answer's action failed or lacked data: a failed resolution attempt of that query type.

    `decision` is what `decide` said for the turn (an answer or a retry) and `before` the
    state it started from. The failure is counted like a caller's "that didn't work";
    at the query type's `max_failed_attempts` the call escalates with `failed_resolution`,
    below it the AI apologises (`action_failed`). No answer reached the caller this turn,
    so a request for a person next turn is not confirmation seeking.
    """
    qt = decision.query_type
    if qt is None:
        raise ValueError("an action failure needs the query type it was resolving")
    s = decision.state.model_copy(deep=True)
    s.failures[qt] = s.failures.get(qt, 0) + 1
    s.last_answer_turn = before.last_answer_turn
    s.last_kind = "action_failed"
    counted = decision.failures_counted + 1
    if fired := failed_resolution(s.failures, qt, policy):
        return Decision(
            kind="escalate",
            reason=fired.reason,
            detail=f"{fired.detail} Last: {detail}",
            query_type=qt,
            failures_counted=counted,
            state=s,
        )
    return Decision(kind="action_failed", detail=detail, query_type=qt, failures_counted=counted, state=s)


def hold_for_auth(before: TriggerState, decision: Decision) -> Decision:
    """The answer waits for verification: ask for identifiers instead; nothing was answered yet."""
    s = decision.state.model_copy(deep=True)
    s.last_answer_turn, s.last_kind = before.last_answer_turn, "authenticate"
    return decision.model_copy(update={"kind": "authenticate", "state": s})


def answered_after_auth(state: TriggerState, query_type: str, turn: int) -> TriggerState:
    """Verification succeeded and the held answer was given on `turn`."""
    return state.model_copy(update={"last_answer_turn": turn, "topic": query_type, "clarifications": 0})
