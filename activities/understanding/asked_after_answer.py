"""A question put right after an answer is a follow-up, not a report that the answer failed.

A caller who has been answered often asks on: how long the thing given lasts, where it is to be found, whether it
holds for someone else, what a word in the answer means ("so how long does that link stay live", "and is there a date
on it", "right and he just takes his card along, does he"). A short turn with no topic of its own right after an answer
is what the act model learned "that's not it" from, so it reads such a question as the answer failing; counted, the
retry step is read out and a second question transfers the call as failed_resolution on a line that allows one or
two failures, though nothing failed (docs/understanding-rounds.md, eighteenth round, part n-kept).

The learned failure is dropped from a turn that is worded as a question (it opens with a question word or an
auxiliary after a filler, ends on a tag question, or has a request's form: `request_form.asks_for_something`) and
that says nothing of the step failing: no failure words the patterns found (those have spans), nothing said of the
step done or persisting (`acts.on_the_step`), no outcome told (`told_outcome`), not "that's not what I asked"
(`told_failure.missed_question`). "Did all that and it's still the same, what now" and "where's the code, nothing's
come through" stay failures.

Near-certain wording over `text.clean()` output; nothing here names a topic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from activities.understanding.acts import on_the_step
from activities.understanding.request_form import asks_for_something
from activities.understanding.told_failure import missed_question
from activities.understanding.told_outcome import told_outcome
from warmline.understanding import DialogAct, UnderstandingRequest

_FILLER = r"(?:(?:so|and|right|ok|okay|oh|ah|yeah|yes|but|well|erm|um|great|lovely|cheers|sorry)\b[ ,]*)*"
_AUX = r"(?:is|are|was|were|does|do|did|can|could|will|would|should|has|have)"
# Opening with a question word or an auxiliary ("so how long ...", "and is there ...", "does that mean ...").
_OPENS_ASKING = re.compile(rf"^{_FILLER}(?:how|what|when|where|which|why|who|{_AUX})\b")
# Ending on a tag question ("..., does she", "..., is it"): `text.clean()` spaces out the closing mark as a comma.
_TAG = re.compile(rf"\b{_AUX}(?: not)? (?:i|we|you|he|she|it|they|that|there)[ ,]*$")


def question_form(cleaned: str) -> bool:
    """The turn is worded as a question or a request (`text.clean()` output)."""
    return bool(_OPENS_ASKING.search(cleaned) or _TAG.search(cleaned) or asks_for_something(cleaned))


def asks_on(cleaned: str, found: Mapping[DialogAct, list[tuple[int, int]]], req: UnderstandingRequest) -> bool:
    """Right after an answer, a failure only the act model heard (no span) in a question that says nothing of the
    step failing: a follow-up question."""
    if req.pending != "answer" or found.get(DialogAct.NOT_RESOLVED) != []:
        return False
    if DialogAct.REQUEST_HUMAN in found or not question_form(cleaned):
        return False
    return not (on_the_step(cleaned) or missed_question(cleaned) or told_outcome(cleaned, False))


def without_failure(
    cleaned: str, found: Mapping[DialogAct, list[tuple[int, int]]], acts: list[DialogAct], req: UnderstandingRequest
) -> list[DialogAct]:
    """The turn's acts in context, less the learned failure of a follow-up question (`asks_on`)."""
    if not asks_on(cleaned, found, req):
        return acts
    return [act for act in acts if act is not DialogAct.NOT_RESOLVED]
