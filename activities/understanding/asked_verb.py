"""Whether the query type read, unsurely, speaks of what a capability ask asks the company to *do*: "could you sell
our narrowboat for us" read as a mooring, "do you buy second-hand bikes" read as a bike service.

A caller who asks the line whether it does a thing names the deed as the ask's verb (sell, buy, hire out, send out)
and what it is done to as the object. `answer_object` weighs the object against the type read; but an uncovered deed
done to the line's own things (the boat on a marina line, a hoover on a cleaning line, tablets on a pharmacy line)
keeps the object in the type's words, and the sentence encoder, reading the whole turn, leans on the domain's nouns:
the type read is near only because of them. When the type covers the deed, its own phrasings (examples, name, answer)
say the verb ("can I book a slot for Friday", "do you deliver on Sundays"); when it does not, they never do.

Read only where the AI was unsure anyway (the confidence under the type's threshold: a clarifying question or "how can
I help?" would follow), so a covered ask the head names with confidence is answered as before; "take", "give", "put",
"use" and the light verbs the vectoriser drops ("do", "get", "sort") name no deed of their own. The frame is
`service_ask`'s (near-certain wording); nothing here names a topic.
"""

from __future__ import annotations

from collections.abc import Collection

from activities.understanding.answer_object import could_ask
from activities.understanding.service_ask import asked_verb
from activities.understanding.text import content_tokens
from warmline.understanding import UnderstandingRequest

# Verbs whose deed is the object's ("can you take the old one", "could you put us down for"): they say nothing alone.
_LIGHT = frozenset({"take", "give", "put", "use"})


def unsaid(text: str, words: Collection[str]) -> bool:
    """A capability ask (`text.clean()` output) whose verb the type read (`words`: its own, `answer_object.type_words`)
    never says."""
    verb = asked_verb(text)
    if verb is None or verb in _LIGHT:
        return False
    tokens = content_tokens(verb)
    return bool(tokens) and tokens[0] not in words


def unsaid_ask(text: str, words: Collection[str], req: UnderstandingRequest, unsure: bool) -> bool:
    """`unsaid`, on a turn read unsurely that could be such an ask (`answer_object.could_ask`)."""
    return unsure and could_ask(req) and unsaid(text, words)
