"""From raw similarities to the two numbers the triggers read: confidence and out-of-scope.

Similarity alone is not confidence: an utterance can sit close to two query
types at once ("cancel my contract or maybe upgrade"), which must read as
*unclear*. So confidence = evidence (how close the best query type is) times
separation (how far ahead of the runner-up it is, relative to its own score).
Both are logistic curves tuned so a clear paraphrase lands at >= 0.6 and vague,
torn or unrelated turns below the usual 0.5 threshold.

Out of scope is kept apart from unclear: it needs substantive words, most of
them unknown to the policy's vocabulary, and a weak best match. Vague turns
("the thing, you know") have no substantive words at all, so they are unclear.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from activities.understanding.classifier import Scores

MIN_TOPICAL_SHARE = 0.5  # below this share of topical words (the rest feelings), confidence is scaled down


@dataclass(frozen=True)
class Curve:
    """Where a similarity scale's evidence and separation curves cross 50 %, and how steeply."""

    evidence_mid: float
    evidence_scale: float
    separation_mid: float
    separation_scale: float
    relative_separation: bool  # separation as (best - second) / best, else best - second


# TF-IDF similarity: evidence 50 % at 0.22; separation 50 % at (best - second) / best = 0.12.
TFIDF = Curve(0.22, 0.05, 0.12, 0.04, relative_separation=True)
OOS_MAX_SIM = 0.30  # a best match above this is a weak in-scope signal, never out of scope
OOS_MAX_KNOWN = 0.34  # at most this share of the content words may be policy vocabulary
OOS_MIN_UNKNOWN = 2  # one unknown word may be a mis-recognition; two are a topic
MIN_ASR_FOR_OOS = 0.5  # on a transcript the recogniser doubts, say unclear rather than out of scope


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def confidence(scores: Scores, curve: Curve = TFIDF) -> float:
    """Calibrated confidence in 0..1 that the best-ranked query type is what the caller means."""
    ranked = scores.ranked()
    if not scores.tokens or not ranked or ranked[0][1] <= 0.0:
        return 0.0
    best = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    evidence = _sigmoid((best - curve.evidence_mid) / curve.evidence_scale)
    margin = (best - second) / best if curve.relative_separation else best - second
    separation = _sigmoid((margin - curve.separation_mid) / curve.separation_scale)
    topical = min(1.0, scores.topical_share / MIN_TOPICAL_SHARE)
    return round(min(1.0, evidence * separation * topical), 3)


def out_of_scope(scores: Scores, asr_confidence: float | None = None) -> bool:
    """Clearly about something else: substantive words the policy does not know, and no good match."""
    if asr_confidence is not None and asr_confidence < MIN_ASR_FOR_OOS:
        return False
    n = len(scores.tokens)
    unknown = n - scores.known
    best = max(scores.sims, default=0.0)
    return n > 0 and unknown >= OOS_MIN_UNKNOWN and scores.known / n <= OOS_MAX_KNOWN and best < OOS_MAX_SIM
