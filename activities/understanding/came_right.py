"""The trouble came right while the caller was on the line: no failure, whatever else the turn tells.

A caller who tries the step again, or looks once more, often finds it working mid-sentence ("oh hang on, saved it as
a pdf and it's gone through, there's a green tick, brilliant"; "hang on, there we go, the light's come down, you're a
star"). The turn still tells the step done and the trouble before it, so the act model reads a failure and "I've done
it on the website" reads as a step already tried; counted, the call is transferred just as it is solved. The words
that say it came right settle it, as `acts.worked` does for "that's done it": the turn is no failure and no step
already tried. Its own module so the rules for how a success is told stay apart from how a failure is
(`told_failure.py`).
"""

from __future__ import annotations

import re

from activities.understanding.acts import persisting

# The thing now works, in words a support line hears when it does: it has gone green / through, the light has come
# on / down, "there we go", a green tick, thanks that credit the helper ("you're a star"). Text as `text.clean()`
# gives it ("it's" -> "it is"). Not "nothing has come through", "gone through the roof", "has not gone through".
_CAME_RIGHT = re.compile(
    r"(?<!not )(?<!never )\bgone green\b"
    r"|\b(?:it|that|which|everything|all) (?:is|has) (?:just |now |finally )?"
    r"(?:gone through|come (?:through|down|on))\b"
    r"(?! (?:the|to|again|twice)\b)"
    r"|\bthere (?:we|it) goes?\b(?! again)"
    r"|\bgreen tick\b"
    r"|\byou (?:are|have been) (?:a star|an angel|a (?:great |real |big )?(?:help|gem|life saver|lifesaver))\b"
)

# "Oh wait, hang on ... sorry about that": the caller stops to look again and takes the complaint back.
_LOOKS_AGAIN = re.compile(r"^(?:(?:oh|ah|right|erm|um|yeah) )*(?:wait|hang on|hold on)\b")
_TAKES_BACK = re.compile(r"\bsorry (?:about that|for (?:snapping|shouting|moaning|wasting|that|the fuss))\b")


def came_right(cleaned: str) -> bool:
    """The turn says the trouble came right ("it's gone green now, brilliant"; "oh wait, there's the text, sorry for
    snapping"), and nothing in it says the step goes on failing ("it's gone through but it still says unpaid")."""
    if persisting(cleaned):
        return False
    return bool(_CAME_RIGHT.search(cleaned) or (_LOOKS_AGAIN.search(cleaned) and _TAKES_BACK.search(cleaned)))
