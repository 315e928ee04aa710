"""Fixtures for the embedded understanding tests: the two policies and an understander for each."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from activities.understanding.embedded import EmbeddedUnderstander
from warmline.policy import Policy, load_policy
from warmline.understanding import Understanding, UnderstandingRequest

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def policy(name: str) -> Policy:
    return load_policy(FIXTURES / f"{name}.yaml")


@cache
def understander(name: str) -> EmbeddedUnderstander:
    return EmbeddedUnderstander(policy(name))


def understand(
    name: str, text: str, pending: str | None = None, last: str | None = None, asr: float | None = None
) -> Understanding:
    req = UnderstandingRequest(
        call_id="test-call", turn=1, text=text, pending=pending, last_query_type=last, asr_confidence=asr
    )
    return understander(name).understand_now(req)
