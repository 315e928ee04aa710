"""Every activity's timeouts and retries, named in one place: how long the line waits on each kind of I/O.

The call's own activities are tight (a caller is listening); recording and the
helpdesk are retried until they succeed (nothing accepted is ever dropped).
The last section holds what decides how soon a dead worker's calls move on, and how
much work a worker takes at once (docs/reliability.md, "A worker killed mid-turn").
"""

from __future__ import annotations

from datetime import timedelta

from temporalio.common import RetryPolicy

# The line's policy, read once at the start of a call or a desk queue (a local activity).
POLICY_TIMEOUT = timedelta(seconds=5)

# Reading records for the weekly review: the review's thresholds, then the calls a page at a time.
REVIEW_POLICY_TIMEOUT = timedelta(seconds=10)
REVIEW_PAGE_TIMEOUT = timedelta(seconds=60)
# Embedding a week's misread phrasings (hundreds at most, ~5 ms each) and grouping them; the first call loads the
# encoder (~0.3 s).
REVIEW_MEANING_TIMEOUT = timedelta(seconds=120)
# The review's threshold fit replays the period's calls under tens of candidate policies: minutes at most,
# heartbeating every few seconds so a lost worker's fit is retried elsewhere soon.
REVIEW_FIT_TIMEOUT = timedelta(minutes=10)
REVIEW_FIT_HEARTBEAT = timedelta(seconds=30)
REVIEW_FIT_RETRY = RetryPolicy(maximum_attempts=2)

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


# -- Failover and load: the workflow task's own timeouts, and how many a worker holds at once ----------------
# A call's next turn reaches a worker in one of two ways, and each has its own clock when that worker is dead
# (read from the histories of killed turns, docs/reliability.md "A worker killed mid-turn"):
# - the task was already handed to it (a turn in flight): the server waits CALL_TASK_TIMEOUT from the task's
#   start, then puts it on the normal queue (stickiness cleared, same attempt) for any worker (set on each call's
#   workflow at start by the API; the SDK's default is 10 s);
# - the task waits on the dead worker's sticky queue (a turn sent after the crash): the server waits
#   WARMLINE_STICKY_TIMEOUT_S (`Settings.sticky_timeout_s`, default 1 s; the SDK's default is 10 s).
# The other worker polls it within ~20 ms, replays the call and runs the turn (~50-250 ms). DESIGN.md promises
# the caller at most 2 s, so both clocks are 1 s: at 2 s a turn in flight cost 2.2-2.35 s. The task timeout
# only has to cover a task's own CPU (replay and workflow code): the turn's understanding runs as a local
# activity, and the SDK heartbeats the task at 80 % of the timeout while one runs, so a slow understanding
# never times it out. What a live worker must keep under 1 s is therefore a replay: ~3 ms per turn of the
# call's history, so it is the long calls a survivor inherits all at once that press on it (measured in
# docs/reliability.md). MAX_WORKFLOW_TASKS caps what a worker takes from the server at once (the rest wait on the
# server, where no task timeout runs, instead of in the worker's queue, where it does): without a cap a spike of
# calls made the worker hoard tasks, they timed out, and each retry replayed the whole call — more work exactly
# when there was none to spare (bench/README.md). 20 rather than 10: with 10, a worker busy with turns left the
# queue workflows' queries without a poller ("no poller seen for task queue recently") long enough to fail an
# agent's desk view. MAX_REPLAYS of those may be normal-queue tasks (a call the worker does not hold, replayed
# whole): a survivor inheriting a dead worker's calls replays them a few at a time, each inside its 1 s, instead of
# all at once and all past it (runtime/workflow_slots.py).
CALL_TASK_TIMEOUT = timedelta(seconds=1)
MAX_WORKFLOW_TASKS = 20
MAX_REPLAYS = 5
