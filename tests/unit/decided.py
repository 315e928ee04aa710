"""Run `decide` over a call's turns as the turn plan does, for the decision tests that follow a few turns."""

from __future__ import annotations

from typing import Any

from warmline.models import Reason
from warmline.policy import Policy
from warmline.policy_file import parse_policy
from warmline.trigger_models import TriggerState
from warmline.triggers import decide
from warmline.understanding import Understanding


def two_queue_policy(*query_types: dict[str, Any]) -> Policy:
    """A policy with a transactional and a complex (fallback) queue, one clarifying question, and a specialist offered
    after three upset turns: the decision tests' line, with their `query_types`."""
    return parse_policy(
        {
            "company": "Acme",
            "greeting": "Hi",
            "warm_transfer_message": "Connecting you",
            "defaults": {
                "low_confidence": {"threshold": 0.5, "clarify_attempts": 1},
                "sentiment": {"threshold": -0.4, "sustained_turns": 3, "action": "offer"},
                "fallback_queue": "complex",
            },
            "queues": [{"name": "transactional"}, {"name": "complex"}],
            "query_types": list(query_types),
        }
    )


def decide_turns(
    policy: Policy, *turns: Understanding, asr: float | None = None
) -> list[tuple[str, Reason | None, str | None]]:
    """(kind, reason, query type) of each turn, each decided on the state the last one left, until one escalates.

    `asr` is the recogniser's confidence on every turn after the first (the first has none).
    """
    state = TriggerState()
    out: list[tuple[str, Reason | None, str | None]] = []
    for n, u in enumerate(turns, start=1):
        d = decide(policy, state, n, u, asr if n > 1 else None)
        out.append((d.kind, d.reason, d.query_type))
        state = d.state
        if d.kind == "escalate":
            break
    return out
