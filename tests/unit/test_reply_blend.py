"""The learned combination judging a reply to the last clarifying question (`warmline/reply_blend.py`) and its fit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from eval import calls
from eval.fit_reply_blend import Row, fit, label_of
from tests.unit.decided import decide_turns, two_queue_policy
from warmline import reply_blend
from warmline.models import Reason
from warmline.policy import Policy
from warmline.understanding import DialogAct as A
from warmline.understanding import IntentCandidate, Understanding

ROOT = Path(__file__).resolve().parents[2]
POLICY: Policy = two_queue_policy(
    {"name": "hours", "examples": ["when open"], "answer": "9 to 5", "queue": "transactional"},
    {"name": "booking", "examples": ["book a slot"], "answer": "Book online", "queue": "transactional"},
)
# "the er thing with the booking": asked about, the question quoting booking.
OPENING = Understanding(
    intent="booking",
    confidence=0.3,
    words=6,
    acts=[A.VAGUE],
    candidates=[IntentCandidate(name="booking", score=0.3), IntentCandidate(name="hours", score=0.25)],
)


def _toy() -> list[Row]:
    rng = np.random.default_rng(11)
    n = len(reply_blend.FEATURES)
    return [
        Row(f"line{i % 4}", f"c{i}", 2, 1, False, [float(v) for v in rng.normal(1.0 if i % 3 else -1.0, 1.0, n)], u)
        for i in range(60)
        for u in [int(i % 3 != 0)]
    ]


def _toy_blend() -> reply_blend.Blend:
    """Only the margin between the head's top two counts: a wide one is clear (log-odds -3), none is unclear."""
    n = len(reply_blend.FEATURES)
    coef = [0.0] * n
    coef[reply_blend.FEATURES.index("margin")] = -10.0
    return reply_blend.Blend(mean=[0.0] * n, scale=[1.0] * n, coef=coef, intercept=1.0, cut=-1.0, max_attempts=1)


def test_fit_on_a_toy_set_is_reproducible() -> None:
    first, second = fit(_toy(), 1.0, "all"), fit(_toy(), 1.0, "all")
    assert first == second
    assert sum(w > 0 for w in first.coef) > len(reply_blend.FEATURES) // 2  # unclear rows sit higher on every feature


def test_a_clear_reply_is_vetoed_out_of_unclear_and_a_torn_one_is_kept() -> None:
    # "booking a slot, yes" read at 0.45, well apart from the runner-up: answered, not escalated.
    clear = Understanding(
        intent="booking",
        confidence=0.45,
        words=4,
        candidates=[IntentCandidate(name="booking", score=0.45), IntentCandidate(name="hours", score=0.05)],
    )
    # "erm the one, you know" torn between the two: still unclear, escalated.
    torn = Understanding(
        intent="booking",
        confidence=0.45,
        words=4,
        candidates=[IntentCandidate(name="booking", score=0.45), IntentCandidate(name="hours", score=0.44)],
    )
    reply_blend.OVERRIDE[:] = [_toy_blend()]
    try:
        assert decide_turns(POLICY, OPENING, clear)[-1] == ("answer", None, "booking")
        assert decide_turns(POLICY, OPENING, torn)[-1] == ("escalate", Reason.LOW_CONFIDENCE, None)
        # Before the last clarifying question the policy allows, the hand rules stand: the opening is asked about.
        assert decide_turns(POLICY, clear)[-1][0] == "clarify"
    finally:
        reply_blend.OVERRIDE.clear()
    without = reply_blend.Blend(**{**_toy_blend().__dict__, "enabled": False})
    reply_blend.OVERRIDE[:] = [without]
    try:
        assert decide_turns(POLICY, OPENING, clear)[-1] == ("escalate", Reason.LOW_CONFIDENCE, None)
    finally:
        reply_blend.OVERRIDE.clear()


def test_the_shipped_weights_load_and_were_fitted_on_the_read_half_only() -> None:
    blend = reply_blend.shipped()
    assert blend is not None and blend.enabled
    data = json.loads(reply_blend.WEIGHTS.read_text(encoding="utf-8"))
    assert set(data["features"]) == set(reply_blend.FEATURES)
    dev = (ROOT / "eval" / "lines" / "dev.txt").read_text(encoding="utf-8").strip().split(",")
    # fitted on READ lines only (READ grows as blind lines join; the weights ship as fitted): none of CHECK
    assert blend.fitted_on and set(blend.fitted_on) <= set(dev[0::2]) and not set(blend.fitted_on) & set(dev[1::2])
    assert data["rows"]["unclear"] > 0 and data["rows"]["clear"] > 0


def test_reply_labels_follow_the_call_label() -> None:
    lc = calls.Call(id="x", turns=["a", "b", "c"], expect=calls.Expect(trigger="low_confidence", turn=3, queue="q"))
    assert [label_of(lc, t) for t in (2, 3)] == [0, 1]
    fr = calls.Call(id="y", turns=["a", "b", "c"], expect=calls.Expect(trigger="failed_resolution", turn=2, queue="q"))
    assert [label_of(fr, t) for t in (1, 2, 3)] == [0, None, None]
    assert label_of(calls.Call(id="z", turns=["a", "b"]), 2) == 0
