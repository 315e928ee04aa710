"""An upset reply to a clarifying question about a matter the caller has already told is venting, not a failed
clarification.

The low-confidence rule escalates when a clarifying question did not make the turn clear. But an upset caller who
has said what the matter is ("the boiler's packed in again, the house is freezing") and is asked about it often
answers with how they feel, not with more facts ("my dad's sat in his coat, it's a disgrace"): nothing new to
classify, yet nothing unclear either. Escalating that turn for low confidence reads sustained upset as confusion
and takes the policy's sentiment rule (its count, its offer) away from the caller. Measured on the development
lines' read half (fifteenth round): of the low-confidence escalations on an upset reply to a clarifying question
whose clarified turn was upset too, those with a matter already leaned to were all labelled sentiment (5 of 5); those
where the caller had named no matter at all ("I'm sick of this whole thing") were all labelled low confidence or
none (4 of 4), and stay escalated.

So the turn is acknowledged (`empathise`, which asks what would put it right) and the sentiment rule's count goes
on. A caller who was calm when asked, or who never said what it was about, is still escalated for low confidence.
"""

from __future__ import annotations

from warmline.trigger_models import TriggerState


def vents_about(before: TriggerState, negative: bool) -> str | None:
    """The matter an upset reply to a clarifying question vents about (the leaning of the turns asked about), when
    the caller was upset on the turn asked about too (`before`: the state before this turn); else None."""
    if negative and before.last_kind == "clarify" and before.negative_streak >= 1:
        return before.leaning
    return None
