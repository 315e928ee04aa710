"""An opening that tells how the caller feels about the service and asks for nothing is a grievance, not a matter
the line does not cover.

An upset turn is a grievance ("on hold for ages"), never another topic (`EmbeddedUnderstander._not_a_grievance`),
except an opening turn whose feeling words VADER does not hear: there the learned upset reading may be hearing the
predicament ("the roads are icy, are you out gritting"), and the matter can be out of scope. But an opening that
says how the caller speaks of it (`caller_state.speaks_of_state`: fed up, "every time", "absolutely", "nobody",
the service judged) and asks the line for nothing (`request_form.asks_for_something`) is the caller venting before
the matter is told: the sentiment rule hears it (on a line that acts on one upset turn, at once), or the AI asks
what it is about. A turn that asks something ("absolutely fed up, can you cancel it") still stands on its reading.

Measured (seventeenth round, part e-upset): the development lines' unread half +1 / +1 (an out-of-scope transfer
that was the caller's upset), the read half +2 / +3; no calm call offered more.
"""

from __future__ import annotations

from activities.understanding.caller_state import speaks_of_state
from activities.understanding.request_form import asks_for_something
from activities.understanding.text import clean


def vents_first(text: str) -> bool:
    """The turn (as said) speaks of the caller's state about what happened and asks the line for nothing."""
    return speaks_of_state(text) and not asks_for_something(clean(text))
