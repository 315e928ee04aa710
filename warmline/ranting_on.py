"""An upset caller who has been acknowledged and goes on ranting is still upset, not reporting the answer failing.

After an answer, "it didn't work" in any words counts a failure for the topic (`triggers.count_failures`). But when
the turn before was an upset turn the AI acknowledged (`empathise`: upset about the topic, nothing failed), the next
upset turn is mostly the same grievance said again ("it's no way to treat people, is it", "you'd think a firm that
size could manage it"): the feeling goes on, the answer has not been tried again in between. The act model, reading
a grievance about the service right after an answer, often hears a failure there; counting it takes the call from the
sentiment rule the caller's streak is building toward, to a failed-resolution transfer (or a retry with the next
step read to someone who is venting). So such a turn counts no failure, unless it says the step was done again
(`Understanding.already_tried`). The streak goes on and the sentiment rule decides.

Measured with `rant_no_ask` (eighteenth round, part e-upset): the development lines' read half +1 / +3, the unread
half +1 / +2; no calm call offered more.
"""

from __future__ import annotations

from warmline.policy import Policy
from warmline.trigger_models import TriggerState
from warmline.understanding import DialogAct, Understanding


def rants_on(before: TriggerState, u: Understanding, policy: Policy) -> bool:
    """The turn after an acknowledged upset turn (`before`: the state before it) is upset too and says nothing of the
    step done again: its "it didn't work" is the grievance going on, no failure."""
    upset = u.sentiment < policy.sentiment_rule(before.topic).threshold
    return before.last_kind == "empathise" and upset and u.has(DialogAct.NOT_RESOLVED) and not u.already_tried
