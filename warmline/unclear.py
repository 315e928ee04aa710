"""Whether a turn the readers mark vague is still unclear, whatever the topic reader guessed.

A vague turn ("that business with the van", "the bill and the dates") is asked about, not answered on a middling
guess (DESIGN.md: vague is low_confidence). A reply to a clarifying question answers the options it quoted, often in
few words the learned vague act also fires on ("the second one, ta"), so there only a loose guess keeps it unclear:
"the order, the thing I ordered off you" or "just the money side of things" read at 0.5 names no option, and
answering that guess is the guessing the low_confidence rule exists to stop. Pure, tested through `triggers.decide`.
"""

from __future__ import annotations

from warmline.leaning import SURE_TOPIC
from warmline.understanding import DialogAct, Understanding

# Under this reading a vague reply to a clarifying question named none of the options: a clear short reply ("the
# second one, ta", "the blue bin") reads above it, a still-unclear one reads around 0.5.
NAMED_OPTION = 0.6


def still_unclear(u: Understanding, confidence: float, last_kind: str | None) -> bool:
    """The turn is vague and its reading too loose to answer: under `SURE_TOPIC`, or right after a clarifying
    question under `NAMED_OPTION`."""
    bar = NAMED_OPTION if last_kind == "clarify" else SURE_TOPIC
    return u.has(DialogAct.VAGUE) and confidence < bar
