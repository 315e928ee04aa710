"""A reply to a clarifying question that says the trouble came right is the caller closing, not an unclear reply.

Asked what they meant, a caller who was trying the step while they rang often finds it working as they answer ("oh
hang on, there it goes, I had the wrong card in, sorry about that"). The turn names no query type and the learned
vague act hears its few topical words as vague, so after the last clarifying question the policy allows it was
escalated as still unclear: a transfer for a caller whose trouble is over. `came_right.py` already says such a turn
is no failure; here it also says the turn is no unclear reply: it is taken as the caller's thanks (the AI
acknowledges and asks if there is anything else), unless the turn asks for something more.

Only right after a clarifying question, where the unclear reading would escalate: after an answer a success told is
already no failure (`in_context.py`), and elsewhere the turn is read as before. Near-certain wording only
(`came_right`); nothing here names a topic. Seventeenth round, part n-kept (docs/understanding-rounds.md).
"""

from __future__ import annotations

from activities.understanding.came_right import came_right
from activities.understanding.request_form import asks_for_something
from warmline.understanding import Pending


def settles(cleaned: str, pending: Pending | None) -> bool:
    """Right after a clarifying question, the turn (`text.clean()`ed) says the trouble came right and asks nothing."""
    return pending == "clarify" and came_right(cleaned) and not asks_for_something(cleaned)
