"""A data-protection request: a copy of what the company holds about the caller, or all of it wiped.

"Could you send me a copy of all the data you keep on me", "I'm making a subject access request", "I want everything
you've got on file about us deleted": a caller using their rights over their own records. Every company that keeps
customers' details gets such calls, whatever it sells, and a support line's query types rarely take them (a person
checks who is asking and what may be released or erased). The request is clear and complete, but its words (an
account, details, information, a system) are the line's everyday ones, so the head reads it, unsurely, as the nearest
covered type (signing in, contact preferences, a receipt) and the AI asks which of those it meant: a clarifying
question about a matter the policy does not cover (issue 15 item 2: out of scope is a matter the policy does not
cover, not an unknown word).

The form is near-certain: a copy of, or the wiping of, *the information held* ("you hold / have / keep on me",
"every bit of", "all my personal data"), or the legal names ("subject access", "right to be forgotten"). Details of a
card, a bank, a login or a contact are not records held about the caller ("remove my card details" is a payment
matter on many lines). A policy whose own phrasings ask the same covers it (an app's "delete all my data" type):
there the reading is off (`covers`), per kind, so a line that erases accounts still hands on a request for a copy.

Near-certain wording only, over `text.clean()` output (lower-case, contractions expanded). Nothing here names a topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from activities.understanding.text import clean

# What is held about the caller: data, information, records, details (not a card's, a bank's, a login's or a contact's).
_OBJ = r"(?<!card )(?<!bank )(?<!payment )(?<!login )(?<!contact )(?:personal )?(?:data|information|details|records?)"
# Held by the company: "you hold on me", "your firm keeps about us", "you have got on file".
_HELD = rf"{_OBJ} (?:that )?(?:you|your \w+)(?: lot| people)? (?:hold|holds|have|has|keep|keeps|store|stores)\b"
# All of it about the caller: "all my personal data", "every scrap of information about us", "everything you have on
# me". Not "all my data" alone (a phone's allowance), nor "all the details" of a booking.
_ABOUT = r"(?: (?:about|on) (?:me|us|my \w+|our \w+))"
_ALL = (
    r"(?:all|every (?:bit|scrap|piece|last bit) of)(?: of)? (?:the |my |our |your )?"
    rf"(?:personal (?:data|information|details|records?)|(?:data|information|records?){_ABOUT})"
)
_WHAT_HELD = rf"(?:{_HELD}|{_ALL}|everything (?:you|your \w+) (?:hold|have|keep|store))"

_COPY_RE = re.compile(
    rf"\b(?:cop(?:y|ies) of|print out of)\b[^.?!]{{0,30}}?\b{_WHAT_HELD}"
    r"|\bsubject access\b"
)
_ERASE_RE = re.compile(
    rf"\b(?:delete|deleted|wipe|wiped|erase|erased|remove|removed|destroy|destroyed|get rid of)\b[^.?!]{{0,30}}?"
    rf"\b{_WHAT_HELD}"
    rf"|\b{_WHAT_HELD}[^.?!]{{0,30}}?\b(?:deleted|wiped|erased|removed|destroyed)\b"
    r"|\bright to be forgotten\b"
)


def _kinds(text: str) -> frozenset[str]:
    """Which requests the turn (`text.clean()` output) makes: "copy", "erase", both or neither."""
    found = {"copy"} if _COPY_RE.search(text) else set()
    return frozenset(found | ({"erase"} if _ERASE_RE.search(text) else set()))


def covers(examples: Iterable[str]) -> frozenset[str]:
    """The kinds of request the policy's own phrasings (raw) make: the policy covers those, so they read in scope."""
    return frozenset(kind for e in examples for kind in _kinds(clean(e)))


def asks_for_data(text: str, covered: frozenset[str]) -> bool:
    """The turn (`text.clean()` output) asks for a copy of, or the erasure of, what the company holds on the caller,
    and the policy (`covered`: `covers`) does not take that kind of request itself."""
    return bool(_kinds(text) - covered)
