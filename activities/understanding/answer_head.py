"""Which covered type a turn read as in scope is about: a second head that also learns each type's answer.

A query type's answer says what the type covers ("pause for up to three months", "the charge is per item") in words
its few examples may not use. Fitted as extra rows of the intent head, those sentences read covered requests better,
but the types then claim ground the "something else" class held and every out-of-scope reading that compares the
types with that class, or with one another, loses callers (eighteenth round, part m-topic). So the answers go into a
head of their own, fitted once per policy beside the base one on the same embedding (no second encoder pass), and it
is read for one thing only: the covered type named, once the turn is in scope and the base head's own lead is a type
the AI answers. Confidence, the out-of-scope readings and the people's types all keep the base head.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from activities.understanding.head_data import embedding_text
from activities.understanding.linear import LogisticHead, fit_logistic
from warmline.policy import Policy

# Each answer sentence weighs a quarter of an example: evidence of what the type covers, said as the company, not the
# caller (0.5 and 1 moved more READ calls the wrong way; eighteenth round, part m2-answer-rows).
ANSWER_WEIGHT = 0.25
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")


def answer_sentences(policy: Policy) -> tuple[list[str], list[int]]:
    """(sentences, query type index) of every query type's answer, one sentence a row."""
    texts: list[str] = []
    labels: list[int] = []
    for i, qt in enumerate(policy.query_types):
        for sentence in _SENTENCE_RE.split(qt.answer or ""):
            text = embedding_text(sentence)
            if len(text.split()) >= 3:
                texts.append(text)
                labels.append(i)
    return texts, labels


def fit(
    policy: Policy,
    encode: Callable[[list[str]], np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    c: float,
    start: LogisticHead,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The base head's rows (`x`, `y`, `weights`) plus the answers' embeddings, warm-started from the base head;
    None when the policy has no answer to learn from."""
    texts, labels = answer_sentences(policy)
    if not texts:
        return None
    answers = encode(texts)
    rows, classes = np.vstack([x, answers]), np.concatenate([y, np.asarray(labels)])
    lr = fit_logistic(rows, classes, c, np.concatenate([weights, np.full(len(answers), ANSWER_WEIGHT)]), start=start)
    return lr.coef.astype(np.float32), lr.intercept.astype(np.float32), np.asarray(lr.classes)


def type_scores(head: tuple[np.ndarray, np.ndarray, np.ndarray] | None, vec: np.ndarray, n: int) -> np.ndarray | None:
    """The answer head's logit per query type (same order as the policy's), or None without the head."""
    if head is None:
        return None
    coef, intercept, classes = head
    z = coef @ vec + intercept
    if len(classes) == 2:  # binary LR keeps one weight row: the second class's logit against the first's 0
        z = np.concatenate([np.zeros(1, z.dtype), z])
    out = np.full(n, -np.inf)
    known = classes < n
    out[classes[known]] = z[known]
    return out


def chosen(intent: str | None, names: list[str], choice: np.ndarray | None, people: frozenset[str]) -> str | None:
    """The covered type for a turn the base head read as `intent` (in scope): the answer head's best type the AI
    answers, when `intent` is one too; a type `people` handle, no intent, or no answer head keep the base reading."""
    if intent is None or choice is None or intent in people:
        return intent
    order = np.argsort(-choice, kind="stable")
    return next((names[i] for i in order if names[i] not in people), intent)
