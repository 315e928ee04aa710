"""Asked what they meant, a caller who tells the matter in plain words has given no vague reply.

The learned vague act (`act_model.py`) hears a reply to a clarifying question much as it hears the turn that was asked
about: a caller on a bad line who says "sorry, it's breaking up, the case I checked in never came off the belt" still
sounds like "the uh, the thing" to it. Counted vague, the reply could not be answered (`warmline.unclear`) and, after
the last clarifying question the policy allows, was escalated as still unclear, though it told the need.

So right after a clarifying question, the vague act is dropped when only the act model heard it — no vague word or
phrase in the turn (`text.says_vaguely`, "thing", "stuff"), no hedged choice (`vague_turn.hedged_choice`) — and the
reply tells a matter in more topical words than an unclear turn has (`calibrate.UNCLAIMED_MAX_WORDS`, the bound past
which a turn is a story, not a few words). The reply is then read on its confidence like any other turn.
Seventeenth round, part n-kept (docs/understanding-rounds.md).
"""

from __future__ import annotations

from activities.understanding.calibrate import UNCLAIMED_MAX_WORDS
from activities.understanding.text import content_tokens, says_vaguely
from activities.understanding.vague_turn import hedged_choice
from warmline.understanding import Pending


def told_plainly(cleaned: str, pending: Pending | None) -> bool:
    """Right after a clarifying question, a reply (`text.clean()`ed) with no vague wording and more than
    `UNCLAIMED_MAX_WORDS` topical words."""
    return (
        pending == "clarify"
        and not says_vaguely(cleaned)
        and not hedged_choice(cleaned)
        and len(content_tokens(cleaned)) > UNCLAIMED_MAX_WORDS
    )
