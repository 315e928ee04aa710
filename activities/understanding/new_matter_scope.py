"""Whether a new matter the caller announces after an answer is one the policy does not cover.

A turn after an answer that says it turns to another matter ("and while I've got you, ...", `acts.new_matter`) is
neither a failure of the answer nor a follow-up on it: it is read for itself. It is out of scope when no query type
claims it (its confidence is under the type's threshold) and either it sits as near something off-policy as the
policy's nearest example, or it is read, unsurely, as the topic just answered (which the caller said they were
leaving), or it tells the matter at some length.

The last reading is the thirteenth round's. The nearness comparison (`calibrate.follow_up`) holds a new matter in
scope whenever some example is nearer than every off-policy phrasing; but an uncovered matter in the line's own field
(a gatepost the skip lorry caught, driving lessons from a breakdown service, a neighbour's music on a holiday park,
a drain after a water bill) sits nearer the line's examples than the background, as its words are the line's. Told
over six content words or more, the announced matter has said what it is about, and still no query type claims it:
the policy does not cover it. A short second question ("how heavy can the case be if I pay for one") has said too
little for its unsure reading to mean "not covered", and the AI asks about it instead.

A matter told at length is claimed only by a reading clearly over the threshold (`TOLD_CLAIM_MARGIN`, seventeenth
round): the many words of an uncovered matter in the line's field (a cafe owner's logo on the hire fleet, a hoist
fitted in the caller's own car) lift the head's reading of the nearest covered type just over the threshold, and the
AI answered that type's answer to a matter it never handles. A covered second matter told at length names its
type's own things and reads well over it.
"""

from __future__ import annotations

from activities.understanding import calibrate
from activities.understanding.scores import Scores

# Content words from which an announced new matter no query type claims is out of scope however near the policy's
# examples it sits. Chosen on the dev lines (thirteenth round): the eight uncovered new matters the nearness
# comparison held in scope have 6-10 content words; the two covered second questions have 4 and 5, which this lower
# bound keeps in scope (both were transferred without it). Not a tunable of the leave-one-line-out grid.
TOLD_MIN_WORDS = 6
# How far over the type's threshold a matter told at length must read for a query type to claim it. Chosen on the
# READ half of the dev lines (seventeenth round, part b-oos-answered): the covered second matters told in six content
# words or more were answered at 0.62-1.00, the uncovered ones (a cafe's logo on the fleet, a hoist fitted in a car)
# at 0.55 and 0.58, just over the 0.5 default. Not a tunable of the leave-one-line-out grid.
TOLD_CLAIM_MARGIN = 0.1


def uncovered(scores: Scores, confidence: float, threshold: float, last_query_type: str | None) -> bool:
    """An announced new matter (the caller's `acts.new_matter` words, after an answer) the policy does not cover."""
    if told_at_length(scores):
        return confidence < threshold + TOLD_CLAIM_MARGIN  # `claimed_at_length`
    if confidence >= threshold:
        return False  # a query type claims it: a covered second question, answered
    return elsewhere(scores, last_query_type)


def told_at_length(scores: Scores) -> bool:
    """The matter told in enough words to say what it is about (`TOLD_MIN_WORDS`), read by the sentence head."""
    return scores.probs is not None and len(scores.tokens) >= TOLD_MIN_WORDS


def elsewhere(scores: Scores, last_query_type: str | None) -> bool:
    """As near something off-policy as the policy (no follow-up), or read best, unsurely, as the topic just answered,
    which the caller said they were leaving."""
    return not calibrate.follow_up(scores) or scores.ranked()[0][0] == last_query_type
