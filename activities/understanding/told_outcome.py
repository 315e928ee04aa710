"""What the step gave, told right after an answer: a report that the answer did not work, in no failure words.

A caller who tried the step often reports only what they saw: the screen or message it brought ("it says the code is
out of date", "the box just sits there saying pending"), the state it left ("the light is still flashing red", "it's
doing the same thing"), or what should be there and is not ("they're not there to pick", "there's nothing in there
for last year", "and no email"). None of it says "it didn't work", so neither the act model nor the failure regexes
read a failure, and the turn reached the decision with no act at all: nothing counted the attempt (docs/
understanding-rounds.md, sixteenth round, part h-state-count). Right after an answer, such a report is that answer's
`not_resolved`. Not when the turn says it came right ("there it is, it says twenty minutes, lovely": `came_right`,
`acts.worked`), thanks or signs off (an acknowledgement), asks for something or turns to another matter (a new
question: "can I have a card that says ...", "and while I've got you ...").

Near-certain words only: a thing saying or showing something, the same thing again, nothing (or not) there, nothing
changed or arrived, no message come. Its own module beside `told_failure.py` (failures told in other words) and
`came_right.py` (successes told).
"""

from __future__ import annotations

import re

from activities.understanding.acts import gives_back, new_matter, persisting, worked
from activities.understanding.came_right import came_right
from activities.understanding.request_form import asks_for_something

# Text as `text.clean()` gives it ("it's" -> "it is", "weren't" -> "were not"). "It was not there before" tells a
# grievance about the past, not what the step gave: the "not there" alternative needs a present-tense subject.
_SEEN = re.compile(
    # a thing says or shows something, or sits in a state: "it says expired", "the light is still flashing"
    r"\b(?:it|that|this|which|the \w+) (?:is |was |has |just |still |now )*(?:says|said|saying|shows|showing|showed"
    r"|comes up|came up|coming up|flashing|flashes|sat|sitting|stuck)\b"
    # the same result again: "it's doing the exact same thing", "same page again"
    r"|\b(?:the )?(?:exact |very )?same (?:thing|page|screen|message|error|again)\b"
    # what should be there is not: "they're not there", "there's nothing in there", "it's not on there"
    r"|\b(?:it is|they are|there is|there are|that is) (?:just |simply |definitely )?(?:not|nothing|none|nowt)"
    r" (?:in |on |up )?there\b"
    r"|\bnothing (?:in|on|up) there\b"
    # the option the step needs is missing: "there's no pause button on mine", "there isn't a renew bit"
    r"|\bthere (?:is|are) (?:no|not an?|not any) (?:\w+ ){0,2}(?:option|button|section|bit|tab|link|menu|box|field"
    r"|setting|choice)s?\b|\bno such (?:option|button|section|bit|tab|link|page|menu|box|field|setting|choice)\b"
    # not where the step said to look: "it's not in the history bit either", "nothing under my name"
    r"|\b(?:it is|they are) not (?:showing )?(?:in|on|under) (?:the|my|his|her|our|their) \w+"
    r"|\b(?:nothing|no \w+) (?:under|in) (?:my|his|her|our|their) name\b"
    # nothing changed or came: "nothing's happened", "not had a thing", "and no email"
    r"|\b(?:nothing|no change|not a thing) (?:has |is )?(?:happened|changed|came|come|turned up|arrived)\b"
    r"|\b(?:nothing|nowt|no word|no reply|not a \w+(?: \w+)?|heard nothing) since\b"  # "and not a peep since"
    r"|\bno (?:text|texts|email|emails|letter|message|code|link|reply)\b(?! (?:is|was) needed)"
    # the thing refuses, errs, sends the caller back, or goes on doing it: "it won't let me", "an error", "it took me
    # back to the start", "it keeps asking for the code", "still nothing", "still flashing"
    r"|\b(?:it|that|the \w+) (?:will not|would not|does not|did not) let me\b|\b(?:an|the|same) error\b"
    r"|\b(?:takes|took|sends|sent|kicks|kicked|throws|threw) me (?:back|out|straight back)\b"
    r"|\bkeeps? (?:asking|saying|telling|showing|coming up|going back|sending|taking|flashing|beeping|crashing"
    r"|freezing)\b|\bstill (?:nothing|no \w+|flashing|blinking|beeping|showing|saying|says)\b"
)


def told_outcome(cleaned: str, closing: bool) -> bool:
    """Right after an answer, the turn reports what the step gave, unasked and not come right ("it just says
    pending", "there's nothing in there from before May"). `closing`: the turn thanks or signs off (then it is an
    acknowledgement: "oh it's showing the time again, thanks, bye")."""
    if closing or not (_SEEN.search(cleaned) or gives_back(cleaned) or persisting(cleaned)):
        return False
    return not (came_right(cleaned) or worked(cleaned) or asks_for_something(cleaned) or new_matter(cleaned))


# "If I do it now while it still says ...": the step not yet done, asked about: no outcome told.
_HYPOTHETICAL = re.compile(r"\b(?:if|once|when|whether) (?:i|we) (?:do|did|go|try|press|click|put|pay|book)\b")


def told_to_question(cleaned: str, closing: bool, vague: bool) -> bool:
    """Asked a clarifying question (which quotes the AI's guess), the caller answers with what that step gave, in the
    near-certain words of a thing saying or showing something, an option missing or nothing there ("there's no express
    option when I get to the basket", "the tracker's said on its way since Friday"). Blind-written lines count such a
    reply as the guessed step's failed attempt; `in_context._reported_to_question` counts it (the act model, read as
    after an answer, was not sure of a failure on most of them). Not the wider `persisting` / `gives_back` words ("it
    keeps stopping halfway" states the problem), not a vague reply, nor a step still to be done ("if I do it now")."""
    return (
        not vague
        and bool(_SEEN.search(cleaned))
        and not _HYPOTHETICAL.search(cleaned)
        and told_outcome(cleaned, closing)
    )
