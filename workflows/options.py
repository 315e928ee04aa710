"""Activity timeouts and retries shared by the workflows, named once: how long the line waits on each kind of I/O.

Recording and the helpdesk are retried until they succeed (nothing accepted is
ever dropped); a failed attempt only waits longer before the next.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio.common import RetryPolicy

# Delivery of a context to the helpdesk is retried until it acknowledges: a payload is never dropped. While a
# caller holds for the transfer the retries are quick; a callback's context (nobody waiting) backs off further.
HELPDESK_TIMEOUT = timedelta(seconds=30)
HELPDESK_HEARTBEAT = timedelta(seconds=2)  # the activity heartbeats while it waits: a dead worker's delivery moves on
LIVE_DELIVERY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=0.5),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=10),
    maximum_attempts=0,
)
CALLBACK_DELIVERY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=60),
    maximum_attempts=0,
)
WITHDRAW_RETRY = RetryPolicy(maximum_attempts=5)

# Writing a record (a call's outcome, a callback's, a review, the desk's accept) is retried until the store takes it.
STORE_TIMEOUT = timedelta(seconds=30)
STORE_RETRY = RetryPolicy(maximum_interval=timedelta(seconds=30), maximum_attempts=0)
