"""An announced new matter after an answer that no query type claims: out of scope when told at some length.

The nearness comparison (`calibrate.follow_up`) held such a matter in scope whenever some example sat nearer than
every off-policy phrasing, which an uncovered matter in the line's own field does (its words are the line's). Told in
`TOLD_MIN_WORDS` content words or more and still unclaimed, it is not covered; a short, loosely worded second
question is asked about instead. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

from activities.understanding import calibrate, new_matter_scope
from activities.understanding.text import clean
from tests.understanding.test_new_matter import _after_answer, _line

_FENCE = "and while I've got you, your wagon clipped our fence post on the way out and it's leaning over now"


def test_an_unclaimed_new_matter_told_at_length_is_out_of_scope_however_near_the_policy() -> None:
    scores = _line("kittiwake_skips").model.score(clean(_FENCE))
    assert calibrate.follow_up(scores)  # nearer the skip line's examples than anything off-policy ...
    assert not new_matter_scope.elsewhere(scores, "book_skip")  # ... which alone held it in scope
    assert len(scores.tokens) >= new_matter_scope.TOLD_MIN_WORDS
    assert _after_answer("kittiwake_skips", "book_skip", _FENCE).out_of_scope


def test_a_short_unclaimed_new_matter_near_the_policy_is_asked_about() -> None:
    text = "one more thing, are the two-weekly ones any dearer"
    scores = _line("cedarview_opticians").model.score(clean(text))
    assert calibrate.follow_up(scores) and len(scores.tokens) < new_matter_scope.TOLD_MIN_WORDS
    assert not _after_answer("cedarview_opticians", "order_ready", text).out_of_scope


def test_a_claimed_new_matter_is_never_out_of_scope() -> None:
    scores = _line("kittiwake_skips").model.score(clean(_FENCE))
    assert not new_matter_scope.uncovered(scores, 0.9, 0.5, "book_skip")


def test_a_matter_told_at_length_is_claimed_only_clearly_over_the_threshold() -> None:
    """Just over the threshold (`TOLD_CLAIM_MARGIN`) a long matter is not claimed; a short one is."""
    scores = _line("kittiwake_skips").model.score(clean(_FENCE))
    assert new_matter_scope.uncovered(scores, 0.55, 0.5, "book_skip")
    assert not new_matter_scope.uncovered(scores, 0.65, 0.5, "book_skip")
    short = _line("cedarview_opticians").model.score(clean("one more thing, are the two-weekly ones any dearer"))
    assert not new_matter_scope.uncovered(short, 0.55, 0.5, "order_ready")


_FETE = (
    "and while I've got you, my son's school fete is next month and we'd love a couple of your scooters on display "
    "there for the kids to look at"
)


def test_an_uncovered_matter_read_just_over_the_threshold_is_out_of_scope() -> None:
    """A scooter-hire line's own things (its scooters) lift the head's reading of a covered type just over 0.5: the AI
    answered that type's answer to a request it never handles."""
    scores = _line("hopalong_scooters").model.score(clean(_FETE))
    threshold = 0.5
    assert threshold <= calibrate.head_confidence(scores) < threshold + new_matter_scope.TOLD_CLAIM_MARGIN
    assert len(scores.tokens) >= new_matter_scope.TOLD_MIN_WORDS
    assert _after_answer("hopalong_scooters", "monthly_pass", _FETE).out_of_scope
