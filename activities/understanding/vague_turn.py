"""Vague turns the understanding step must not read as something else: a failure, or a story people handle.

Turning to "the other thing" (`turns_to_the_other`): "and there's the other business with the man who came round",
"what about the other one though, round the back". After an answer such a turn starts a second need it does not
name. The learned failure act leans to it (a short turn with no topic after an answer reads like "that's not it"),
and counting it as the answer failing retries the answered type and soon transfers as failed_resolution; it is a
vague new need, to be asked about (DESIGN.md: vague is low_confidence). A turn that speaks of the step ("tried the
other one and it still won't") stays a report: `in_context.ActsInContext.keep` asks `acts.on_the_step` first.

Torn between things it names and saying it cannot tell which (`hedged_choice`): "it's the card and the fob and
that", "the plan or the bill or whatever", "both really", "I don't know which bit it is". The head may read one of
the things named surely; the caller has said it is not sure that is the one, so the turn is vague (asked about, not
answered on that reading unless it is sure: `warmline.unclear`).

A vague turn with next to no content words (`vague_no_story`) is no story of a matter people handle, however its
few words lean to one of their types. And a reply to a clarifying question that only thanks (`thanks_for_the_question`)
is no vague reply, though the learned act leans to any short reply without a topic there.
"""

from __future__ import annotations

import re

from activities.understanding.request_form import asks_for_something
from activities.understanding.scores import Scores
from activities.understanding.text import says_vaguely
from warmline.understanding import DialogAct, UnderstandingRequest

# A vague turn with at most this many topical content words tells no story: "well it's just not right really" (one),
# a torn "erm the class log the no" (two), a garbled "the pen for the cat tha in the" (three: 2 in the thirteenth
# round, 3 in the fourteenth, dev +1). A matter people handle told in a vague act's words ("my ring was on the shelf
# before the cleaner came": five; a remark made to a child: thirteen) has more.
NO_STORY_WORDS = 3

# "the other thing / one / bit / business / matter" brought in by a turn to it: "and (then) (there's)", "what about",
# "now", "oh", "right", "okay", or opening the turn. "she drives the other one" or "I tried the other one" is not.
_THE_OTHER = re.compile(
    r"(?:^|\b(?:and|what about|how about|now|oh|right|okay|ok|but|then|there'?s|there is|there was|is)\b)"
    r"[ ,]*(?:(?:then|there'?s|there is|there was|also|what about|er|erm|um|uh)[ ,]+)*"
    r"the (?:(?:the|er|erm|um|uh) )*other (?:thing|one|bit|business|matter)\b"
)

# Saying which of several things it is about cannot be told: near-certain words, whatever precedes them.
_NOT_WHICH = (
    r"whichever|(?:do not|dunno|not sure|no idea|cannot tell)(?: really)? (?:know )?which|both really|either really"
    r"|could be either|a bit of both|all of it really"
)
# Two things named in a row ("the card and the fob", "my parcel or my password") and a tail that leaves the list
# open ("... and that", "... or whatever"): the caller lists what it might be, not what it is.
_LISTED = r"\b(?:the|my|your|our) \w+(?: \w+)? (?:and|or) (?:the|my|your|our) \w+"
_OPEN_TAIL = r"\b(?:or whatever|or something|and (?:all )?that(?: really)?$)"
_HEDGED = re.compile(rf"\b(?:{_NOT_WHICH})\b|{_LISTED}.*{_OPEN_TAIL}")


def hedged_choice(cleaned: str) -> bool:
    """The turn says it cannot tell which of several things it is about (`_NOT_WHICH`), or lists them and leaves the
    list open (`_LISTED`, `_OPEN_TAIL`): vague, however surely its words read as one of them."""
    return bool(_HEDGED.search(cleaned))


def turns_to_the_other(cleaned: str) -> bool:
    """The turn brings in "the other thing" (one, bit, business, matter): a second need it does not name."""
    return bool(_THE_OTHER.search(cleaned))


def vague_no_story(acts: list[DialogAct], scores: Scores) -> bool:
    """A turn the learned vague act reads as vague with next to no content words (`NO_STORY_WORDS`): nothing said yet,
    so a people-handled type it is loosely led to (`human_lead`) is a guess, asked about like any vague guess, not a
    story to transfer as out of scope at once (the out-of-scope reading already leaves every vague turn alone)."""
    return DialogAct.VAGUE in acts and len(scores.tokens) <= NO_STORY_WORDS


def thanks_for_the_question(text: str, acts: list[DialogAct], req: UnderstandingRequest) -> bool:
    """A reply to a clarifying question that thanks and asks nothing, in no vague word ("aw that sounds really gentle,
    thank you so much", "right, I'll be up early then, cheers"): the caller is content, not still unclear, so the
    learned vague act (which leans to any short reply without a topic after a question) does not make it one; the
    decision thanks them. "Oh the usual stuff really, thanks" keeps its vague act (its words), and so escalates."""
    return (
        req.pending == "clarify"
        and DialogAct.THANKS in acts
        and not says_vaguely(text)
        and not asks_for_something(text)
    )
