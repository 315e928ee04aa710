"""Asking to be put through in reply to a pending specialist offer takes the offer; it is no new request.

The AI offers a specialist to a caller who has been upset for `sustained_turns` turns, and a clear yes transfers the
call with the reason that led to it (sentiment). Callers often take the offer in the words of a request ("fine, put
me through then", "just get me someone who can sort it"): those words also read as a request for a person, which
outranks everything and would transfer the call as `customer_request`, as if the caller had asked unprompted. On a
support line a request made while the offer is the open question answers that question: the caller says yes to the
person offered. A refusal in the same turn ("no, don't put me through") is no yes.
"""

from __future__ import annotations

from warmline.trigger_models import TriggerState
from warmline.understanding import DialogAct, Understanding


def takes_offer(state: TriggerState, u: Understanding) -> bool:
    """A clear yes, or a request for a person, in reply to a pending offer (`state` before this turn), with no no."""
    yes = u.has(DialogAct.AFFIRM) or u.has(DialogAct.REQUEST_HUMAN)
    return state.offer_pending and yes and not u.has(DialogAct.DENY)
