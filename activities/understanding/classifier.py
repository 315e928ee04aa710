"""Intent classification learned from the policy's own example phrasings.

A line's policy gives only 6–10 examples per query type, too few for a trained
model to be trusted alone, so the scorer is nearest-neighbour cosine similarity
over TF-IDF (word 1–2-grams on canonical tokens, for paraphrases; character
2–5-grams, for ASR typos), blended between the closest example and the query
type's centroid. Fitted once per policy; scoring one utterance is a sparse
matrix product (well under a millisecond for a few hundred examples).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from activities.understanding.text import content_pairs, content_text, content_tokens
from warmline.policy import Policy

_WORD_WEIGHT = 0.6  # word features decide paraphrases; characters only rescue misspellings
_MAX_WEIGHT = 0.6  # closest example vs. centroid: one good match matters, the centroid steadies it


@dataclass(frozen=True)
class Scores:
    """Similarity of one utterance to every query type, plus what the OOS rule needs."""

    names: list[str]
    sims: np.ndarray  # one score per query type, 0..1, same order as `names`
    tokens: list[str]  # the utterance's topical content tokens (feelings left out)
    known: int  # how many of them the policy's vocabulary contains
    emotive: int = 0  # feeling words left out of `tokens` ("furious", "useless")

    @property
    def topical_share(self) -> float:
        """How much of the turn is about a subject rather than a feeling; a rant is not a query."""
        total = len(self.tokens) + self.emotive
        return len(self.tokens) / total if total else 0.0

    def ranked(self) -> list[tuple[str, float]]:
        order = np.argsort(-self.sims, kind="stable")
        return [(self.names[i], float(self.sims[i])) for i in order]


class IntentModel:
    """TF-IDF nearest-neighbour scorer over a policy's examples (and query type names)."""

    def __init__(self, policy: Policy, is_emotive: Callable[[str], bool] = lambda _w: False) -> None:
        self._is_emotive = is_emotive
        self.names = [qt.name for qt in policy.query_types]
        docs: list[str] = []
        labels: list[int] = []
        for i, qt in enumerate(policy.query_types):
            for phrase in [*qt.examples, qt.name.replace("_", " ").replace("-", " ")]:
                text = content_text(phrase)
                if text:
                    docs.append(text)
                    labels.append(i)
        self._word = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
        self._char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
        self._word.fit(docs)
        self._char.fit(docs)
        self._examples = self._embed(docs)
        self._labels = np.asarray(labels)
        centroids = [np.asarray(self._examples[self._labels == i].mean(axis=0)).ravel() for i in range(len(self.names))]
        self._centroids = normalize(np.vstack(centroids))
        self.vocabulary: frozenset[str] = frozenset(
            tok
            for qt in policy.query_types
            for phrase in [*qt.examples, qt.name.replace("_", " "), qt.answer or ""]
            for tok in content_tokens(phrase)
        )

    def _embed(self, docs: list[str]) -> csr_matrix:
        word = self._word.transform(docs) * _WORD_WEIGHT
        char = self._char.transform(docs) * (1.0 - _WORD_WEIGHT)
        return normalize(hstack([word, char]).tocsr())

    def score(self, text: str) -> Scores:
        pairs = content_pairs(text)
        # Feelings ("furious", "useless") are not topics unless the policy's own phrasings use them: they
        # dilute the match (a rant is not a confident query) but never make a turn out of scope.
        tokens = [c for w, c in pairs if c in self.vocabulary or not self._is_emotive(w)]
        known, emotive = sum(t in self.vocabulary for t in tokens), len(pairs) - len(tokens)
        if not tokens:
            return Scores(self.names, np.zeros(len(self.names)), tokens, known, emotive)
        vec = self._embed([" ".join(c for _, c in pairs)])
        to_examples = np.asarray((self._examples @ vec.T).todense()).ravel()
        best = np.zeros(len(self.names))
        np.maximum.at(best, self._labels, to_examples)
        to_centroids = np.asarray(vec @ self._centroids.T).ravel()
        sims = np.clip(_MAX_WEIGHT * best + (1 - _MAX_WEIGHT) * to_centroids, 0.0, 1.0)
        return Scores(self.names, sims, tokens, known, emotive)
