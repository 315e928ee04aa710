"""A reply to a clarifying question that turns to another matter starts a new unclear stretch.

The low-confidence rule counts the clarifying questions asked in the current unclear stretch and escalates when a
reply is still unclear after `clarify_attempts` of them (DESIGN.md: vague is low_confidence, issue 15 item 3). A
caller asked about one thing who answers "right, and the other thing, the er ..." has not failed to answer that
question: they have gone on to a second need (`Understanding.another_matter`), and that need gets its own
clarifying questions before it is handed over as unclear. Counted against the first need's questions, the call was
escalated a turn early (six calls of the development lines' read half, sixteenth round, part H).

Once per stretch: a caller who keeps adding ("and the other one... and the other thing...") is escalated when the
restarted count is spent, never asked about for ever. Pure, called at the top of `triggers.decide`.
"""

from __future__ import annotations

from warmline.trigger_models import TriggerState
from warmline.understanding import Understanding


def new_stretch(s: TriggerState, u: Understanding) -> TriggerState:
    """`s` (the decision's working copy) with the clarifying questions counted afresh when this reply to one turns
    to another matter and the stretch has not restarted yet; a turn after anything but a clarifying question ends the
    stretch (and its restart)."""
    if s.last_kind != "clarify":
        s.restarted = False
    elif u.another_matter and not s.restarted:
        s.clarifications, s.restarted = 0, True
    return s
