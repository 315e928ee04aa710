"""Intent classification learned from the policy's own example phrasings.

Two views of an utterance, fitted once per policy:

* Lexical: nearest-neighbour cosine over TF-IDF (word 1–2-grams on canonical tokens, for paraphrases;
  character 2–5-grams, for ASR typos), blended between the closest example and the query type's centroid.
  It also knows the policy's vocabulary. Well under a millisecond per turn.
* Semantic: an all-MiniLM-L6-v2 sentence embedding (`encoder.py`, numpy, ~5 ms) and a logistic-regression
  head fitted on the examples' embeddings. TF-IDF alone confuses close intents among many (CLINC150: ~78 %
  top-1); the head ranks the query types and gives a probability (read at a temperature fitted on held-out
  examples, `temperature.py`), which `calibrate.py` turns into confidence with the nearest example's cosine.

A policy's `out_of_scope_examples` become one more class of the head ("about something else"). What a turn's
reading holds (`Scores`) is `scores.py`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from activities.understanding import answer_head, temperature
from activities.understanding.encoder import MiniLmEncoder, shared_encoder
from activities.understanding.head_data import embedding_text, head_training_set
from activities.understanding.linear import fit_logistic
from activities.understanding.request_form import hedged_choice
from activities.understanding.scores import Scores
from activities.understanding.text import canonical, clean, content_pairs, content_text, content_tokens
from activities.understanding.tfidf import SparseRows, Tfidf, unit_means, unit_row, unit_rows
from warmline.names import humanize
from warmline.policy import Policy

_CLAUSE_RE = re.compile(r"(?:\s*,)?\s+(?:or maybe|or perhaps|or else|or|and also|but also)\s+")
_HEAD_C = 20.0  # inverse L2 strength: unit-length embeddings need little regularisation to separate intents
_WORD_WEIGHT = 0.6  # word features decide paraphrases; characters only rescue misspellings
_MAX_WEIGHT = 0.6  # closest example vs. centroid: one good match matters, the centroid steadies it
# Off-policy background phrasings (`background/`) this close to any of the policy's examples may be about
# what the policy covers: they are left out of the "about something else" class.
BACKGROUND_MAX_COSINE = 0.5
# The background and chatter classes weigh as much as this many query types, however many phrasings they
# have: a real alternative for an unrelated request, never a prior that swallows in-scope paraphrases.
BACKGROUND_WEIGHT, CHATTER_WEIGHT = 1.0, 2.0
_Rivals = tuple[tuple[float, float, float], ...]


class IntentModel:
    """TF-IDF nearest-neighbour similarity plus a sentence-embedding head, over a policy's examples."""

    def __init__(
        self,
        policy: Policy,
        is_emotive: Callable[[str], bool] = lambda _w: False,
        semantic: bool = True,
        encoder: MiniLmEncoder | None = None,
        is_feeling: Callable[[str], bool] | None = None,
    ) -> None:
        """Fit both views; `semantic=False` fits the lexical one only (a back-end with its own embeddings).

        `encoder` is the sentence encoder (default: the base all-MiniLM-L6-v2; an adapted one from `adapt.py`).
        `is_emotive`: feelings and intensifiers, never topics for the words' view. `is_feeling` (default the
        same): the feelings left out of what the encoder hears; intensifiers ("so", "really", "little") stay in.
        """
        self._is_emotive = is_emotive
        self._is_feeling = is_feeling or is_emotive
        self._encoder_given = encoder  # loaded on first use: the lexical back-end never needs it
        self.semantic = semantic
        self.names = [qt.name for qt in policy.query_types]
        docs: list[str] = []
        labels: list[int] = []
        for i, qt in enumerate(policy.query_types):
            for phrase in [*qt.examples, humanize(qt.name)]:
                text = content_text(phrase)
                if text:
                    docs.append(text)
                    labels.append(i)
        self._word = Tfidf("word", (1, 2)).fit(docs)
        self._char = Tfidf("char_wb", (2, 5)).fit(docs)
        self._examples = self._embed(docs)
        self._labels = np.asarray(labels)
        # Sparse: 150 query types x ~100 k n-grams dense would make every turn a 15 M-cell product.
        self._centroids = unit_means(self._examples, self._labels, len(self.names))
        self.vocabulary: frozenset[str] = frozenset(
            tok
            for qt in policy.query_types
            for phrase in [*qt.examples, qt.name.replace("_", " "), qt.answer or ""]
            for tok in content_tokens(phrase)
        )
        # Every word the policy's own phrasings use, feelings included ("thanks for helping", "yes please"): the
        # encoder keeps hearing those, only feelings the policy never uses are left out of its input.
        self._phrasing_words: frozenset[str] = frozenset(
            w for qt in policy.query_types for phrase in qt.examples for w in clean(phrase).split()
        )
        self.else_comparable = True
        self._answer_head: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # `answer_head.py`
        if semantic:
            self._fit_head(policy)

    def _fit_head(self, policy: Policy) -> None:
        """Logistic regression on the examples' embeddings plus one "about something else" class: the policy's
        `out_of_scope_examples` and the shipped off-policy background (`background/`), minus background
        phrasings close to any example (they may be what the policy covers)."""
        from activities.understanding import vectors
        from activities.understanding.background import background_phrases, chatter_phrases

        texts, labels, _ = head_training_set(policy)
        x = self._encoder.encode(texts)
        y = np.asarray(labels)
        n = len(self.names)
        self._example_vecs = x[y < n]  # for the nearest-example cosine
        self._example_labels = y[y < n]
        # As the policy wrote them, in head_training_set's order (None: the query type's name, never quoted).
        self.example_texts: list[str | None] = [p for qt in policy.query_types for p in [*qt.examples, None]]
        per_class = len(self._example_vecs) / n
        parts, weights = [x], [np.ones(len(y))]
        labels_out = [y]
        self._else_vecs = x[y == n]
        for label, name, phrases in ((n, "background", background_phrases()), (n + 1, "chatter", chatter_phrases())):
            vecs = vectors.load(name, [embedding_text(t) for t in phrases], self._encoder)
            far = vecs[(vecs @ self._example_vecs.T).max(axis=1) < BACKGROUND_MAX_COSINE]
            if label == n:
                self._else_vecs = np.vstack([self._else_vecs, far])
            parts.append(far)
            labels_out.append(np.full(len(far), label))
            weight = BACKGROUND_WEIGHT if name == "background" else CHATTER_WEIGHT
            weights.append(np.full(len(far), weight * per_class / max(1, len(far))))
        self.else_comparable = else_comparable(len(self._else_vecs), len(self._example_vecs))
        x, y = np.vstack(parts), np.concatenate(labels_out)
        weights_all = np.concatenate(weights)
        self._head: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.temperature = 1.0
        if len(set(y.tolist())) > 1:
            lr = fit_logistic(x, y, _HEAD_C, sample_weight=weights_all)
            self.temperature = temperature.fit(x, y, weights_all, n, lr, _HEAD_C)
            self._answer_head = answer_head.fit(policy, self._encoder.encode, x, y, weights_all, _HEAD_C, lr)
            # Kept as plain float32 arrays: one matrix product and a softmax per turn.
            self._head = (lr.coef.astype(np.float32), lr.intercept.astype(np.float32), np.asarray(lr.classes))

    @property
    def _encoder(self) -> MiniLmEncoder:
        return self._encoder_given or shared_encoder()

    def _head_probs(self, vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row: (probability per query type, "something else" probability, chatter probability)."""
        probs = np.zeros((len(vecs), len(self.names)))
        if self._head is None:  # one class only: nothing to tell apart
            probs[:, 0] = 1.0
            return probs, np.zeros(len(vecs)), np.zeros(len(vecs))
        coef, intercept, classes = self._head
        z = vecs @ coef.T + intercept
        if len(classes) == 2:  # binary LR keeps one weight row: P(second class) = sigmoid(z)
            z = np.hstack([np.zeros_like(z), z])
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        n = len(self.names)
        known = classes < n  # then "something else" (n) and chatter (n + 1)
        probs[:, classes[known]] = p[:, known]
        return probs, p[:, classes == n].sum(axis=1), p[:, classes == n + 1].sum(axis=1)

    def _semantic(
        self, text: str
    ) -> tuple[np.ndarray, float, float, float, _Rivals, tuple[int, ...], float, np.ndarray | None]:
        """(probability per query type, "something else" probability, chatter probability, nearest example
        cosine, clause rivals, per query type the index of its nearest example, nearest "something else" cosine,
        the answer head's logit per query type).

        A turn joining clauses with "or" / "and also" is also read clause by clause (in the same
        batch): a clause confidently about another query type makes the turn torn, not confident.
        """
        parts = _CLAUSE_RE.split(text)
        clauses = [c for c in parts if content_tokens(c)] if len(parts) > 1 else []
        clauses = clauses if len(clauses) > 1 else []
        vecs = self._encoder.encode([embedding_text(t) for t in [text, *clauses]])
        cos = vecs @ self._example_vecs.T
        nearest = cos.max(axis=1)
        best_example = np.full(len(self.names), -1)
        order = np.argsort(-cos[0], kind="stable")
        for j in order[::-1]:  # the nearest of each query type's examples wins (written last)
            best_example[self._example_labels[j]] = j
        probs, oos, chatter = self._head_probs(vecs)
        top = int(np.argmax(probs[0]))
        others = np.delete(probs[1:], top, axis=1).max(axis=1) if clauses else np.zeros(0)
        own = probs[1:].max(axis=1) if clauses else np.zeros(0)
        rivals = tuple((float(p), float(n), float(o)) for p, n, o in zip(others, nearest[1:], own, strict=True))
        examples = tuple(int(j) for j in best_example)
        near_else = float((self._else_vecs @ vecs[0]).max()) if len(self._else_vecs) else 0.0
        choice = answer_head.type_scores(self._answer_head, vecs[0], len(self.names))
        return probs[0], float(oos[0]), float(chatter[0]), float(nearest[0]), rivals, examples, near_else, choice

    def _embed_one(self, doc: str) -> tuple[np.ndarray, np.ndarray]:
        """One document's unit-length TF-IDF vector over both vocabularies, as (sorted columns, values): the row
        `_embed([doc])` gives, without building a matrix for it."""
        return unit_row(((self._word, _WORD_WEIGHT), (self._char, 1.0 - _WORD_WEIGHT)), doc)

    def _embed(self, docs: list[str]) -> SparseRows:
        return unit_rows(((self._word.transform(docs), _WORD_WEIGHT), (self._char.transform(docs), 1.0 - _WORD_WEIGHT)))

    def score(self, text: str, semantic: bool | None = None, heard: str | None = None) -> Scores:
        """Both views of `text`; `semantic=False` skips the embedding (a back-end with its own similarity).

        `heard`: what the encoder reads instead of `text` (the whole turn, when only pleasantries were cut from
        `text`: its embedding is already computed, so the turn costs one encoder pass; `embedded.py`).
        """
        semantic = self.semantic if semantic is None else semantic and self.semantic
        pairs = content_pairs(text)
        # Feelings ("furious", "useless") are not topics unless the policy's own phrasings use them: they
        # dilute the match (a rant is not a confident query) but never make a turn out of scope.
        tokens = [c for w, c in pairs if c in self.vocabulary or not self._is_emotive(w)]
        known, emotive = sum(t in self.vocabulary for t in tokens), len(pairs) - len(tokens)
        sims = np.zeros(len(self.names))
        if tokens:
            vec = self._embed_one(" ".join(c for _, c in pairs))
            to_examples = self._examples.dot(*vec)
            best = np.zeros(len(self.names))
            np.maximum.at(best, self._labels, to_examples)
            to_centroids = self._centroids.dot(*vec)
            sims = np.clip(_MAX_WEIGHT * best + (1 - _MAX_WEIGHT) * to_centroids, 0.0, 1.0)
        # The encoder hears the same topic the lexical view does: feelings the policy never uses are left out
        # ("the internet keeps dropping, it's driving me mad" is about the internet, not about madness).
        topical = " ".join(
            w
            for w in (text if heard is None else heard).split()
            if not self._is_feeling(w) or canonical(w) in self.vocabulary or w in self._phrasing_words
        )
        # No content words but not a pure rant ("how ya been", "where are you from"): only the encoder can
        # read it; its nearness to an example decides, so vague fillers stay unclear.
        if not semantic or not (tokens or (not emotive and topical.replace(",", "").strip())):
            return Scores(self.names, sims, tokens, known, emotive)
        probs, oos, chatter, near, rivals, examples, near_else, choice = self._semantic(topical)
        return Scores(
            self.names,
            sims,
            tokens,
            known,
            emotive,
            probs,
            oos,
            near,
            rivals,
            examples,
            chatter,
            self.temperature,
            hedged_choice(text),
            near_else,
            self.else_comparable,
            choice,
        )

    def example(self, scores: Scores, query_type: str) -> str | None:
        """The policy's example phrasing of `query_type` nearest in meaning to the scored turn."""
        if not scores.nearest_example or query_type not in self.names:
            return None
        j = scores.nearest_example[self.names.index(query_type)]
        return self.example_texts[j] if 0 <= j < len(self.example_texts) else None

    def vector(self, text: str) -> np.ndarray:
        """The sentence embedding of `text` (cached: the turn's own reading costs no second pass)."""
        return self._encoder.encode([embedding_text(text)])[0]


def else_comparable(n_else: int, n_examples: int) -> bool:
    """Whether the nearest "something else" phrasing and the nearest example are a fair comparison of two cosines.

    The nearest of more phrasings is nearer by sheer number. A support line keeps ~900 off-policy phrasings against
    ~100 examples, so a turn nearer its examples than all of those really is about the line (`calibrate.ELSE_NEARER`).
    A policy of many query types (CLINC150 10-shot: 150 types, 1,650 example rows) covers so much everyday ground
    that most of the background is dropped as too near its examples (623 phrasings kept): there the nearest example
    wins by number on a request about something else, and only the head's reading (the class beats every type, no
    example near) can say it. A comparison of two counts, no number chosen.
    """
    return n_else >= n_examples
