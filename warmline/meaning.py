"""Grouping callers' phrasings by what they mean: average-linkage clustering of sentence embeddings.

The weekly review used to group misread phrasings by the query type the AI read
and a substring match on the agent's notes, so "charged twice" and "why is my
bill double" stood apart while "cancel" and "cancel my fibre upgrade" stood
together. Embedded with the understanding back-end's sentence encoder (in an
activity: the review workflow is deterministic), two phrasings belong together
when the mean cosine similarity between their groups reaches a threshold.

Pure and deterministic: the same vectors give the same groups in the same order
(ties go to the earliest pair), so a test drives it without Temporal and a replay
rebuilds the same report from the activity's recorded result.
"""

from __future__ import annotations

import numpy as np

# Mean cosine two groups of all-MiniLM-L6-v2 embeddings need to merge. Chosen on CLINC150's `val` split
# (bench/meaning_threshold.py: utterances of intents from one domain at a time, the hard case of one line);
# its `test` split, held out, is what docs/review.md reports.
MEANING_THRESHOLD = 0.4


def group_by_cosine(vectors: np.ndarray, threshold: float = MEANING_THRESHOLD) -> list[list[int]]:
    """Row indices of unit-length `vectors`, grouped: largest group first, then by first member; members ascending.

    Agglomerative with average linkage (Lance-Williams update): merge the two most similar groups while their
    mean pairwise cosine is at least `threshold`. Average linkage keeps one loose paraphrase from chaining two
    different requests together (single linkage would), and does not split a group over one outlier pair
    (complete linkage would).
    """
    n = len(vectors)
    if n == 0:
        return []
    sim = np.asarray(vectors, dtype=np.float64) @ np.asarray(vectors, dtype=np.float64).T
    np.fill_diagonal(sim, -np.inf)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    while len(members) > 1:
        i, j = divmod(int(np.argmax(sim)), n)  # first maximum in row order: i < j, the earliest pair on ties
        if sim[i, j] < threshold:
            break
        ni, nj = len(members[i]), len(members[j])
        merged = (ni * sim[i] + nj * sim[j]) / (ni + nj)
        sim[i, :], sim[:, i] = merged, merged
        sim[i, i] = -np.inf
        sim[j, :], sim[:, j] = -np.inf, -np.inf
        members[i] += members.pop(j)
    return sorted((sorted(g) for g in members.values()), key=lambda g: (-len(g), g[0]))
