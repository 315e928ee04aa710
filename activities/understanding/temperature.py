"""How sure the intent head really is: a temperature fitted on the policy's own examples at start.

The head is a logistic regression over sentence embeddings; its top probability is spread over every class,
so the same clear paraphrase reads 0.9 on a line with five query types and 0.3 on one with 150 (CLINC150):
a fixed threshold (`low_confidence.threshold`, 0.5 by default) then means different things on different
lines. Held out, the head is right far more often than its probability says on both kinds of line (the
support policies and CLINC150 10-shot alike: right on ~85 % of held-out examples with a mean top probability
of ~0.6). So, once per policy, each example is scored by a head fitted without it (k-fold), and the
temperature T that makes those held-out probabilities honest (least negative log-likelihood of the right
class, `softmax(logits / T)`) is what the confidence reads with. The fold fits start from the full head's
weights and stop at `FOLD_GTOL`, short of their optimum: T is one of the grid's steps of 0.05, and fold logits
that close to the optimum's did not move it on any policy checked (CLINC150, 21 development policies; the 47's
per-call readings identical: docs/testing.md), for ~40 % fewer objective evaluations. The full head, what every
turn reads, is still fitted to its optimum (`linear.GTOL`).
"""

from __future__ import annotations

import numpy as np

from activities.understanding.linear import LogisticHead, fit_logistic

FOLDS = 5
# The grid T is chosen from: sharpen at most 5x (a head cannot be surer than its held-out accuracy says),
# soften at most 2x.
GRID = tuple(round(0.2 + 0.05 * i, 2) for i in range(37))
MIN_PER_CLASS = 2  # a query type with one example cannot be held out from itself
# The fold fits' stopping gradient (100x `linear.GTOL`): 1e-4 already moved one development policy's T a step.
FOLD_GTOL = 1e-5


def fit(
    x: np.ndarray, y: np.ndarray, weights: np.ndarray, n_types: int, full: LogisticHead, c: float, seed: int = 0
) -> float:
    """The temperature for the head `full` (fitted on all rows): chosen on held-out examples of the query types.

    Rows with labels >= `n_types` (the "something else" and chatter classes) are always in training: only
    the policy's own examples are held out, since those are what the calibration must be honest about.
    1.0 (no change) when too few examples per query type to hold any out.
    """
    counts = np.bincount(y[y < n_types], minlength=n_types)
    if counts.min() < MIN_PER_CLASS:
        return 1.0
    rng = np.random.default_rng(seed)
    fold = np.full(len(y), -1)
    for label in range(n_types):
        rows = rng.permutation(np.flatnonzero(y == label))
        fold[rows] = (np.arange(len(rows)) + label) % FOLDS  # spread each type over the folds
    logits, truth = [], []
    for f in range(FOLDS):
        held = fold == f
        if not held.any():
            continue
        if not np.array_equal(np.unique(y[~held]), full.classes):
            continue  # a class lost every row of this fold: its logits would not line up
        lr = fit_logistic(x[~held], y[~held], c, sample_weight=weights[~held], start=full, gtol=FOLD_GTOL)
        logits.append(lr.decision(x[held]))
        truth.append(np.searchsorted(full.classes, y[held]))
    if not logits:
        return 1.0
    z, g = np.vstack(logits), np.concatenate(truth)
    return min(GRID, key=lambda t: (_nll(z / t, g), abs(t - 1.0)))


def _nll(z: np.ndarray, truth: np.ndarray) -> float:
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(truth)), truth].mean())


def sharpen(probs: np.ndarray, temperature: float) -> np.ndarray:
    """`softmax(logits / T)` from `softmax(logits)` (every class of the head, in one vector)."""
    if temperature == 1.0:
        return probs
    p = np.maximum(probs, 1e-12) ** (1.0 / temperature)
    return p / p.sum()
