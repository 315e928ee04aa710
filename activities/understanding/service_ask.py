"""Asking whether the company does a thing its policy never names: "do you lot fit stairlifts", "would you be able
to jet wash the driveway", "could you take them to the tip".

A caller who asks the line *whether it does X* names the service they want as the object of the ask. When the policy
covers that service, its examples, names or answers use the object's words ("do you take NHS vouchers" on a line whose
answers speak of vouchers); when it does not, the object's words are nowhere in it, though the rest of the turn
(stairs, the council, a van, the kids) is the line's everyday vocabulary and the sentence encoder reads the whole as a
covered type, unsurely. Earlier rounds compared all of a turn's words with the policy (`calibrate.unworded`: a share
of the turn) or with the top type's own (dropped: covered requests in the caller's words share no word with their
type as often as uncovered ones do); this reads only the object of a capability ask, against the whole policy.

Near-certain wording only, over `text.clean()` output (lower-case, contractions expanded). Not an ask for a person
("can you put me through"), for information ("can you tell me") or about the line itself ("can you hear me"), nor a
question word's clause ("what time do you open"): those name no service. Nothing here names a topic.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from activities.understanding.text import content_tokens

# At most this share of the object's words may be the policy's: "solar panels on the roof" to a glazier keeps "roof",
# "look after dogs while people are away" to a vet keeps "dogs". The share `calibrate.UNWORDED_MAX_KNOWN` allows a
# whole turn, here over the object alone. Chosen on the dev lines (eleventh round, part A): none known +6 / -1 calls,
# a third +8 / -1, a half +10 / -3 (offline, on a per-turn dump).
MAX_KNOWN = 0.34

# Verbs after "do you" / "can you" that ask for no service of the company's: knowing, hearing, connecting, telling.
_NOT_A_SERVICE = (
    r"(?:know|think|mean|need|want|reckon|remember|hear|put|transfer|connect|tell|help|let|check|confirm|give|"
    r"explain|send me|ring|call|get me|get one|find me|pass|say|see|understand|have any idea)\b"
)
_ASK_RE = re.compile(
    r"\b(?:"
    # "do you (lot) (also) do solar panels", "does your team fit blinds"
    rf"(?:do|does) (?:you|your \w+)(?: lot| guys| people)?(?: also| ever| still)? (?!{_NOT_A_SERVICE})\w+"
    # "would you be able to recover it", "could you bring a bag of topsoil", "can you lot clear gutters"
    # ... and "could your lot microchip her", "can your fitters come back" (not "could one of your team ...": a person)
    rf"|(?:would|could|can|will) (?:you(?: lot| guys)?|your \w+)(?: be able to| possibly| also)? "
    rf"(?!{_NOT_A_SERVICE})\w+"
    # "can I buy one of those off you", "could we hire ..."
    r"|(?:can|could) (?:i|we) (?:buy|order|hire|rent)"
    r")\b"
)
# The ask's object runs to the end of its clause: a comma, a question mark, "or", a reason ("because", "only").
_CLAUSE_END = re.compile(r"[,.?!;]| or | because | cos | only | as well\b| at all\b| for me\b")
# A question word opening the clause makes it a question about the line's business ("what time do you open").
_QUESTION_WORD = re.compile(r"\b(?:what|when|where|which|why|how|who)\b")


def _ask(text: str) -> re.Match[str] | None:
    """A capability ask's frame in the turn (`text.clean()` output), not inside a question word's clause."""
    m = _ASK_RE.search(text)
    if m is None or _QUESTION_WORD.search(_CLAUSE_END.split(text[: m.start()])[-1]):
        return None
    return m


def service_object(text: str) -> list[str] | None:
    """The content words of what a capability ask asks for, or None when the turn (`text.clean()` output) has none."""
    m = _ask(text)
    return None if m is None else content_tokens(_CLAUSE_END.split(text[m.end() :])[0])


def asked_verb(text: str) -> str | None:
    """The verb a capability ask asks the company to do ("lend" in "would you be able to lend us a ladder"), or None."""
    m = _ask(text)
    return None if m is None else m.group(0).split()[-1]


def uncovered_service(text: str, vocabulary: Collection[str]) -> bool:
    """A capability ask whose object has content words, at most `MAX_KNOWN` of them the policy's (`vocabulary`)."""
    words = service_object(text)
    if not words:
        return False
    return sum(w in vocabulary for w in words) <= MAX_KNOWN * len(words)
