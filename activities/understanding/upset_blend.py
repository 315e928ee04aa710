"""A turn's upset read from every signal the line already computes, weighed by a small learned combination.

Earlier rounds each added one signal or phrase list to how a turn's upset is read (VADER with support-line idioms and
sarcasm, `sentiment.py`; whether the turn speaks of the caller's state, `caller_state.py`; the upset head over the
embedding, `mood.py`), and joined them by hand: the lower of VADER's score and the head's reading mapped onto
VADER's scale. On lines nobody tuned for, upset callers were still heard worst (sentiment recall 83.6 % on the
development READ half, 66.7 % on the latest blind lines) while calm callers' bad-event reports drew false offers.
The hand-made join cannot say, for instance, that the head's doubt counts for more after an answer than at the
opening, or that a fed-up idiom with a failure report outweighs a calm VADER score.

So a logistic regression (`linear.fit_logistic`, 17 standardised features, fitted by
`python -m eval.fit_upset_blend` on the READ half of the development lines only: 414 upset turns, those of a call
labelled sentiment that the policy's sustained count needs, and 2805 calm ones, every turn of a calm call) gives the
turn's log-odds of upset from what is already read: the hand-made reading, VADER's, its feeling words, the head's
log-odds, the state / fed-up / complaint detections, an exclamation, the length, the learned acts' probabilities
(thanks, not resolved, a person asked for) and the AI's last move. No second encoder pass.

What it is used for was chosen leaving each READ line out of the fit and running that line through the decision:
it adds no upset turn the hand-made reading misses (sure additions found none), but it tells the hand-made reading's
doubtful upset turns from real ones. Vetoing them everywhere cost upset callers on lines that count two or three
upset turns, where the count already filters a stray reading (CHECK: sentiment recall 82.3 -> 77.3 %); on a policy
that acts on one upset turn (`sustained_turns: 1`) each stray reading is an offer or a transfer, and there the veto
halves the false offers on calm calls at the cost of one upset caller on READ, none on CHECK. So: on such a policy, a
turn the hand-made reading calls upset stays upset only if the log-odds pass `cut` (`combine`); elsewhere the
hand-made reading stands.

Only the sentiment the policy's rule counts (`Understanding.sentiment`) takes it: the understanding's own reads of
the turn (the acts in context, a grievance or a topic) keep the hand-made reading, as an upset reading there stops a
calm report of a failure being heard as one (giving them the combination's reading lost 6 READ calls, most of them
failures told after an answer). The log-odds map onto the scale every threshold reads, `-0.4 - SLOPE * (z - cut)`
(clipped to -1..1); the weights ship in `acts_data/upset_blend.json` with what they were fitted on, and without the
file (or `enabled: false`) the hand-made reading stands.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from activities.understanding import sentiment as sentiment_module
from activities.understanding.caller_state import speaks_of_state
from activities.understanding.calm_ask import practical_question
from warmline import learned_weights
from warmline.understanding import DialogAct

if TYPE_CHECKING:
    from activities.understanding.act_model import ActModel
    from activities.understanding.mood import UpsetModel
    from activities.understanding.sentiment import SentimentScorer
    from warmline.policy import Policy
    from warmline.understanding import UnderstandingRequest

WEIGHTS = Path(__file__).resolve().parent / "acts_data" / "upset_blend.json"
THRESHOLD = -0.4  # the usual policy threshold: the combination's cut reads as this
SLOPE = 0.1  # sentiment per unit of log-odds past the cut (-0.5 asks e times the odds of -0.4)

FEATURES = (
    "hand_made",  # the reading the line used before (VADER as said, lowered by the head: `mood.combined`)
    "vader",  # VADER's turn as the caller's state (`SentimentScorer.readings`' second)
    "feeling",  # VADER's feeling words
    "head_logit",  # the upset head's log-odds
    "state",  # the turn speaks of the caller's state (`caller_state`)
    "fed_up",  # a fed-up idiom or sarcasm heard
    "complains",  # a failure, a grievance, an idiom or sarcasm anywhere in the turn
    "exclaims",  # "!"
    "log_words",
    "keeps_vader",  # sincere thanks or the arrangement said back
    "practical",  # a calm practical question (`calm_ask`)
    "p_thanks",
    "p_not_resolved",
    "p_request_human",
    "after_answer",
    "after_clarify",
    "after_offer",
)


@dataclass(frozen=True)
class Signals:
    """What the line already read of one turn, before the combination."""

    hand_made: float
    vader: float
    feeling: float
    p_upset: float
    state: bool
    fed_up: bool
    complains: bool
    exclaims: bool
    words: int
    keeps_vader: bool
    practical: bool
    p_thanks: float
    p_not_resolved: float
    p_request_human: float
    pending: str | None

    def row(self) -> list[float]:
        """The feature row, in `FEATURES` order (not yet standardised)."""
        p = min(max(self.p_upset, 1e-4), 1 - 1e-4)
        return [
            self.hand_made,
            self.vader,
            self.feeling,
            math.log(p / (1 - p)),
            float(self.state),
            float(self.fed_up),
            float(self.complains),
            float(self.exclaims),
            math.log1p(self.words),
            float(self.keeps_vader),
            float(self.practical),
            self.p_thanks,
            self.p_not_resolved,
            self.p_request_human,
            float(self.pending == "answer"),
            float(self.pending == "clarify"),
            float(self.pending == "offer"),
        ]


@dataclass(frozen=True)
class Blend(learned_weights.Logistic):
    """A fitted combination (`learned_weights.Logistic`) and where it applies."""

    sure: float | None = None
    max_sustained: int | None = None  # applies only where the policy counts at most this many upset turns

    def sentiment(self, signals: Signals, sustained: int = 1) -> float:
        """The turn's sentiment (`combine`) on a policy that counts `sustained` upset turns."""
        if not self.enabled or (self.max_sustained is not None and sustained > self.max_sustained):
            return signals.hand_made
        return combine(signals.hand_made, self.log_odds(signals.row()), self.cut, self.sure)


def as_sentiment(z: float, cut: float) -> float:
    """Log-odds of upset onto the scale the policy's threshold reads."""
    return max(-1.0, min(1.0, THRESHOLD - SLOPE * (z - cut)))


def combine(hand_made: float, z: float, cut: float, sure: float | None) -> float:
    """Upset (below the threshold) when the hand-made reading is and the log-odds pass `cut` (a veto of its doubtful
    upset turns), or, when `sure` is set, whenever they pass `sure` (upset it is sure of, added). `sure` == `cut`: the
    combination alone decides. Shipped: a veto only (`sure` None), on one-turn policies (`Blend.max_sustained`): the
    form that gained READ calls with each line left out of the fit, and CHECK calls."""
    vetoed = max(hand_made, as_sentiment(z, cut))
    return vetoed if sure is None else min(vetoed, as_sentiment(z, sure))


def from_json(data: dict[str, Any]) -> Blend:
    f = learned_weights.aligned(data, FEATURES)
    return Blend(**f.weighing(), sure=f.setting("sure", float), max_sustained=f.setting("max_sustained", int))


@cache
def shipped() -> Blend | None:
    """The shipped combination (`WEIGHTS`), or None without the file."""
    data = learned_weights.read(WEIGHTS)
    return None if data is None else from_json(data)


OBSERVERS: list[
    Callable[[Signals], None]
] = []  # the fit (`eval.fit_upset_blend`) appends a callable taking each turn's `Signals`
OVERRIDE: list[Blend] = []  # the fit's leave-one-line-out run: the combination fitted without the line being run


@dataclass(frozen=True)
class Read:
    """What the understander has already read of the turn (`EmbeddedUnderstander.understand_now`), handed over so
    that nothing is read twice: the hand-made sentiment, VADER's turn and feeling words, the upset head's probability
    (None where the understander had no need of it) and the act model's probabilities in context (`ActsInContext`)."""

    hand_made: float
    vader: float
    feeling: float
    p_upset: float | None
    probs: dict[DialogAct, float] | None


def signals(
    text: str,
    read: Read,
    vec: np.ndarray,
    pending: str | None,
    scorer: SentimentScorer,
    upset: UpsetModel,
    acts: ActModel,
) -> Signals:
    probs = read.probs if read.probs is not None else acts.probabilities(vec, pending or "none")
    return Signals(
        hand_made=read.hand_made,
        vader=read.vader,
        feeling=read.feeling,
        p_upset=upset.probability(vec) if read.p_upset is None else read.p_upset,
        state=speaks_of_state(text),
        fed_up=scorer.fed_up(text),
        complains=sentiment_module.complains(text),
        exclaims="!" in text,
        words=len(text.split()),
        keeps_vader=scorer.keeps_vaders_reading(text, read.vader),
        practical=practical_question(text, scorer),
        p_thanks=probs[DialogAct.THANKS],
        p_not_resolved=probs[DialogAct.NOT_RESOLVED],
        p_request_human=probs[DialogAct.REQUEST_HUMAN],
        pending=pending,
    )


class Veto:
    """The combination where one understander (one policy) counts a turn's sentiment, with the readers it shares."""

    def __init__(
        self, policy: Policy, scorer: SentimentScorer, upset: UpsetModel | None, acts: ActModel | None
    ) -> None:
        self.policy, self.scorer, self.upset, self.acts = policy, scorer, upset, acts

    def counted(self, req: UnderstandingRequest, read: Read, vec: np.ndarray | None) -> float:
        """The turn's sentiment as the policy's rule counts it (`Understanding.sentiment`), from the combination; the
        hand-made reading when none ships, the turn has no embedding or the rule counts more upset turns than the
        combination applies to. The understanding's own reads of the turn (the acts in context, a grievance or a
        topic) keep the hand-made reading: an upset reading there stops a calm report of a failure being heard as
        one, and a READ run that also gave them the combination's reading lost 6 calls, most of them failures told
        after an answer."""
        sustained = self.policy.sentiment_rule(req.last_query_type).sustained_turns
        blend = OVERRIDE[0] if OVERRIDE else shipped()
        idle = blend is None or not blend.enabled or (blend.max_sustained or sustained) < sustained
        if vec is None or self.upset is None or self.acts is None or (idle and not OBSERVERS):
            return read.hand_made  # nothing to read (on a policy counting more turns, no signal is computed)
        sig = signals(req.text, read, vec, req.pending, self.scorer, self.upset, self.acts)
        for observe in OBSERVERS:
            observe(sig)
        return read.hand_made if blend is None else blend.sentiment(sig, sustained)
