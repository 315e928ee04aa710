"""Whether a turn puts a request or a question to the line, by its grammatical form alone.

"Do you do X", "can you Y", "am I allowed to Z", "how do I ...", "I'm ringing to ask ...": a caller asking the
line for something, whatever the something is. A narrative that asks for nothing ("so we've had a lot going on
this year and my partner said to give you a ring") is not one, nor is small talk about people and places. The
out-of-scope rule for words the policy never uses (`calibrate.unworded`) needs this form: an uncovered request in
the line's own domain ("do you do dog grooming" to a vet) is then out of scope at once, where the small-talk class
(pets, family, places) would otherwise read it as chat and the AI would ask what the caller needs.

Near-certain wording only, over `text.clean()` output (lower-case, contractions expanded); nothing here names a
topic, so it holds on any line.
"""

from __future__ import annotations

import re

_SUBJECT = r"(?:i|we|you|my \w+|your \w+|someone|somebody|anyone|anybody)"
_REQUEST_RE = re.compile(
    r"\b(?:"
    # A question to the line: "can you", "could I", "do you (do|sell|...)", "are we allowed", "is it possible".
    rf"(?:can|could|would|will|may|do|does|did) {_SUBJECT}"
    r"|(?:am i|are we|is my \w+|are my \w+) (?:allowed|able|meant|supposed|entitled|eligible)"
    r"|is (?:it|there) (?:possible|ok|okay|alright|any way|anyone|somebody|someone|a way)"
    r"|(?:how|where|when|who|what|which|why) (?:do|can|could|should|would|will|does|did) (?:i|we|you|he|she|they)"
    r"|(?:how|where|when|what|which) (?:is|are) (?:the|my|our|your)"
    # "what paperwork does he need", "which form do I fill in": a question word, one noun, the asking verb.
    r"|(?:what|which) \w+ (?:do|does|did|can|could|should|would|will) (?:i|we|you|he|she|they|it)"
    r"|how (?:much|long|many|soon)"
    # A stated need: "I'd like to", "I need", "I'm ringing to ask", "I wanted to know", "I was wondering".
    r"|i (?:would like|want|need|am (?:looking|trying|hoping|after))"
    r"|i (?:am|was) (?:ringing|calling|phoning) (?:to|about|because|for|regarding|as)"
    r"|i (?:was|am) wondering"
    r"|i (?:wanted|was hoping|would love) to (?:know|ask|check|find out|see)"
    r"|(?:any chance|please) (?:i|we|you|of|could|can)"
    r")\b"
)


def asks_for_something(text: str) -> bool:
    """The turn (`text.clean()` output) is worded as a request or a question to the line."""
    return _REQUEST_RE.search(text) is not None


# A caller torn between two things and saying so: "I'm not sure if I need X or Y", "I don't know whether it's X or
# Y", "either X or Y, I'm not sure which". The turn names both on purpose, so each side counts as a rival of the
# other however loosely it is worded (`calibrate.head_confidence`).
_HEDGED_RE = re.compile(
    r"\b(?:"
    r"(?:not sure|unsure|no idea|do not know|cannot decide|cannot tell|not certain) (?:if|whether|which)\b.* or "
    r"|\beither\b.* or "
    r"|\bor\b.*\b(?:not sure|no idea|do not know|cannot tell) (?:which|what)\b"
    r")"
)


def hedged_choice(text: str) -> bool:
    """The turn (`text.clean()` output) says the caller is not sure which of two (or more) things they need."""
    return _HEDGED_RE.search(text) is not None
