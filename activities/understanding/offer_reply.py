"""A yes to a specialist offer said anywhere in the reply, not only as its first word.

The yes patterns (`acts_patterns.py`) hear a yes that opens the turn and is followed by what usually follows one
("yes please", "yeah go on then"). Offered a specialist, an upset caller often says yes later in the turn or with
more words after it: "well alright. yes. put me on", "if someone can actually fix it then yes", "yes i reckon that
would be for the best, thanks". None of those opened the turn with a bare yes, so the reply read as neither a yes
nor a no, the offer was asked again, and a caller who had accepted was kept with the AI (or, asking to be put
through, transferred as a request for a person when the labels say the upset caller took the offer).

Only a reply to a pending offer is read so (elsewhere "yes" is a filler), only a yes word standing as a clause of
its own (at the turn's start or end, or between commas), and never with a no ("yes but not now", "no, yes, I
mean not yet") or a doubt ("yes but what's a specialist going to do"): a caller hedging is asked again.
"""

from __future__ import annotations

import re

# A yes word standing as a clause of the cleaned turn (`text.clean`: punctuation spaced out as " , ").
_YES = r"(?:yes|yeah|yep|yup|aye|go on then|go on|go ahead|ok then|okay then|alright then|all right then)"
_CLAUSE_YES = re.compile(
    rf"(?:^|, |\bthen ){_YES}(?= ,|$| please| thanks| thank you| i (?:think|reckon|suppose|guess))"
)
# A no, a not-yet or a doubt anywhere in the reply: no yes then.
_HEDGE = re.compile(
    r"\b(?:no|nope|nah|not (?:now|yet|today|really|right now|at the moment)|never mind|leave it|rather not|"
    r"but|what is|what (?:would|will|can|could)|why (?:would|should)|i do not|do not)\b"
)


def takes_offer(text: str) -> bool:
    """The cleaned reply to a specialist offer says yes as a clause of its own, with no no, not-yet or doubt."""
    return _CLAUSE_YES.search(text) is not None and _HEDGE.search(text) is None
