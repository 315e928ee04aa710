"""Stories about something the AI never handles, handed to the people who do at once (out_of_scope to that query
type's queue) instead of a clarifying question: the head leads with a query type people handle, near in meaning but
not sure enough to name it (`human_lead`), or a little further off with that type alone (`human_claimed`), or, at the
opening, told at length with a clear lead for that type however far the story's words sit from its examples
(`human_story`), or, before any answer, led to a little further off than `human_lead` reads but nearer the policy
than anything off it (`human_nearer`).

The readings of the head they build on (`top_two`, `claimed`, the torn-turn `_rival`) are `calibrate.py`'s.
"""

from __future__ import annotations

from activities.understanding.calibrate import (
    OOS_MAX_NEAREST,
    UNCLAIMED_MAX_WORDS,
    UNCLAIMED_NEAREST,
    _rival,
    claimed,
    top_two,
)
from activities.understanding.classifier import Scores

# Human lead (`human_lead`): the head's top probability, raw and calibrated, must be a guess at all (the floor under
# which the embedded back-end names no intent), not a sliver left over by the chatter and background classes.
HUMAN_MIN_LEAD = 0.1
HUMAN_LEAD_RATIO = 0.5  # ... and the runner-up under this share of it: unclaimed's ratio, held (that one is tuned)
# Human story (`human_story`): the head's calibrated lead for the human-handled type a long opening story reads best as.
# Chosen on the 27 dev lines (tenth round, part S): at 0.25 eight stories gained and no right call lost; at 0.2 ten and
# one contained call (a spill on a laptop, which the AI answers, read best as "damaged or lost"); at 0.3 six.
STORY_MIN_LEAD = 0.25


def _led_by_human(
    scores: Scores, human: frozenset[str], confidence: float, threshold: float, near: float
) -> tuple[float, float] | None:
    """What `human_lead` and `human_claimed` both need: an example at least `near`, a guess-sized lead for a type
    people handle that the triggers would not hand over already (`confidence` under its `threshold`), the turn
    neither hedged nor torn between clauses (`_rival`). The head's top two, or None."""
    if scores.probs is None or scores.hedged or not scores.tokens or scores.nearest < near:
        return None
    top, raw = scores.ranked()[0]
    if top not in human or raw < HUMAN_MIN_LEAD or confidence >= threshold:
        return None
    p, runner_up = top_two(scores)
    rival = max((_rival(q, n, own, False) for q, n, own in scores.rivals), default=0.0)
    return (p, runner_up) if p >= HUMAN_MIN_LEAD and rival < 0.5 else None


def human_lead(scores: Scores, human: frozenset[str], confidence: float = 0.0, threshold: float = 0.5) -> bool:
    """The head leads with a query type people handle, near in meaning, though not surely enough to name it.

    The mirror of `unclaimed`: an example within UNCLAIMED_NEAREST and the runner-up under HUMAN_LEAD_RATIO of the top
    one. A complaint about staff, a break-in or arrears told in the caller's own story ("the fitter who came round swore
    at my mum and left his rubbish") sits only half near the type's few examples, so its confidence stays under the
    threshold and the AI would ask a clarifying question about something it never handles: handed to that type's
    people at once instead (`confidence` under its `threshold`: above it, the triggers hand it over already). Not for a
    turn torn between clauses (`_rival`) or hedged: that one is unclear.
    """
    led = _led_by_human(scores, human, confidence, threshold, UNCLAIMED_NEAREST)
    return led is not None and led[1] < HUMAN_LEAD_RATIO * led[0]


def human_claimed(scores: Scores, human: frozenset[str], confidence: float = 0.0, threshold: float = 0.5) -> bool:
    """`human_lead` a little further off: a story (a room's state, a member of staff) at OOS_MAX_NEAREST to
    UNCLAIMED_NEAREST from the examples of a type people handle, which the head puts with that type alone (`claimed`).
    Not torn or hedged, not sure enough to be handed over by the triggers already."""
    return _led_by_human(scores, human, confidence, threshold, OOS_MAX_NEAREST) is not None and claimed(scores)


def human_story(scores: Scores, human: frozenset[str], confidence: float = 0.0, threshold: float = 0.5) -> bool:
    """At the opening, a matter people handle told at length: the head's best reading is a type people handle, by at
    least STORY_MIN_LEAD, and the turn is a story (more content words than `unclaimed` reads, UNCLAIMED_MAX_WORDS).

    A caller who opens with what happened ("we came back down to the car deck and there was a big dent in the door",
    "the lad who came on Tuesday left pellets all over the patio") tells a complaint or a damage claim in the story's
    own words: they sit 0.30-0.57 from the type's few examples and spread the head over the types the story touches
    (a booking, a visit), so neither the nearness `human_lead` needs nor the lone claim `human_claimed` needs holds,
    and the AI asked a clarifying question about something it never handles. The nearness and the runner-up say
    little about a long story (the reason `unclaimed` stops at UNCLAIMED_MAX_WORDS); the head's lead still names
    the matter. Not torn or hedged, not sure enough to be handed over by the triggers already (`_led_by_human`).
    """
    led = _led_by_human(scores, human, confidence, threshold, 0.0)
    return led is not None and len(scores.tokens) > UNCLAIMED_MAX_WORDS and led[0] >= STORY_MIN_LEAD


def human_nearer(scores: Scores, human: frozenset[str], confidence: float = 0.0, threshold: float = 0.5) -> bool:
    """`human_lead` from a little further off (an example at OOS_MAX_NEAREST, not UNCLAIMED_NEAREST), when the turn is
    nearer the policy's examples than anything off it (`else_nearest` under `nearest`): a short report of a matter
    people handle ("my watch was on the side before your cleaner came", "your staff say I broke it and I didn't").

    Such a report sits 0.40-0.45 from the few examples of a claims or complaints type, so `human_lead`'s nearness
    fails, and the runner-up keeps a fifth of the lead, so `human_claimed`'s lone claim fails too; the AI then asked a
    clarifying question about something it never handles. In that band the comparison with the off-policy phrasings
    does the work `human_lead`'s stricter nearness does: it keeps the turn to the line's own matters, not small talk
    or something else ("lovely morning for it, the garden is loving the rain"). The caller (`embedded._human_lead`)
    reads it only before any answer: a follow-up on one ("and is that the same at the weekend") reads the same way
    and is about what was answered. The lead's bound is `human_lead`'s (HUMAN_LEAD_RATIO), the vetoes the same
    (torn, hedged, sure enough: `_led_by_human`); no number chosen here.
    """
    if scores.else_nearest >= scores.nearest:
        return False
    led = _led_by_human(scores, human, confidence, threshold, OOS_MAX_NEAREST)
    return led is not None and led[1] < HUMAN_LEAD_RATIO * led[0]
