"""A turn costs one sentence-encoder pass when what the acts cut from it is only a pleasantry (issue 15 item 6).

The whole turn is always encoded (the learned acts and upset read it). The intent reads what is left once the
acts' words are cut; when that cut is a greeting, a thank-you or a sign-off, the encoder reads the whole turn
instead (its head has a small-talk class), so no second pass. Other cuts ("can I speak to a person") still get
their own pass: pooling parts out of the turn's pass moved decisions (bench/README.md, "One encoder pass").
"""

from __future__ import annotations

from activities.understanding.sentiment import SentimentScorer
from tests.understanding.conftest import encoder_passes, understand, understander

BW = "brightwave"


def _passes(text: str, pending: str | None = None) -> tuple[int, str | None]:
    """(texts the encoder ran its forward pass on for this turn, the intent read)."""
    understander(BW)  # fitted (its examples encoded) before counting
    passes, u = encoder_passes(lambda: understand(BW, text, pending=pending))
    return passes, u.intent


def test_a_greeting_before_the_question_costs_no_second_pass() -> None:
    passes, intent = _passes("hiya, Marek here, what time do you open on Saturday, ta")
    assert (passes, intent) == (1, "opening_hours")


def test_a_request_for_a_person_is_still_cut_from_what_the_intent_reads() -> None:
    passes, intent = _passes("my bill has gone up again, can I speak to an advisor about it please")
    assert passes == 2  # the whole turn, and the turn without the request
    assert intent == "bill_dispute"


def test_intensifiers_stay_in_what_the_encoder_hears_feelings_do_not() -> None:
    s = SentimentScorer()
    assert s.is_emotive("so") and not s.is_feeling("so")  # "so erm we're moving house": not a feeling
    assert s.is_feeling("furious") and s.is_emotive("furious")
    passes, _ = _passes("so erm we are moving flat in a fortnight, what happens to my broadband then")
    assert passes == 1
