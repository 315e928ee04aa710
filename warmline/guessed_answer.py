"""An answer the caller cannot place was a guess: the turn it answered counts as asked about (issue 15 item 3).

The AI answers a turn on its reading; when that reading was a guess at an unclear turn ("it's about my parcel and my
password and that", marked vague or read under `SURE_TOPIC`), the caller's next turn may say so: still unclear, it
names none of what the answer was about ("well both really, it's all tied up together"). The unclear stretch began
with the turn that was answered, not with this reply. Counted from nought, the AI asked one clarifying question more
than the policy allows and the call ended still unclear, with no escalation. So the turn answered on the guess stands
for the stretch's first question, and its topic was never established (a person takes the call from the fallback
queue, as for any unclear call with no topic): once the policy's `clarify_attempts` are spent the still-unclear reply
escalates with low_confidence.

After a sure answer a vague reply starts a stretch of its own ("and the other thing"), counted from nought as before;
an upset reply is the sentiment rule's; a reply that reports the answer failing is counted as a failure first
(`triggers.count_failures`); a clear reply is answered. Pure; hooked in `triggers.decide` with one line where an
answer is given and one before the low-confidence rule. Eighteenth round, part l2-unclear
(docs/understanding-rounds.md).
"""

from __future__ import annotations

from warmline.leaning import SURE_TOPIC
from warmline.trigger_models import TriggerState
from warmline.understanding import DialogAct, Understanding


def a_guess(u: Understanding, confidence: float) -> bool:
    """The turn being answered was unclear: marked vague, or read under `SURE_TOPIC`."""
    return u.has(DialogAct.VAGUE) or confidence < SURE_TOPIC


def count_guess(state: TriggerState, s: TriggerState, vague: bool, negative: bool) -> None:
    """Right after an answer given on a guess (`state.guessed`), a still-unclear (`vague`) turn that is not upset
    counts the answered turn as the stretch's first question, and drops the guessed topic (`s`, in place)."""
    if state.last_kind == "answer" and state.guessed and s.clarifications == 0 and vague and not negative:
        s.clarifications, s.topic = 1, None
