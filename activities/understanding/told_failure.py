"""Failures told in words the act model and the failure regexes miss: the answer said to miss the question, and a
failure thanked for with irony.

Both are reports that the last answer did not help (`not_resolved`), read only where `in_context.py` keeps that act
(right after an answer). Their own module so the rules for how a failure is told stay apart from the rules for a vague
or torn reply (`unclear.py`, `acts.broken_off`).
"""

from __future__ import annotations

import re

# "That's not really what I asked", "no, that's not what I mean", "not quite what I was asking": the caller says the
# answer missed the question, then usually says the question again. Said of the answer, so it is that answer's
# failure whatever topic the restated question reads as (`missed_question`). Text as `text.clean()` gives it.
_MISSED = re.compile(
    r"\b(?:not|no|nope) (?:really |quite |exactly |actually )?what i (?:asked|meant|mean|said|needed|wanted|"
    r"(?:am|was) (?:after|asking(?: for| about)?|on about|getting at|looking for))\b"
    r"|\b(?:you have|you|that has|that) (?:not |never )?(?:answered|missed) (?:my|the) question\b"
)

# Praise said as an exclamation at the opening ("oh brilliant, ...", "oh wonderful thanks, ...") in a turn the act
# model reads as a sure failure: the thank-you is ironic ("so thanks for that"), not an acknowledgement.
_MOCK_OPENING = re.compile(
    r"^(?:(?:oh|ooh|well|yeah|right) )+(?:that is |how )?(?:great|brilliant|wonderful|marvellous|fantastic|lovely|"
    r"perfect|super|terrific|excellent|amazing|splendid)\b"
)


def missed_question(cleaned: str) -> bool:
    """The turn says the answer missed what was asked ("that's not really what I asked, I mean ...")."""
    return bool(_MISSED.search(cleaned))


def mock_thanks(cleaned: str) -> bool:
    """The turn opens with exclaimed praise ("oh brilliant that's the page that's been giving me an error, so thanks
    for that"): with a failure read surely in it, its thank-you is irony, and the failure stands."""
    return bool(_MOCK_OPENING.search(cleaned))


# "No, I'm not being bounced about between departments", "I don't want another person telling me to ring back": the
# caller refuses to be passed on (an offer they heard or expect), which says nothing of the answer's step.
_REFUSES_HANDOVER = re.compile(
    r"\b(?:do not|did not|will not) (?:want|need) (?:passing|to be passed|to be put through|another person|anybody"
    r" else|anyone else|someone else|somebody else)\b"
    r"|\b(?:not being|not going to be|not getting) (?:passed|bounced|pushed|fobbed|shunted|handed)\b"
)


def refuses_handover(cleaned: str) -> bool:
    """Right after an answer, the turn refuses being passed to someone else: a no to a handover, not the answer's
    failure (counted, it brought the limit a turn early on calls where the decline came before the real failures)."""
    return bool(_REFUSES_HANDOVER.search(cleaned))
