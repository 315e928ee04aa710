"""Every activity's timeouts and retries, named in one place: how long the line waits on each kind of I/O.

The call's own activities are tight (a caller is listening); recording and the
helpdesk are retried until they succeed (nothing accepted is ever dropped).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio.common import RetryPolicy

# The line's policy, read once at the start of a call or a desk queue (a local activity).
POLICY_TIMEOUT = timedelta(seconds=5)

# Reading records for the weekly review: the review's thresholds, then the calls a page at a time.
REVIEW_POLICY_TIMEOUT = timedelta(seconds=10)
REVIEW_PAGE_TIMEOUT = timedelta(seconds=60)

# A what-if replays recorded calls against a draft policy: CPU work, minutes at most; one retry for a lost worker.
WHATIF_TIMEOUT = timedelta(minutes=10)
WHATIF_RETRY = RetryPolicy(maximum_attempts=2)

# Understanding one utterance (a local activity): bounded, a blip retried; after that the turn is unclear (clarify).
UNDERSTAND_TIMEOUT = timedelta(seconds=10)
UNDERSTAND_RETRY = RetryPolicy(maximum_attempts=3, initial_interval=timedelta(milliseconds=200))

# Recognition: each HTTP step is bounded by WARMLINE_ASR_TIMEOUT_S (at most 20 s); one retry for a blip.
ASR_TIMEOUT = timedelta(seconds=45)
ASR_RETRY = RetryPolicy(initial_interval=timedelta(milliseconds=200), maximum_attempts=2)


# A query type's action: its own `timeout_s` and `max_attempts` (warmline/actions.py), retried quickly.
def action_timeout(timeout_s: float) -> timedelta:
    """The action's own timeout, and 2 s for the activity around it."""
    return timedelta(seconds=timeout_s + 2)


def action_retry(max_attempts: int) -> RetryPolicy:
    return RetryPolicy(
        initial_interval=timedelta(milliseconds=200),
        backoff_coefficient=2.0,
        maximum_interval=timedelta(seconds=2),
        maximum_attempts=max_attempts,
    )


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
