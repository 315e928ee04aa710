"""After the AI has answered or asked, a turn that asks for nothing is a reaction to it, never a new subject.

Once the AI has moved (answered, asked a clarifying question, offered a specialist), what the caller says next is
about that move unless they turn to something else. A new subject comes as a request or a question ("and can you
book me a hire car", "where do I register a birth": `request_form.asks_for_something`) or announced as one ("while
I've got you, ...": `acts.new_matter`). A turn that does neither is the caller reacting: a fragment of an answer to
the clarifying question ("the one from last spring", "whichever's cheaper"), a remark on the answer
("twenty working days, marvellous"), a failure in words the act model missed ("it just sits there spinning"), an
acknowledgement said loosely ("right okay, noted"). Such a turn often sits far from every example and nearer the
background than the policy (it names no query type's business), so the readings by meaning (the background class,
`calibrate.OOS_FAR`) called it out of scope and transferred the call at once.

Measured on the twenty-seven development lines at c04afed (docs/understanding-rounds.md, tenth round, part O): of the
turns after an AI move that the readings called out of scope without a request or an announced new matter, none
was labelled out of scope (19 turns, 12 calls transferred wrongly); every right out-of-scope transfer after an answer
asks or announces. At the opening nothing is pending and the caller's first words are the subject, so the rule
does not apply there. No number chosen: the request form and the new-matter wording are near-certain patterns.
"""

from __future__ import annotations

from warmline.understanding import Pending


def reacts(pending: Pending | None, asks: bool, moved: bool) -> bool:
    """The turn reacts to the AI's last move (`pending` set) and neither asks for something nor turns to a new matter.

    `asks`: the turn has a request's form or asks for work (`embedded.py`'s `asking`, before a closing is discounted);
    `moved`: it announces another matter after an answer (`acts.new_matter`). Such a turn is never out of scope.
    """
    return pending is not None and not asks and not moved
