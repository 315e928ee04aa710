"""The numpy heads and TF-IDF (`linear.py`, `tfidf.py`) compute what scikit-learn does, and the line imports neither.

scikit-learn stays in the `dev` extra for exactly this comparison: the same objective reaches the same optimum
(scikit-learn run to tol 1e-10; its default stops short), the same TF-IDF matrices, on the shipped phrasing sets
and the demo policy. That the worker and the API run without either is tests/test_packaging.py's light-site test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from activities.understanding import act_model, temperature, vectors
from activities.understanding.classifier import IntentModel
from activities.understanding.linear import LogisticHead, fit_binary_heads, fit_logistic
from activities.understanding.mood import upset_rows
from activities.understanding.text import clean, content_pairs, content_text
from activities.understanding.tfidf import Tfidf, unit_means, unit_rows
from tests.understanding.conftest import policy
from warmline.policy import Policy
from warmline.policy_file import load_policy

sklearn_linear = pytest.importorskip("sklearn.linear_model")
sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "policies" / "demo.yaml"
PROB_TOLERANCE = 1e-3


@cache
def _demo() -> Policy:
    return load_policy(DEMO)


def _optimum(
    x: np.ndarray, y: np.ndarray, c: float, class_weight: str | None = None, sample_weight: np.ndarray | None = None
) -> Any:
    """scikit-learn's lbfgs run to its optimum (its default tol 1e-4 stops short of it)."""
    reference = sklearn_linear.LogisticRegression(C=c, tol=1e-10, max_iter=20000, class_weight=class_weight)
    return reference.fit(np.asarray(x, np.float64), y, sample_weight=sample_weight)


def _assert_same(head: LogisticHead, reference: Any, x: np.ndarray) -> None:
    ours, theirs = head.predict_proba(x), reference.predict_proba(np.asarray(x, np.float64))
    assert np.array_equal(head.classes, reference.classes_)
    assert np.abs(ours - theirs).max() <= PROB_TOLERANCE
    assert np.array_equal(ours.argmax(axis=1), theirs.argmax(axis=1))


def test_the_act_heads_match_scikit_learn_on_the_shipped_phrasing_set() -> None:
    from activities.understanding.acts_data import load_acts

    rows = load_acts("train")
    x = act_model._features(vectors.load("acts", act_model.act_texts(), None), [r.context for r in rows])
    targets = np.asarray([[act.value in r.acts for act in act_model.LEARNED] for r in rows], dtype=np.int64)
    together = fit_binary_heads(x, targets, act_model._C, class_weight="balanced")  # as ActModel fits them
    for k, head in enumerate(together):
        reference = _optimum(x, targets[:, k], act_model._C, class_weight="balanced")
        _assert_same(head, reference, x)
        if k == 0:  # alone, the same head
            _assert_same(fit_logistic(x, targets[:, k], act_model._C, class_weight="balanced"), reference, x)


def test_the_upset_head_matches_scikit_learn_on_the_shipped_set() -> None:
    rows = upset_rows()
    x = vectors.load("upset", [t for t, _ in rows], None)
    y = np.asarray([label for _, label in rows])
    _assert_same(fit_logistic(x, y, 2.0, class_weight="balanced"), _optimum(x, y, 2.0, class_weight="balanced"), x)


def _intent_rows(p: Policy) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The intent head's training rows for `p` as `IntentModel` builds them (examples, background, chatter)."""
    captured: dict[str, np.ndarray] = {}
    real = temperature.fit

    def spy(x: np.ndarray, y: np.ndarray, w: np.ndarray, *args: object, **kwargs: object) -> float:
        captured.update(x=x, y=y, w=w)
        return real(x, y, w, *args, **kwargs)  # type: ignore[arg-type]

    temperature.fit = spy  # type: ignore[assignment]
    try:
        IntentModel(p)
    finally:
        temperature.fit = real
    return captured["x"], captured["y"], captured["w"]


@pytest.mark.parametrize("name", ["demo", "brightwave", "riverside_dental"])
def test_the_intent_head_matches_scikit_learn_with_its_sample_weights(name: str) -> None:
    x, y, w = _intent_rows(_demo() if name == "demo" else policy(name))
    assert len(set(y.tolist())) > 3  # query types plus "something else" and chatter: the multinomial case
    _assert_same(fit_logistic(x, y, 20.0, sample_weight=w), _optimum(x, y, 20.0, sample_weight=w), x)


def test_a_warm_started_fit_reaches_the_same_optimum() -> None:
    x, y, w = _intent_rows(policy("brightwave"))
    full = fit_logistic(x, y, 20.0, sample_weight=w)
    keep = np.arange(len(y)) % 5 != 0
    cold, warm = (
        fit_logistic(x[keep], y[keep], 20.0, w[keep]),
        fit_logistic(x[keep], y[keep], 20.0, w[keep], start=full),
    )
    assert np.abs(cold.predict_proba(x) - warm.predict_proba(x)).max() <= PROB_TOLERANCE


def _documents(p: Policy) -> list[str]:
    return [content_text(t) for qt in p.query_types for t in [*qt.examples, qt.name.replace("_", " ")]]


@pytest.mark.parametrize("name", ["demo", "brightwave", "riverside_dental"])
def test_tfidf_matrices_equal_scikit_learns(name: str) -> None:
    p = _demo() if name == "demo" else policy(name)
    docs = [d for d in _documents(p) if d]
    turns = [
        " ".join(c for _, c in content_pairs(clean(t)))
        for t in ("my wifi keeps cutting out in the evenings", "wat tim do yous open tomoro", "zzzz qqq", "")
    ]
    for analyzer, grams, extra in (("word", (1, 2), {"token_pattern": r"\S+"}), ("char_wb", (2, 5), {})):
        ours = Tfidf(analyzer, grams).fit(docs)
        theirs = sklearn_text.TfidfVectorizer(analyzer=analyzer, ngram_range=grams, sublinear_tf=True, **extra)
        theirs.fit(docs)
        assert ours.vocabulary_ == theirs.vocabulary_
        assert np.abs(ours.idf_ - theirs.idf_).max() < 1e-12
        assert np.abs(ours.transform(docs + turns).toarray() - theirs.transform(docs + turns).toarray()).max() < 1e-9


def test_the_lexical_view_equals_the_scikit_learn_construction() -> None:
    """Word and character blocks weighted and joined, rows and centroids unit length, as `classifier.py` had it."""
    from sklearn.preprocessing import normalize

    docs = [d for d in _documents(_demo()) if d]
    labels = np.arange(len(docs)) % 7
    word = sklearn_text.TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
    char = sklearn_text.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    expected = normalize(
        np.hstack([word.fit_transform(docs).toarray() * 0.6, char.fit_transform(docs).toarray() * 0.4])
    )
    ours = unit_rows(
        (
            (Tfidf("word", (1, 2)).fit(docs).transform(docs), 0.6),
            (Tfidf("char_wb", (2, 5)).fit(docs).transform(docs), 0.4),
        )
    )
    assert np.abs(ours.toarray() - expected).max() < 1e-9
    centroids = normalize(np.vstack([expected[labels == i].mean(axis=0) for i in range(7)]))
    assert np.abs(unit_means(ours, labels, 7).toarray() - centroids).max() < 1e-9
    cols, vals = ours.row(3)
    assert np.abs(ours.dot(cols, vals) - expected @ expected[3]).max() < 1e-9
