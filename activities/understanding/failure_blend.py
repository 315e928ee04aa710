"""A turn's "it didn't work" reading weighed by a small learned combination of what the line already reads of it.

A caller's report that the answer failed (`DialogAct.NOT_RESOLVED`) is read by the act model in the AI's context
(`act_model.py`, `learned_act.py`) and by rule modules (`told_failure.py`, `told_outcome.py`, `came_right.py`,
`in_context.py`'s further reports), joined by hand. On a policy whose query type counts one failure
(`max_failed_attempts: 1`, per type or as the default) each stray reading is a transfer at once: on the development
READ half failed_resolution's precision was ~92.5 % and several transfers came a turn early.

So a logistic regression (`linear.fit_logistic`, the standardised features below, classes weighed equally, C 0.1),
fitted by `python -m eval.fit_failure_blend` on the READ half of the development lines only, gives the log-odds that
a turn read as a failure report is one: the labelled turn of a call labelled failed_resolution is (198 rows); a turn
where the matter's type counts one failure and a counted failure would have fired and changed the call's label is
not (16 rows: follow-up questions after an answer, a reply to a clarifying question before the labelled turn). Its
use mirrors `upset_blend.py` (the upset veto on one-turn policies): where the matter's type counts one failure and
the AI has just answered, a turn read as a failure stays one only if the log-odds pass `cut` (-1.3); elsewhere the
hand-made reading stands, and it adds no failure. Chosen leaving each READ line out of the fit and running it through
the decision: the veto after a clarifying question as well cost the real failures told in reply to one. The weights
ship in `acts_data/failure_blend.json` with what they were fitted on; without the file (or with `enabled: false`)
nothing changes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from activities.understanding.acts import already_tried, did_steps, persisting
from activities.understanding.request_form import asks_for_something
from activities.understanding.sentiment import complains
from activities.understanding.told_outcome import told_outcome
from warmline import learned_weights
from warmline.understanding import DialogAct

if TYPE_CHECKING:
    from warmline.policy import Policy
    from warmline.understanding import UnderstandingRequest

# A question asked back in speech (no "?" in a transcript): a question word or an inverted verb after the usual
# lead-ins, or a question tag at the end.
_ASKS_BACK = re.compile(
    r"^(?:(?:ok(?:ay)?|right|oh|so|and|well|yeah|yes|great|lovely|sorry|then)\b[ ,]*)*"
    r"(?:what|when|where|how|which|who|why|is|are|does|do|did|can|could|will|would|should|shall|have|has)\b"
    r"|\b(?:is|isn't|are|aren't|does|doesn't|do|don't|did|didn't|can|will|was|wasn't) "
    r"(?:it|she|he|they|that|there|i|you|we)$|\b(?:is|would|could) (?:that|this)\b"
)

WEIGHTS = Path(__file__).resolve().parent / "acts_data" / "failure_blend.json"

FEATURES = (
    "p_not_resolved",  # the act model's, in the AI's last move's context
    "p_thanks",
    "p_affirm",
    "p_deny",
    "p_request_human",
    "p_vague",
    "pattern",  # a failure pattern matched words of the turn (`acts.find_acts`), not only the act model
    "further",  # a rule's further report (`ActsInContext._further_report` / `_reported_to_question`)
    "told",  # what the step gave told (`told_outcome`)
    "step_done",  # "still", steps done, "tried that" (`acts.persisting`, `did_steps`, `already_tried`)
    "upset",  # the hand-made sentiment reading
    "feeling",  # VADER's feeling words
    "asks",  # the turn asks for something (`request_form`)
    "question",  # "?"
    "asks_back",  # a follow-up question in spoken form ("right and is it weekly then", "... does she")
    "complains",  # a failure, a grievance, an idiom or sarcasm anywhere in the turn (`sentiment.complains`)
    "log_words",
    "after_answer",
    "after_clarify",
    "after_offer",
)


@dataclass(frozen=True)
class Blend(learned_weights.Logistic):
    """A fitted combination (`learned_weights.Logistic`) and where it applies."""

    max_failures: int = 1  # applies only where the matter's type counts at most this many failures
    after: tuple[str, ...] = ("answer", "clarify", "offer", "none")  # and only after these moves of the AI


def from_json(data: dict[str, Any]) -> Blend:
    f = learned_weights.aligned(data, FEATURES)
    after = f.setting("after", tuple, Blend.after) or Blend.after
    return Blend(**f.weighing(), max_failures=f.setting("max_failures", int, 1) or 1, after=after)


@cache
def shipped() -> Blend | None:
    """The shipped combination (`WEIGHTS`), or None without the file."""
    data = learned_weights.read(WEIGHTS)
    return None if data is None else from_json(data)


OBSERVERS: list[Callable[[list[float]], None]] = []  # the fit (`eval.fit_failure_blend`) takes each failure turn's row
OVERRIDE: list[Blend] = []  # the fit's leave-one-line-out run: the combination fitted without the line being run


def row(
    text: str,
    found: dict[DialogAct, list[tuple[int, int]]],
    req: UnderstandingRequest,
    probs: dict[DialogAct, float],
    upset: float,
    feeling: float,
    further: bool,
) -> list[float]:
    """The feature row of a turn read as a failure report, in `FEATURES` order (not yet standardised)."""
    p = [probs.get(DialogAct(a), 0.0) for a in ("not_resolved", "thanks", "affirm", "deny", "request_human", "vague")]
    done = persisting(text) or did_steps(text) or already_tried(text)
    return [
        *p,
        float(bool(found.get(DialogAct.NOT_RESOLVED))),
        float(further),
        float(told_outcome(text, False)),
        float(done),
        upset,
        feeling,
        float(asks_for_something(text)),
        float("?" in text),
        float(bool(_ASKS_BACK.search(text))),
        float(complains(text)),
        math.log1p(len(text.split())),
        float(req.pending == "answer"),
        float(req.pending == "clarify"),
        float(req.pending == "offer"),
    ]


def vetted(
    acts: list[DialogAct],
    found: dict[DialogAct, list[tuple[int, int]]],
    text: str,
    req: UnderstandingRequest,
    probs: dict[DialogAct, float] | None,
    read: tuple[Policy, float | None, float, bool],
) -> list[DialogAct]:
    """The turn's acts, without a failure report the combination doubts where the matter's type counts one failure
    (`probs`: the act model's probabilities in the AI's last move's context, None without an act model; `read`: the
    policy, the hand-made sentiment, VADER's feeling words, a rule's further report)."""
    policy, upset, feeling, further = read
    if DialogAct.NOT_RESOLVED not in acts or probs is None:
        return acts
    blend = OVERRIDE[0] if OVERRIDE else shipped()
    limit = policy.max_failed_attempts(req.last_query_type)
    active = (
        blend is not None and blend.enabled and limit <= blend.max_failures and (req.pending or "none") in blend.after
    )
    # A turn asking for a person transfers anyway; the failure read with the request says the caller is not only
    # confirming (the context's flag), which the veto has no business changing.
    active &= DialogAct.REQUEST_HUMAN not in acts
    if not (active or OBSERVERS):
        return acts
    r = row(text, found, req, probs, 0.0 if upset is None else upset, feeling, further)
    for observe in OBSERVERS:
        observe(r)
    if blend is None or not active or blend.log_odds(r) >= blend.cut:
        return acts
    return [a for a in acts if a is not DialogAct.NOT_RESOLVED]
