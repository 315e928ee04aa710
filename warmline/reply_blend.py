"""Whether a reply to the last clarifying question is still unclear, weighed by a small learned combination.

After the last clarifying question a policy allows (many allow one, `low_confidence.clarify_attempts: 1`) a reply
read as still unclear is a transfer at once. Earlier rounds judged that reply by hand, one rule at a time: the
confidence against the threshold, the vague act under `unclear.NAMED_OPTION`, a reply saying more than the turn asked
about (`unclear.answers_question`). On the development lines low_confidence still fired on callers whose reply told
the need plainly (a short "the second one" read by a head torn between two near types, a reply the vague act leans
to), and each such stray verdict is a person handed a clear need.

So a logistic regression over what the decision already has for the reply (the confidence, the head's top and
runner-up scores, whether the reply names the type the question quoted, the acts, its length against the turn asked
about, the recogniser's confidence, the sentiment; `Reply.row`) gives its log-odds of being still unclear. It is
fitted by `python -m eval.fit_reply_blend` on the READ half of the development lines only (labels: the reply at the
labelled turn of a call labelled low_confidence is still unclear; a reply at that point of a call labelled contained,
or before a later labelled trigger, was clear enough: 31 unclear and 88 clear replies). The vague act and a doubted
transcript weigh most for unclear; the head's scores, thanks, another matter and naming the quoted type for clear.

Its use, chosen leaving each READ line out of the fit and running that line through the decision (C 1, cut -2):
a veto of the hand rules' "still unclear" verdict on a reply to the last clarifying question the policy allows, when
the log-odds are under the cut; it never makes a reply the hand rules answer unclear. Applying it only where one
clarifying question is allowed (`max_attempts: 1`) gained one call fewer on READ. Measured: READ 1412 / 1318 ->
1416 / 1322 (each line left out of the fit: the same), CHECK 1380 / 1303 -> 1382 / 1304, low_confidence precision
88.0 -> 91.0 % on READ, 91.0 -> 92.5 % on CHECK (nineteenth round, part l-learned). The weights ship in
`reply_blend.json` with `fitted_on`; without the file (or `enabled: false`) the hand rules stand. Pure: called by
`unclear.clear_enough`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from warmline import learned_weights
from warmline.policy import Policy
from warmline.trigger_models import TriggerState
from warmline.understanding import DialogAct, Understanding

WEIGHTS = Path(__file__).resolve().parent / "reply_blend.json"

FEATURES = (
    "confidence",  # the effective confidence (the head's, lowered by the recogniser's)
    "below",  # how far under the policy's low-confidence threshold
    "top",  # the head's top candidate score
    "runner_up",  # the second candidate's score
    "margin",  # top minus runner-up
    "names_guess",  # the reply is read as the type the clarifying question quoted (the leaning)
    "vague",
    "affirm",
    "deny",
    "not_resolved",
    "thanks",
    "log_words",
    "says_more",  # log of the reply's words over the words of the turn asked about
    "asr",  # the recogniser's confidence (1 when none is given)
    "sentiment",
    "another_matter",
)


@dataclass(frozen=True)
class Reply:
    """What the decision has for a reply to a clarifying question."""

    confidence: float
    threshold: float
    scores: tuple[float, ...]
    names_guess: bool
    acts: frozenset[DialogAct]
    words: int
    words_asked_about: int
    asr: float | None
    sentiment: float
    another_matter: bool
    attempts: int = 1  # the clarifying questions the policy allows (not a feature)

    def row(self) -> list[float]:
        top = self.scores[0] if self.scores else 0.0
        second = self.scores[1] if len(self.scores) > 1 else 0.0
        return [
            self.confidence,
            max(0.0, self.threshold - self.confidence),
            top,
            second,
            top - second,
            float(self.names_guess),
            float(DialogAct.VAGUE in self.acts),
            float(DialogAct.AFFIRM in self.acts),
            float(DialogAct.DENY in self.acts),
            float(DialogAct.NOT_RESOLVED in self.acts),
            float(DialogAct.THANKS in self.acts),
            math.log1p(self.words),
            math.log((1 + self.words) / (1 + self.words_asked_about)),
            1.0 if self.asr is None else self.asr,
            self.sentiment,
            float(self.another_matter),
        ]


@dataclass(frozen=True)
class Blend(learned_weights.Logistic):
    """A fitted combination (`learned_weights.Logistic`: log-odds of still unclear; under `cut` a doubtful "still
    unclear" reply is clear enough) and where it applies."""

    max_attempts: int | None = None  # only where the policy allows at most this many clarifying questions
    fitted_on: list[str] = field(default_factory=list)


def from_json(data: dict[str, Any]) -> Blend:
    f = learned_weights.aligned(data, FEATURES)
    fitted_on: list[str] = f.setting("fitted_on", list, []) or []
    return Blend(**f.weighing(), max_attempts=f.setting("max_attempts", int), fitted_on=fitted_on)


@cache
def shipped() -> Blend | None:
    """The shipped combination (`WEIGHTS`), or None without the file. Read once, when this module is imported (the
    call below): the decision runs inside the call workflow, where no file may be read, and the worker imports this
    module (passed through the sandbox with the rest of `warmline`) before any workflow task runs."""
    data = learned_weights.read(WEIGHTS)
    return None if data is None else from_json(data)


shipped()  # at import, outside any workflow task (see `shipped`)


OBSERVERS: list[Callable[[Reply, bool], None]] = []  # the fit (`eval.fit_reply_blend`) reads each final reply's `Reply`
OVERRIDE: list[Blend] = []  # the fit's leave-one-line-out run: the combination fitted without the line being run


def reply_of(
    policy: Policy, state: TriggerState, u: Understanding, intent: str, confidence: float, asr: float | None
) -> Reply:
    return Reply(
        confidence=confidence,
        threshold=policy.low_confidence_rule(intent).threshold,
        scores=tuple(sorted((c.score for c in u.candidates), reverse=True)),
        names_guess=intent in (state.leaning, state.topic),
        acts=frozenset(u.acts),
        words=u.words,
        words_asked_about=state.words_asked_about,
        asr=asr,
        sentiment=u.sentiment,
        another_matter=u.another_matter,
        attempts=policy.low_confidence_rule(intent).clarify_attempts,
    )


def judged(
    hand: bool,
    policy: Policy,
    state: TriggerState,
    u: Understanding,
    intent: str,
    confidence: float,
    asr: float | None,
) -> bool:
    """Clear enough to answer: the hand rules' verdict `hand`, except that a reply to the last clarifying question
    the policy allows which they hold still unclear is clear enough when the combination's log-odds of still unclear
    are under its cut (where it applies: `Blend.max_attempts`)."""
    attempts = policy.low_confidence_rule(intent).clarify_attempts
    if state.last_kind != "clarify" or state.clarifications < attempts:
        return hand
    blend = OVERRIDE[0] if OVERRIDE else shipped()
    applies = blend is not None and blend.enabled and (blend.max_attempts is None or attempts <= blend.max_attempts)
    if not OBSERVERS and (hand or not applies):
        return hand
    reply = reply_of(policy, state, u, intent, confidence, asr)
    for observe in OBSERVERS:
        observe(reply, hand)
    return hand or (applies and blend is not None and blend.log_odds(reply.row()) < blend.cut)
