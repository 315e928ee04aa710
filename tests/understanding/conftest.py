"""Fixtures for the embedded understanding tests: the two policies and an understander for each."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest

from activities.understanding import calibrate
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.encoder import shared_encoder
from activities.understanding.scores import Scores
from warmline.policy import Policy
from warmline.policy_file import load_policy, parse_policy
from warmline.understanding import Understanding, UnderstandingRequest

FIXTURES = Path(__file__).parent / "fixtures"
T = TypeVar("T")


@cache
def policy(name: str) -> Policy:
    return load_policy(FIXTURES / f"{name}.yaml")


# What a policy written inside a test needs besides its query types (on queue "a").
INLINE_FRAME: dict[str, Any] = {
    "company": "Test",
    "greeting": "Hi",
    "warm_transfer_message": "One moment",
    "queues": [{"name": "a"}, {"name": "complex"}],
}


def cosine_scores(nearest: float, else_nearest: float, probs: tuple[float, float], oos_prob: float) -> Scores:
    """Scores of a three-word turn over two query types, built by hand: the out-of-scope rules' inputs, set apart."""
    return Scores(
        names=["a", "b"],
        sims=np.zeros(2),
        tokens=["w1", "w2", "w3"],
        known=1,
        probs=np.array(probs),
        oos_prob=oos_prob,
        nearest=nearest,
        else_nearest=else_nearest,
    )


def inline_policy(query_types: list[dict[str, Any]], **extra: Any) -> Policy:
    """A policy written in the test (no file, no version): `query_types`, plus any `extra` sections."""
    return parse_policy({**INLINE_FRAME, "query_types": query_types, **extra})


@cache
def understander(name: str) -> EmbeddedUnderstander:
    return EmbeddedUnderstander(policy(name))


@pytest.fixture
def always_elsewhere(monkeypatch: pytest.MonkeyPatch) -> EmbeddedUnderstander:
    """An understander whose out-of-scope readings all say "something else", whatever the turn (the rules that
    overrule such a reading, `reaction.py` and `kept_in_scope.py`, tested alone)."""
    monkeypatch.setattr(EmbeddedUnderstander, "_out_of_scope", lambda *_args, **_kw: True)
    monkeypatch.setattr(calibrate, "follow_up", lambda _scores: False)
    monkeypatch.setattr(EmbeddedUnderstander, "_near_something", lambda _self, _scores: False)
    return understander("riverside_dental")


def understand(
    name: str, text: str, pending: str | None = None, last: str | None = None, asr: float | None = None
) -> Understanding:
    req = UnderstandingRequest(
        call_id="test-call", turn=1, text=text, pending=pending, last_query_type=last, asr_confidence=asr
    )
    return understander(name).understand_now(req)


def encoder_passes(read: Callable[[], T]) -> tuple[int, T]:
    """(texts the shared encoder ran its forward pass on during `read()`, what it returned): a turn's cost counted,
    not timed (the CPU is measured per box in bench/)."""
    enc = shared_encoder()
    before = set(enc._cache)
    out = read()
    return len(set(enc._cache) - before), out
