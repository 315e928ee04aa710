"""Contesting a decision or someone's conduct: "I want it looked into", "I want that on record", "I want to appeal
it", "I don't accept that", "I'm not having that", and a complaint made ("I want to lodge a complaint").

A caller who asks for a review of something that was decided or done ("your engineer said it's wear and tear so
it's not covered, and I don't accept that"; "the vet was rough with my cat and I want it looked into") asks for what
only people can give: a second look, a record, an appeal. The matter itself is the line's everyday business (a
guarantee, an appointment, a charge), so the head reads the covered type nearest it, often surely enough to answer
it, and after an answer the act model reads the contest as a failure of that answer ("not covered", "never went")
and the AI retried it. Neither the answer nor a retry is what the caller asked for.

Measured on the 35 development lines (twelfth round, part B, docs/understanding-rounds.md): the wording below is on
21 turns, every one labelled out of scope at that turn (13 of them answered, retried, clarified or empathised
before it, 3 transferred through a human type, 5 already out of scope); on no contained call, no failure, no other
trigger. A policy that lets the AI take such requests says
so in its own phrasings (`covers_contest`), and then the rule stands aside.

Near-certain wording only, over `text.clean()` output (lower-case, contractions expanded). A failure in the
caller's words ("it still doesn't work", "that's not right") asks for no review and is not matched. Nothing here
names a topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WANT = r"(?:i|we) (?:want|would like|am wanting|need)"
_CONTEST_RE = re.compile(
    r"\b(?:"
    # "I want it looked into properly", "I would like that looked at again", "I want it looking into"
    rf"{_WANT} (?:it|that|this|them|something|someone)? ?(?:to be )?"
    r"(?:looked into|looking into|looked at again|looking at again|investigated)"
    # "I want that on record", "I would like to put something formally on record", "I want it put on record"
    rf"|{_WANT} (?:\w+ ){{0,4}}on record"
    # "I want to fight it", "we would like to appeal that", "I want to dispute this"
    rf"|{_WANT} to (?:fight|appeal|dispute|challenge|contest) (?:it|that|this|them)"
    # "I don't accept that", "I won't accept it", "I'm not having that"
    r"|(?:i|we) (?:do not|will not|cannot|can not) accept (?:it|that|this)"
    r"|(?:i am|we are) not having (?:it|that|this)"
    # A complaint made, not a grievance aired: "I want to lodge a complaint", "we're putting an official complaint in",
    # "I'm phoning to complain about the man you sent" (seventeenth round)
    r"|(?:put|putting|make|making|lodge|lodging|file|filing|raise|raising) (?:in )?an? (?:formal |official )?complaint"
    r"|(?:put|putting) an? (?:formal |official )?complaint in"
    r"|(?:ringing|calling|phoning) (?:up )?to complain about"
    r"|formal complaint"
    r")\b"
)


def contests(text: str) -> bool:
    """The turn (`text.clean()` output) asks for a decision or someone's conduct to be reviewed or recorded."""
    return _CONTEST_RE.search(text) is not None


def covers_contest(examples: Iterable[str]) -> bool:
    """Some phrasing the AI answers (`handling: ai` examples, `text.clean()` output) is itself a contest: the policy
    takes such requests, so its own query types read them."""
    return any(contests(e) for e in examples)
