"""Search attributes every call carries, so operators can filter calls in the Temporal UI.

e.g. `WarmlineReason="low_confidence" AND WarmlineQueue="complex"`. The worker
registers them on start when the server lacks them.
"""

from __future__ import annotations

from temporalio.common import SearchAttributeKey, SearchAttributePair, TypedSearchAttributes

from warmline.models import CallStart, Status

STATUS = SearchAttributeKey.for_keyword("WarmlineStatus")
INTENT = SearchAttributeKey.for_keyword("WarmlineIntent")
REASON = SearchAttributeKey.for_keyword("WarmlineReason")
QUEUE = SearchAttributeKey.for_keyword("WarmlineQueue")
AUTHENTICATED = SearchAttributeKey.for_bool("WarmlineAuthenticated")

ALL = (STATUS, INTENT, REASON, QUEUE, AUTHENTICATED)


def at_start(start: CallStart) -> TypedSearchAttributes:
    """What a new call shows before its first task: set on the start request, so the call's first task need not
    upsert them (a visibility write fewer per call; `CallSession.shown_at_start`)."""
    return TypedSearchAttributes(
        [
            SearchAttributePair(STATUS, Status.AI.value),
            SearchAttributePair(AUTHENTICATED, start.caller.authenticated),
        ]
    )
