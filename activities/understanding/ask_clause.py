"""The clause of a long turn that asks for a person, cut out so the act model can read it on its own.

A caller often asks for someone in the middle of a story or a topic ("the text with the code never arrived so could
a person on your side unlock the account", "fine, though my partner would rather I went over it with one of your
advisers"). The act model reads the whole turn's embedding: the topic's words swamp the ask, and
P(request_human) falls far under its threshold (0.2-0.5 where the ask alone reads 0.8-1.0). This finds the stretch
that carries the ask, from a request's opening words ("can somebody", "put me", "I need", "wants me to") to a word
naming whom (`acts.ADDRESSEE`) and a few words after, cut at the next clause's start ("because", "before", "I want").

Only a clause worded as an ask counts: a person merely mentioned ("my neighbour said", "the lady in the office told
me it would come", "your driver was lovely") has no request's opening before the person, so nothing is cut and no
second encoder pass is spent. The caller (`in_context.ActsInContext`) reads the clause only on a long turn after the
AI's first move that the whole-turn reading did not already hear as a request (at the opening a long turn's ask is
mostly for the service itself), so short turns and openings keep their one encoder pass.
"""

from __future__ import annotations

import re

from activities.understanding.acts import ADDRESSEE

# A turn with fewer words is read whole well enough: its topic does not swamp the ask.
MIN_WORDS = 12
# At most this many words between the ask's opening and the person named ("could one of your lot in the office").
_MAX_LEAD = 12
# At most this many words kept after the person named ("... to give me a quick bell").
_MAX_TAIL = 8

# The opening words of an ask: a question put to the line or to someone, a stated need, being put through.
_OPENING = re.compile(
    r"\b(?:can|could|would|will|may) (?:you|i|we|someone|somebody|anyone|anybody|one)\b"
    r"|\bis there\b|\bany chance\b|\bwould it be\b"
    r"|\bi (?:would like|want|need|would (?:want|rather|prefer|feel better))\b"
    r"|\b(?:put|pass|pop|get|transfer|connect) me\b|\bget (?:someone|somebody|one)\b"
    r"|\bif (?:someone|somebody|one of)\b|\b(?:wants|want|needs|need) me to\b"
)
# Where the next clause starts: a reason, a time, a purpose, a new "I ..." statement.
_NEXT_CLAUSE = re.compile(
    r"\b(?:because|cause|before|after|as well as|so that|just so|just to|while|when|since|then|but)\b"
    r"|\bi (?:want|need|would|am|have|was|think)\b|,"
)
_WORD_END = re.compile(r"\w*")


def ask_clause(cleaned: str) -> str | None:
    """The clause of `cleaned` (`text.clean()` output) that asks for someone, or None: none worded as an ask, or
    the turn too short to need one (MIN_WORDS). Never the whole turn (that reading is the act model's already)."""
    if len(cleaned.replace(",", " ").split()) < MIN_WORDS:
        return None
    for person in ADDRESSEE.finditer(cleaned):
        openings = [
            o.start()
            for o in _OPENING.finditer(cleaned)
            if o.start() <= person.start() and len(cleaned[o.start() : person.start()].split()) <= _MAX_LEAD
        ]
        if not openings:
            continue
        start = openings[0]  # the ask's first words: "could you not just get somebody"
        end = _WORD_END.match(cleaned, person.end())
        end_at = end.end() if end else person.end()  # the whole word: "advis" names "advisers"
        cut = _NEXT_CLAUSE.search(cleaned, end_at)
        head = cleaned[start:end_at].split()
        tail = cleaned[end_at : cut.start() if cut else len(cleaned)].split()[:_MAX_TAIL]
        clause = " ".join(head + tail)
        return clause if clause != cleaned else None
    return None
