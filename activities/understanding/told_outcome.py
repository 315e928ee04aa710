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
    r"|\b(?:it is|they are|there is|there are|that is) (?:not|nothing|none|nowt) (?:in |on |up )?there\b"
    r"|\bnothing (?:in|on|up) there\b"
    # nothing changed or came: "nothing's happened", "not had a thing", "and no email"
    r"|\b(?:nothing|no change|not a thing) (?:has |is )?(?:happened|changed|came|come|turned up|arrived)\b"
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
