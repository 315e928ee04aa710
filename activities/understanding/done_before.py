"""The step just given is one the caller had already done: "that's exactly what I did", "I already did all that".

The labelling rules (eval/lines/README.md, failed_resolution) count "they had already done that" as a failure of the
answer, in any words. `acts.already_tried` hears "I've already tried / restarted / reset ..." (the present perfect and
a verb of a fix); it misses the step named by pointing back at the answer ("that's exactly what I did in March",
"that's just what we did last night") and the plain past ("I already did all that before I rang"). Neither has a
failure word, and told with feeling ("... so that worked a treat") the act model's failure is vetoed as a rant: the
answer's failure went uncounted and the call stayed with the AI, or the sentiment rule took it to the wrong queue.

Read where the answer still stands: right after it, or offered a specialist while it stands (where "no, that's
exactly what I did last night and they've gone again" is neither a yes nor a no to the offer: the answer in hand
failed). Not when the turn says the step came right ("that's what I did and there it is": `came_right`, or
`acts.worked` with nothing persisting). Near-certain words only, no number chosen. Its own module beside
`told_failure.py` and `told_outcome.py`, the other ways a failure is told without failure words.
"""

from __future__ import annotations

import re

from activities.understanding.acts import persisting, worked
from activities.understanding.came_right import came_right

# Text as `text.clean()` gives it ("that's" -> "that is", "I've" -> "i have"). "That's what I did" pointing back at
# the step just given; the plain past or perfect with "already" and a pronoun for the step ("already did all that").
_DONE_BEFORE = re.compile(
    r"\b(?:that is|that was|which is|this is|it is) (?:exactly |just |precisely )?(?:what|how) (?:i|we) "
    r"(?:did|have done|had done|tried|have tried|had tried)\b"
    r"|\b(?:i|we) (?:have |had )?already (?:did|done|tried) (?:all |both |each )?(?:that|this|those|them|it)\b"
    r"|\b(?:i|we) (?:have |had )?(?:done|did|tried) (?:all |both )?(?:that|this|those) (?:already|before)\b"
)


def done_before(cleaned: str) -> tuple[int, int] | None:
    """Where the turn says the step given was already done (its span), or None. Not when the step came right."""
    m = _DONE_BEFORE.search(cleaned)
    if m is None or came_right(cleaned) or (worked(cleaned) and not persisting(cleaned) and not _ironic(cleaned)):
        return None
    return m.span()


# "So that worked a treat", "well that worked", said after a step that had not: praise of the step in a turn that
# opens with exclaimed praise or says what went wrong since ("and you've still had another payment off me since").
_IRONY = re.compile(r"\b(?:so|well|oh) (?:that|it) worked(?: a treat| wonders| brilliantly| a charm)?\b")


def _ironic(cleaned: str) -> bool:
    return bool(_IRONY.search(cleaned))
