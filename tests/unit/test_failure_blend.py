"""The learned combination over a failure report's signals (`activities/understanding/failure_blend.py`), its fit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from activities.understanding import failure_blend
from activities.understanding.failure_blend import FEATURES, Blend, vetted
from eval import calls
from eval.fit_failure_blend import TurnRow, fit, label
from warmline.understanding import DialogAct, UnderstandingRequest

NR = DialogAct.NOT_RESOLVED
ROOT = Path(__file__).resolve().parents[2]


class _Policy:
    def __init__(self, limit: int) -> None:
        self.limit = limit

    def max_failed_attempts(self, query_type: str | None) -> int:
        return self.limit


def _probs(p_not_resolved: float) -> dict[DialogAct, float]:
    return {NR: p_not_resolved, DialogAct.THANKS: 0.05}


@pytest.fixture
def only_on_p_not_resolved() -> Iterator[None]:
    """A combination that reads only P(not_resolved): log-odds = 4 (p - 0.5), cut 0."""
    coef = np.asarray([4.0 if f == "p_not_resolved" else 0.0 for f in FEATURES])
    mean = np.asarray([0.5 if f == "p_not_resolved" else 0.0 for f in FEATURES])
    failure_blend.OVERRIDE[:] = [Blend(mean.tolist(), [1.0] * len(FEATURES), coef.tolist(), 0.0, cut=0.0)]
    yield
    failure_blend.OVERRIDE.clear()


def _vet(text: str, p: float, limit: int, pending: str = "answer") -> list[DialogAct]:
    req = UnderstandingRequest(call_id="c", turn=2, text=text, pending=pending, last_query_type="billing")
    read: Any = (_Policy(limit), 0.0, 0.0, False)
    return vetted([NR], {NR: []}, text, req, _probs(p), read)


def test_a_doubted_report_is_vetoed_where_one_failure_counts(only_on_p_not_resolved: None) -> None:
    assert _vet("right so which of the two forms do I fill in first", 0.3, 1) == []
    assert _vet("did all of that twice and the screen is still frozen", 0.95, 1) == [NR]  # sure: kept
    assert _vet("right so which of the two forms do I fill in first", 0.3, 2) == [NR]  # two counted: stands


def test_a_failure_told_with_a_request_for_a_person_stands(only_on_p_not_resolved: None) -> None:
    text = "so which of the two forms goes in first, can I talk to someone"
    req = UnderstandingRequest(call_id="c", turn=2, text=text, pending="answer", last_query_type="billing")
    read: Any = (_Policy(1), 0.0, 0.0, False)
    acts = [DialogAct.REQUEST_HUMAN, NR]
    assert vetted(acts, {NR: []}, text, req, _probs(0.3), read) == acts


def test_nothing_changes_without_a_failure_read() -> None:
    req = UnderstandingRequest(call_id="c", turn=1, text="hello there", pending=None)
    read: Any = (_Policy(1), 0.0, 0.0, False)
    assert vetted([DialogAct.GREETING], {}, "hello there", req, _probs(0.0), read) == [DialogAct.GREETING]


def _toy() -> list[TurnRow]:
    rng = np.random.default_rng(11)
    return [
        TurnRow(
            f"line{i % 4}",
            f"c{i}",
            2,
            [float(v) for v in rng.normal(1.0 if i % 4 else -1.0, 1.0, len(FEATURES))],
            int(bool(i % 4)),
        )
        for i in range(48)
    ]


def test_fit_on_a_toy_set_is_reproducible() -> None:
    first, second = fit(_toy(), 1.0, 0.0), fit(_toy(), 1.0, 0.0)
    assert np.array_equal(first.coef, second.coef) and first.intercept == second.intercept
    assert (np.asarray(first.coef) > 0).sum() > len(FEATURES) // 2  # the toy's failures sit higher on every feature


def test_turn_labels_follow_how_the_policy_counts() -> None:
    failed = calls.Call(id="x", turns=["a", "b", "c"], expect=calls.Expect(trigger="failed_resolution", turn=3))
    assert [label(failed, t, 1) for t in (1, 2, 3)] == [0, 0, 1]  # one counted earlier would have fired early
    assert [label(failed, t, 2) for t in (1, 2, 3)] == [None, None, 1]  # an earlier one may be the first of two
    request = calls.Call(id="y", turns=["a", "b"], expect=calls.Expect(trigger="customer_request", turn=2))
    assert [label(request, t, 1) for t in (1, 2)] == [0, None]  # the request outranks a failure on its turn
    contained = calls.Call(id="z", turns=["a", "b"])
    assert [label(contained, t, 1) for t in (1, 2)] == [0, 0]


def test_the_shipped_weights_load_and_were_fitted_on_the_read_half_only() -> None:
    failure_blend.shipped.cache_clear()
    blend = failure_blend.shipped()
    assert blend is not None and blend.enabled and blend.max_failures == 1
    data = json.loads(failure_blend.WEIGHTS.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    dev = (ROOT / "eval" / "lines" / "dev.txt").read_text(encoding="utf-8").strip().split(",")
    # fitted on READ lines only (READ grows as blind lines join; the weights ship as fitted): none of CHECK
    assert (
        data["fitted_on"] and set(data["fitted_on"]) <= set(dev[0::2]) and not set(data["fitted_on"]) & set(dev[1::2])
    )
    assert data["rows"]["failure"] > 0 and data["rows"]["not"] > 0


def test_the_shipped_veto_acts_after_an_answer_only() -> None:
    failure_blend.shipped.cache_clear()
    blend = failure_blend.shipped()
    assert blend is not None and blend.after == ("answer",)
    coef = np.asarray([4.0 if f == "p_not_resolved" else 0.0 for f in FEATURES])
    mean = np.asarray([0.5 if f == "p_not_resolved" else 0.0 for f in FEATURES])
    failure_blend.OVERRIDE[:] = [Blend(mean.tolist(), [1.0] * len(FEATURES), coef.tolist(), 0.0, after=blend.after)]
    try:
        assert _vet("so which of the two forms goes in first", 0.3, 1) == []
        assert _vet("so which of the two forms goes in first", 0.3, 1, pending="clarify") == [NR]
    finally:
        failure_blend.OVERRIDE.clear()
