"""A turn the head splits evenly between two of the line's query types is unclear between them, not off-policy.

Two of the out-of-scope readings hand over a turn no single query type claims: `calibrate.unclaimed` (a short request
whose runner-up has half the top type's probability or more) and `human_lead.human_story` (a long opening story led
to a type people handle). Neither asks how much of the head's probability the two types hold together. A caller who
reports a covered matter the line's two nearest types both speak of ("the bath tap's barely running, can someone
come out to it", heard as a repair and as a visit to book; "we both ordered the same thing and now there are two",
heard as a complaint and as a cancellation) leaves the head torn between them, holding most of its probability,
where a request about something else spreads a little over many types or none.

So when the runner-up has `TIED_RATIO` of the top type's probability or more (`calibrate.head_confidence`'s
separation is then under 50 %: the same bound that makes the turn unclear) and the two together are more likely
than not (`PAIR_MIN`, the head's calibrated probabilities with the background and small-talk classes in the sum),
the turn is one of those two read unclearly: the AI asks which, as for any torn turn (low_confidence if it stays
unclear), instead of a transfer about something the policy does not cover. Fifteenth issue, item 2: out of scope by
meaning is "about something the policy does not cover", and a turn the head places with the policy's own types is not.

Pure over two numbers; no phrasing, no encoder pass. Seventeenth round, part n-kept (docs/understanding-rounds.md).
"""

from __future__ import annotations

# The runner-up's share of the top type's probability from which the two are tied: 1 - `calibrate.HEAD_SEPARATION_MID`
# (where the head's separation crosses 50 %), held equal to it by a test. No number chosen here.
TIED_RATIO = 0.8
# The pair's combined probability from which the turn is more likely one of them than anything else.
PAIR_MIN = 0.5


def tied_pair(top: float, runner_up: float) -> bool:
    """The head's two best query types (calibrated, `calibrate.top_two`) tied and together more likely than not."""
    return top > 0 and runner_up >= TIED_RATIO * top and top + runner_up >= PAIR_MIN
