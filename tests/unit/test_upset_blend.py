"""The learned combination of a turn's upset signals (`activities/understanding/upset_blend.py`) and its fit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from activities.understanding import upset_blend
from activities.understanding.upset_blend import FEATURES, Signals, combine, shipped
from eval import calls
from eval.fit_upset_blend import CallRows, fit, turn_labels

ROOT = Path(__file__).resolve().parents[2]


def _signals(**kw: object) -> Signals:
    base: dict[str, object] = {
        "hand_made": 0.0,
        "vader": 0.0,
        "feeling": 0.0,
        "p_upset": 0.1,
        "state": False,
        "fed_up": False,
        "complains": False,
        "exclaims": False,
        "words": 10,
        "keeps_vader": False,
        "practical": False,
        "p_thanks": 0.05,
        "p_not_resolved": 0.1,
        "p_request_human": 0.02,
        "pending": "answer",
    }
    return Signals(**(base | kw))  # type: ignore[arg-type]


def _toy() -> list[CallRows]:
    rng = np.random.default_rng(7)
    out = []
    for i in range(40):
        upset = i % 3 == 0
        rows = [[float(v) for v in rng.normal(1.0 if upset else -1.0, 1.0, len(FEATURES))] for _ in range(2)]
        labels: list[int | None] = [int(upset)] * 2
        out.append(CallRows(f"line{i % 4}", f"c{i}", rows, labels, "sentiment" if upset else "calm", 2, 2, -0.4))
    return out


def test_fit_on_a_toy_set_is_reproducible() -> None:
    keep = np.ones(len(FEATURES), dtype=bool)
    first, second = fit(_toy(), keep, 1.0), fit(_toy(), keep, 1.0)
    for a, b in zip(first[:3], second[:3], strict=True):
        assert np.array_equal(a, b)
    assert first[3] == second[3]
    assert (first[2] > 0).sum() > len(FEATURES) // 2  # the toy's upset rows sit higher on every feature


def test_the_shipped_weights_load_and_were_fitted_on_the_read_half_only() -> None:
    blend = shipped()
    assert blend is not None and blend.enabled
    data = json.loads(upset_blend.WEIGHTS.read_text(encoding="utf-8"))
    assert set(data["features"]) <= set(FEATURES)
    dev = (ROOT / "eval" / "lines" / "dev.txt").read_text(encoding="utf-8").strip().split(",")
    # fitted on READ lines only (READ grows as blind lines join; the weights ship as fitted): none of CHECK
    assert (
        data["fitted_on"] and set(data["fitted_on"]) <= set(dev[0::2]) and not set(data["fitted_on"]) & set(dev[1::2])
    )
    assert data["rows"]["upset"] > 0 and data["rows"]["calm"] > 0


def test_a_fed_up_turn_stays_upset_and_a_calm_report_does_not() -> None:
    blend = shipped()
    assert blend is not None
    upset = _signals(
        hand_made=-0.85, vader=-0.85, feeling=-0.85, p_upset=0.97, state=True, fed_up=True, complains=True, words=18
    )
    calm = _signals(
        hand_made=-0.45, vader=-0.45, feeling=-0.45, p_upset=0.51, practical=True, p_not_resolved=0.7, pending=None
    )
    assert blend.sentiment(upset) < -0.4
    assert blend.sentiment(calm) >= -0.4  # on a policy acting on one upset turn, the doubtful reading is vetoed
    assert blend.sentiment(calm, sustained=2) == -0.45  # where two turns are counted, the hand-made reading stands


def test_the_combination_vetoes_doubtful_upset_and_adds_what_it_is_sure_of() -> None:
    assert combine(-0.6, -3.0, -2.0, None) >= -0.4  # the hand-made upset, the combination doubts it
    assert combine(-0.6, -1.0, -2.0, None) < -0.4  # both say upset
    assert combine(0.2, 5.0, -2.0, None) >= -0.4  # a veto only: calm by the hand-made reading stays calm
    assert combine(0.2, 5.0, -2.0, 3.0) < -0.4  # sure enough to add
    assert combine(0.2, -1.5, -2.0, -2.0) < -0.4  # the combination alone


def test_turn_labels_follow_how_the_policy_counts() -> None:
    offer = calls.Call(id="x", turns=["a", "b", "c", "d"], expect=calls.Expect(trigger="sentiment", turn=4, queue="q"))
    assert turn_labels(offer, 2, "offer")[0] == [None, 1, 1, None]  # offered on 3, the yes on 4
    assert turn_labels(offer, 2, "escalate")[0] == [None, None, 1, 1]
    calm = calls.Call(id="y", turns=["a", "b"], mood="calm")
    assert turn_labels(calm, 2, "offer")[0] == [0, 0]
