"""Search attributes every call carries, so operators can filter calls in the Temporal UI.

e.g. `WarmlineReason="low_confidence" AND WarmlineQueue="complex"`. The worker
registers them on start when the server lacks them.
"""

from __future__ import annotations

from temporalio.common import SearchAttributeKey

STATUS = SearchAttributeKey.for_keyword("WarmlineStatus")
INTENT = SearchAttributeKey.for_keyword("WarmlineIntent")
REASON = SearchAttributeKey.for_keyword("WarmlineReason")
QUEUE = SearchAttributeKey.for_keyword("WarmlineQueue")
AUTHENTICATED = SearchAttributeKey.for_bool("WarmlineAuthenticated")

ALL = (STATUS, INTENT, REASON, QUEUE, AUTHENTICATED)
