"""Whether the query type read for a capability ask speaks of the thing asked for: "do you hire out toilets" read as
furniture hire, "can I buy the train ticket off you for the connection" read as a coach booking.

A caller who asks the line *whether it does X* names the service they want as the ask's object
(`service_ask.service_object`). `service_ask` holds such an ask out of scope when the object's words are not the
policy's and no type claims it; but an uncovered service in the line's own field keeps some of the policy's words
(panels on a solar line, a prescription on a care line, a ticket on a coach line), and the sentence encoder, reading
the whole turn, often names the nearby covered type with confidence: the AI answered, or asked a clarifying question
about, a service it never gives. When the type read covers the ask, its own phrasings (examples, name, answer) speak
of the object: "can you push the date back on my books" to a type whose examples say "renew", "date", "books".
When it does not, at most one of the object's words in five is that type's.

This differs from the dropped readings (docs/understanding-rounds.md): "the top type's own words" weighed **all** the
turn's words against that type (covered requests told in the caller's words share none as often as uncovered ones);
`service_ask` weighs the object against the **whole policy**. Here only the object of a capability ask counts, and
only against the type read. A phrasal verb's particle ("hire out", "buy back", "come back") is the verb's, not the
object's. Nothing here names a topic; the frame is `service_ask`'s.
"""

from __future__ import annotations

from collections.abc import Collection

from activities.understanding.calibrate import MIN_ASR_FOR_OOS
from activities.understanding.service_ask import service_object
from activities.understanding.text import content_tokens
from warmline.policy import Policy
from warmline.understanding import UnderstandingRequest

# At most this share of the object's words may be the type's own. Chosen on the dev lines (fourteenth round, part A,
# offline on a per-turn dump): the uncovered asks it transfers have none or one word in six of the type's; the covered
# asks nearest to it ("push the date back", "take a look before the summer") one in four, which a share of a quarter
# transfers (two calm calls lost). Not a tunable of the leave-one-line-out grid.
TYPE_MAX_SHARE = 0.2
# An object of one word says too little to weigh ("could you do Tuesdays").
MIN_WORDS = 2
# A particle right after the asking verb belongs to the verb: "hire out toilets", "buy back panels".
_PARTICLES = frozenset({"out", "back", "off", "up", "down", "over", "round", "away"})


def type_words(policy: Policy) -> dict[str, frozenset[str]]:
    """Each query type's own words: the content tokens of its examples, name and answer (the policy's vocabulary,
    `classifier.IntentModel.vocabulary`, split by type)."""
    return {
        qt.name: frozenset(
            tok
            for phrase in [*qt.examples, qt.name.replace("_", " "), qt.answer or ""]
            for tok in content_tokens(phrase)
        )
        for qt in policy.query_types
    }


def asked_object(text: str) -> list[str]:
    """The content words of a capability ask's object (`text.clean()` output), its leading particle dropped."""
    words = service_object(text) or []
    return words[1:] if words and words[0] in _PARTICLES else words


def unspoken(text: str, words: Collection[str]) -> bool:
    """A capability ask whose object the type read (`words`: its own, `type_words`) hardly speaks of."""
    obj = asked_object(text)
    if len(obj) < MIN_WORDS:
        return False
    return sum(w in words for w in obj) <= TYPE_MAX_SHARE * len(obj)


def could_ask(req: UnderstandingRequest) -> bool:
    """The turn could be a capability ask of the company: not an answer to the AI's offer of a specialist, nor a
    transcript the recogniser doubts (its odd words may be misheard known ones). Shared with `asked_verb`."""
    asr_sure = req.asr_confidence is None or req.asr_confidence >= MIN_ASR_FOR_OOS
    return req.pending != "offer" and asr_sure


def unspoken_ask(text: str, words: Collection[str], req: UnderstandingRequest) -> bool:
    """`unspoken`, at any confidence, where the turn could be such an ask (`could_ask`)."""
    return could_ask(req) and unspoken(text, words)
