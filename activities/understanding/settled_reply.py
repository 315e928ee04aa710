"""Asked a clarifying question, the caller finds the trouble has come right: an acknowledgement, not an unclear reply.

While the AI asks what the trouble is, the caller often looks again and finds it sorted ("oh hang on, there it goes,
it's opening now, sorry about that"; "wait, my son's found it in the bottom of the bag, sorry about that"). The turn
names no query type and the act model may call it vague, so the decision read it as the clarifying question left
unanswered and transferred the call as low_confidence: an agent taking a call whose trouble had gone (docs/
understanding-rounds.md, eighteenth round, part n-kept). The words that say it came right (`came_right`) settle it:
the turn is the caller's acknowledgement, met as a thank-you is ("glad that's sorted, anything else?"), neither vague
nor a failure. Not when the turn also asks for something (a question or a request of its own is read as one).

Near-certain wording only (`came_right`, `request_form`); nothing here names a topic.
"""

from __future__ import annotations

from activities.understanding.came_right import came_right
from activities.understanding.request_form import asks_for_something
from warmline.understanding import DialogAct, UnderstandingRequest


def settled(cleaned: str, found: dict[DialogAct, list[tuple[int, int]]], req: UnderstandingRequest) -> bool:
    """Right after a clarifying question, a turn (`text.clean()` output) that says the trouble came right and asks
    for nothing; when it does, its acts become an acknowledgement's (a thank-you, nothing vague, nothing failed)."""
    if req.pending != "clarify" or DialogAct.REQUEST_HUMAN in found:
        return False
    if not came_right(cleaned) or asks_for_something(cleaned):
        return False
    for act in (DialogAct.VAGUE, DialogAct.NOT_RESOLVED):
        found.pop(act, None)
    found.setdefault(DialogAct.THANKS, [])
    return True
