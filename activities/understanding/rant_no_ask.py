"""An upset turn that says "you lot" or "pass me on" but asks for nobody is a grievance, not a request for a person.

The act model hears a request for a person in a turn that names people or a transfer (`acts.addresses_someone`),
and an upset caller names them as the ones at fault ("you lot are having me on", "and now you'd rather hand me on to
someone else"): no one is asked for. A request puts something to the line: a question or a stated want
(`request_form.asks_for_something`: "can I speak to", "I want someone who ...") or a bidding at a clause's start
("put me through", "get me a manager", "let me talk to someone"). So a learned request in a turn upset in its own
words (VADER's feeling words and the whole reading both under the policy's threshold) with neither form is left out:
the sentiment rule counts the turn, and a yes to an offer it brings is still a yes. The regexes' own request words
("can I speak to a person") are not read here, nor is a calm plea the upset head alone reads upset ("I'd feel
happier talking to whoever looks after it").

Measured with `warmline/ranting_on.py` (eighteenth round, part e-upset): the development lines' read half +1 / +3,
the unread half +1 / +2; no calm call offered more.
"""

from __future__ import annotations

import re

from activities.understanding.request_form import asks_for_something

# A bidding at a clause's start: "put me through", "just get me a manager", "fine, let me speak to someone", "i demand
# to speak to", "i insist on", over `text.clean()` output.
_BIDS = re.compile(
    r"(?:^|[,.!?;]\s*|\b(?:just|please|so|now|then|and|right|ok|okay|yes|yeah|fine|look|well|go on)\s+)"
    r"(?:put|get|pass|transfer|connect|give|let|find|fetch|send|hand|take) (?:me|us)\b"
    r"|\bi (?:demand|insist)\b"
)


def rant_asks_nobody(text: str, feeling: float, upset: float | None, threshold: float) -> bool:
    """A turn upset in its own words (`feeling`, VADER's, and `upset`, the whole reading, both under `threshold`) that
    neither asks the line nor bids it to put the caller through: a learned request for a person in it is the caller
    naming who is at fault."""
    if upset is None or max(feeling, upset) >= threshold:
        return False
    return not asks_for_something(text) and not _BIDS.search(text)
