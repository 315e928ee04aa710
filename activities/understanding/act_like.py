"""Query types that are themselves conversational acts ("thank_you", "goodbye", "yes" in a chat-style policy).

The embedded back-end cuts acts from a turn before it classifies the rest (a "thanks" must not read as a
topic), so such a query type could never win; `embedded.py` reads a turn whole as well when the policy has
some. Apart because it is decided once per policy, from the policy's examples alone.
"""

from __future__ import annotations

from activities.understanding.acts import find_acts
from activities.understanding.text import clean
from warmline.policy import Policy
from warmline.understanding import DialogAct

# Acts a policy may also name as query types ("thank_you", "goodbye", "yes" in a chat-style policy). Asking for a
# person and saying it did not work are never that: they always reach the triggers as acts.
CONVERSATIONAL = frozenset({DialogAct.AFFIRM, DialogAct.DENY, DialogAct.THANKS, DialogAct.GOODBYE, DialogAct.GREETING})
# A fifth of a query type's phrasings being such acts is deliberate, not chance: CLINC150's "yes", "no", "goodbye",
# "greeting" and "thank_you" are 22-63 %, its other 145 intents at most 17 %, support policies' query types 0 %.
_ACT_LIKE_SHARE = 0.2


def act_like_query_types(policy: Policy) -> frozenset[str]:
    """Query types whose examples often are conversational acts: "thanks so much", "bye then", "yes please".

    The embedded back-end strips acts before it classifies (a "thanks" must not read as a topic), so such a
    query type could never win. When a policy has some, a turn with conversational acts is also read whole,
    and that reading stands when it names one of them.
    """
    names = set()
    for qt in policy.query_types:
        with_acts = sum(bool(CONVERSATIONAL & set(find_acts(clean(e)))) for e in qt.examples)
        if with_acts >= _ACT_LIKE_SHARE * len(qt.examples):
            names.add(qt.name)
    return frozenset(names)
