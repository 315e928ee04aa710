"""An answer the caller cannot place was a guess: the turn it answered counts as asked about (issue 15 item 3).

The AI answers a turn on its reading, even one the understanding marked vague when the reading is sure enough; that
answer was a guess at an unclear turn ("it's about my parcel and my password and that", read as one of the two), and
the caller's next turn may say so: still unclear, it names none of what the answer was about ("well both really,
it's all tied up together"). The unclear stretch began with the turn that was answered, not with this reply. Counted
from nought, the AI asked one clarifying question more than the policy allows and the call ended still unclear, with
no escalation. So the turn answered on the guess stands for the stretch's first question, and its topic was never
established (a person takes the call from the fallback queue, as for any unclear call with no topic): once the
policy's `clarify_attempts` are spent the still-unclear reply escalates with low_confidence.

After an answer to a turn not marked vague a vague reply starts a stretch of its own ("and the other thing"),
counted from nought as before (a reading under `SURE_TOPIC` was measured as the guess's mark too, and lost: the
labels, like the callers, start a new stretch after it); an upset reply is the sentiment rule's; a reply that
reports the answer failing is counted as a failure first (`triggers.count_failures`); a clear reply is answered.
Pure; hooked in `triggers.decide` with one line where an answer is given and one before the low-confidence rule.
Eighteenth round, part l2-unclear (docs/understanding-rounds.md).
"""

from __future__ import annotations

from warmline.trigger_models import TriggerState
from warmline.understanding import DialogAct, Understanding


def a_guess(u: Understanding) -> bool:
    """The turn being answered was unclear: the understanding marked it vague (hedged, "the X and the Y and that")."""
    return u.has(DialogAct.VAGUE)


def count_guess(state: TriggerState, s: TriggerState, vague: bool, negative: bool) -> None:
    """Right after an answer given on a guess (`state.guessed`), a still-unclear (`vague`) turn that is not upset
    counts the answered turn as the stretch's first question, and drops the guessed topic (`s`, in place)."""
    if state.last_kind == "answer" and state.guessed and s.clarifications == 0 and vague and not negative:
        s.clarifications, s.topic = 1, None
