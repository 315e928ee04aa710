"""A turn that adds another matter of the caller's to the one in hand: "and ...", "what about the other thing".

Asked a clarifying question, a caller often does not answer it but goes on to the next thing they rang about, with
the conjunction a speaker uses to add one ("right, and the one for the, um ...", "yeah and the other, er ...",
"and while I'm on, is there anything at Easter"). That turn is no failed answer to the question: it opens a second
need, as unclear as the first was or clearer. The decision reads it as a new unclear stretch with its own
clarifying questions (`warmline.another_matter`), where escalating it counted the first need's questions against
it and handed the call over a turn early. "The other one, the blue one" said to the question *is* an answer to it
(it names which): only the adding forms count, not "the other" on its own.

Measured on the development lines' read half (sixteenth round, part H); docs/understanding-rounds.md.
"""

from __future__ import annotations

import re

from activities.understanding.acts import new_matter

# The turn opens by adding: "and", after any fillers or acknowledgements ("yeah and", "right, and", "ok and", "erm
# so and"). Text as `text.clean()` gives it.
_OPENS_WITH_AND = re.compile(r"^(?:(?:yeah|yes|right|ok|okay|oh|ah|erm|um|er|uh|so|well|ta|cheers)[ ,]+)*and\b")

# "the other thing / one / bit" brought in by an adding word ("and there was the other thing", "what about the other
# one"); "the other one" said on its own, or after "now" or "oh", names which of the options is meant.
_ADDS_THE_OTHER = re.compile(
    r"\b(?:and|what about|how about|also)\b[ ,]*(?:(?:then|there is|there was|also|er|erm|um|uh)[ ,]+)*"
    r"the (?:(?:the|er|erm|um|uh) )*other (?:thing|one|bit|business|matter)\b"
)


def adds_a_matter(cleaned: str) -> bool:
    """The turn adds a matter ("and ...", "what about the other thing", "while I've got you")."""
    return bool(_OPENS_WITH_AND.search(cleaned) or _ADDS_THE_OTHER.search(cleaned) or new_matter(cleaned))
