"""The head's confidence means the same with few or many query types; a request nobody claims is out of scope."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from activities.understanding import calibrate, temperature
from activities.understanding.calibrate import confidence, head_confidence, out_of_scope, unclaimed
from activities.understanding.classifier import IntentModel
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.linear import fit_logistic
from activities.understanding.scores import Scores
from activities.understanding.text import clean
from eval import clinc


def test_sharpening_keeps_the_order_and_raises_the_top() -> None:
    p = np.array([0.3, 0.2, 0.1, 0.4])
    assert np.array_equal(temperature.sharpen(p, 1.0), p)
    sharp = temperature.sharpen(p, 0.5)
    assert np.array_equal(np.argsort(sharp), np.argsort(p)) and sharp[3] > 0.4 and abs(sharp.sum() - 1) < 1e-9


def _clusters(n_types: int, per_type: int, spread: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_types, 32))
    x = np.repeat(centres, per_type, axis=0) + spread * rng.normal(size=(n_types * per_type, 32))
    return x / np.linalg.norm(x, axis=1, keepdims=True), np.repeat(np.arange(n_types), per_type)


def test_a_head_that_is_right_more_often_than_it_says_is_sharpened() -> None:
    x, y = _clusters(40, 8, spread=0.6)
    w = np.ones(len(y))
    head = fit_logistic(x, y, 20.0, sample_weight=w)
    assert temperature.fit(x, y, w, 40, head, 20.0) < 1.0


def test_no_temperature_without_examples_to_hold_out() -> None:
    x, y = _clusters(5, 1, spread=0.3)
    w = np.ones(len(y))
    head = fit_logistic(x, y, 20.0, sample_weight=w)
    assert temperature.fit(x, y, w, 5, head, 20.0) == 1.0


def _scores(probs: list[float], nearest: float, words: int = 4, oos: float = 0.05) -> Scores:
    p = np.array(probs)
    return Scores(
        names=[f"t{i}" for i in range(len(p))],
        sims=np.zeros(len(p)),
        tokens=[f"w{i}" for i in range(words)],
        known=0,
        probs=p,
        oos_prob=oos,
        nearest=nearest,
        chatter_prob=0.0,
    )


def test_the_unclaimed_reading_ships_off() -> None:
    """Every leave-one-line-out fold of the eighteenth round chose it off: no runner-up outweighs the top type."""
    assert not unclaimed(_scores([0.3, 0.3, 0.2, 0.2], nearest=0.40))


def test_a_request_no_example_is_near_and_no_query_type_claims_is_out_of_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calibrate, "UNCLAIMED_RATIO", 0.5)  # the grid's "on" setting
    assert unclaimed(_scores([0.3, 0.25, 0.2, 0.2], nearest=0.40)) and out_of_scope(
        _scores([0.3, 0.25, 0.2, 0.2], nearest=0.40)
    )
    assert not unclaimed(_scores([0.7, 0.1, 0.1, 0.05], nearest=0.40))  # one query type claims it: unclear at most
    assert not unclaimed(_scores([0.3, 0.25, 0.2, 0.2], nearest=0.55))  # near an example: torn, so clarified
    assert not unclaimed(_scores([0.3, 0.25, 0.2, 0.2], nearest=0.40, words=2))  # too few words to be a topic


def test_a_torn_head_is_not_confident() -> None:
    torn = _scores([0.48, 0.44, 0.03], nearest=0.8, oos=0.03)
    clear = _scores([0.85, 0.07, 0.03], nearest=0.8, oos=0.03)
    assert head_confidence(torn) < 0.5 <= head_confidence(clear)


@cache
def _slice(n_intents: int) -> tuple[IntentModel, list[tuple[str, str]]]:
    """The same 20 CLINC150 intents' val phrasings, read by a policy of `n_intents` intents (10-shot)."""
    data = clinc.load()
    every = sorted({i for _, i in data["train"]})
    asked = every[::7][:20]
    intents = set(asked) | set([i for i in every if i not in asked][: n_intents - len(asked)])
    train = [[t, i] for t, i in data["train"] if i in intents]
    val = [(t, i) for t, i in data["val"] if i in asked][::3]
    return EmbeddedUnderstander(clinc.policy_from(train, shots=10)).model, val


def _accuracy_at_default(model: IntentModel, val: list[tuple[str, str]]) -> float:
    right = 0
    for text, gold in val:
        scores = model.score(clean(text))
        right += scores.ranked()[0][0] == gold and head_confidence(scores) >= 0.5
    return right / len(val)


@pytest.mark.skipif(not clinc.DATA.exists(), reason="CLINC150 is not beside the project (../shared/data/clinc150)")
def test_the_default_threshold_means_the_same_with_few_or_many_query_types() -> None:
    few, many = _accuracy_at_default(*_slice(20)), _accuracy_at_default(*_slice(100))
    assert few >= 0.85 and many >= 0.8 and few - many <= 0.08, (few, many)


def test_a_torn_reading_is_not_averaged_up_by_the_lexical_view() -> None:
    """Two query types near level in the head stay unclear even when the words lean to the same one: agreement of
    the two views is evidence for a clear reading, not a way round the tie ("X or maybe Y, not sure which")."""
    torn = Scores(
        names=["a", "b", "c"],
        sims=np.array([0.6, 0.3, 0.0]),  # the words: clearly "a"
        tokens=["x", "y", "z"],
        known=3,
        probs=np.array([0.48, 0.44, 0.08]),  # the head: "a" and "b" level
        nearest=0.7,
    )
    assert confidence(torn) > 0.9
    assert head_confidence(torn) < 0.5
