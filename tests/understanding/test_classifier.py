"""The intent classifier's two views (TF-IDF + sentence-embedding head) and the confidence made from them."""

from __future__ import annotations

from functools import cache, partial

import pytest

from activities.understanding.calibrate import head_confidence
from activities.understanding.classifier import IntentModel
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.text import clean
from eval import clinc
from tests.understanding.conftest import encoder_passes, inline_policy, policy, understand, understander
from warmline.understanding import UnderstandingRequest

BW, DENTAL = "brightwave", "riverside_dental"


def _read(u: EmbeddedUnderstander, text: str):
    return u.understand_now(UnderstandingRequest(call_id="t", turn=1, text=text))


def test_the_head_ranks_query_types_by_probability() -> None:
    scores = understander(BW).model.score(clean("is there a quicker broadband package I could move to"))
    assert scores.probs is not None and abs(scores.probs.sum() + scores.oos_prob + scores.chatter_prob - 1.0) < 1e-5
    assert scores.ranked()[0][0] == "plan_upgrade" and scores.nearest > 0.5


def test_feelings_do_not_pull_the_reading_away_from_the_topic() -> None:
    u = understand(BW, "the internet keeps dropping, it's driving me mad")
    assert u.intent == "slow_internet" and u.confidence >= 0.5


def test_a_clause_about_another_query_type_makes_the_turn_torn() -> None:
    scores = understander(BW).model.score(clean("I want to cancel my contract or maybe upgrade my plan"))
    assert scores.rivals and head_confidence(scores) < 0.5
    assert understand(BW, "I want to cancel my contract").confidence >= 0.6  # one clause: no rival


def test_typos_the_encoder_cannot_read_are_rescued_when_both_views_agree() -> None:
    u = understand(BW, "wat tim do yous open tomoro")
    assert u.intent == "opening_hours" and u.confidence >= 0.5


def test_nothing_near_in_meaning_and_unknown_words_is_out_of_scope() -> None:
    u = understand(DENTAL, "what's the weather going to be like this weekend")  # "weekend" is policy vocabulary
    assert u.out_of_scope and u.intent is None


def test_one_unknown_word_is_still_not_out_of_scope() -> None:
    assert not understand(BW, "flibbertigibbet").out_of_scope


def test_out_of_scope_examples_become_a_class_of_their_own() -> None:
    qts: list[dict[str, object]] = [
        {
            "name": "menu",
            "queue": "a",
            "answer": "Pizzas.",
            "examples": ["what is on the menu", "what pizzas are there"],
        },
        {"name": "delivery", "queue": "a", "answer": "3 miles.", "examples": ["do you deliver", "how far do you go"]},
    ]
    plain = EmbeddedUnderstander(inline_policy(qts))
    guarded = EmbeddedUnderstander(
        inline_policy(qts, out_of_scope_examples=["can I book a table", "do you have a table for four tonight"])
    )
    assert _read(guarded, "is there a table free for two at eight").out_of_scope
    # Without them the shipped off-policy background is the "something else" class; the policy's own examples
    # make it surer.
    turn = clean("is there a table free for two at eight")
    assert guarded.model.score(turn).oos_prob > plain.model.score(turn).oos_prob
    assert _read(guarded, "um what pizzas have you got").intent == "menu"
    assert policy(BW).out_of_scope_examples == [] and guarded.policy.without_examples().out_of_scope_examples == []


def test_a_single_query_type_policy_still_reads_turns() -> None:
    p = inline_policy([{"name": "hours", "queue": "a", "answer": "9 to 5.", "examples": ["when are you open"]}])
    u = _read(EmbeddedUnderstander(p), "what time do you open")
    assert u.intent == "hours" and u.confidence >= 0.5


def test_a_new_turn_costs_at_most_two_encoder_passes() -> None:
    """The CPU of a turn is the encoder's passes (bench/understanding_cpu.py measures it, per box); here it is
    counted, not timed: the whole turn, and at most the turn with its acts' words cut."""
    u = understander(BW)
    texts = [f"what time does the phone team close on day {i}" for i in range(30)]  # new texts: no cache
    _read(u, "warm up")
    for t in texts:
        passes, _ = encoder_passes(partial(_read, u, t))
        assert 1 <= passes <= 2, t


@cache
def _clinc_slice() -> tuple[IntentModel, list[tuple[str, str]]]:
    """20 CLINC150 intents, 10 training phrasings each; their val phrasings plus 50 out-of-scope ones."""
    data = clinc.load()
    intents = sorted({i for _, i in data["train"]})[::7][:20]
    train = [[t, i] for t, i in data["train"] if i in intents]
    val = [(t, i) for t, i in data["val"] if i in intents][::2] + [(t, clinc.OOS) for t, _ in data["oos_val"][:50]]
    return EmbeddedUnderstander(clinc.policy_from(train, shots=10)).model, val


@pytest.mark.skipif(not clinc.DATA.exists(), reason="CLINC150 is not beside the project (../shared/data/clinc150)")
def test_confidence_at_the_default_threshold_is_meaningful_on_a_clinc_slice() -> None:
    model, val = _clinc_slice()
    preds = []
    for text, gold in val:
        scores = model.score(clean(text))
        intent = scores.ranked()[0][0] if scores.probs is not None else None
        preds.append(clinc.Prediction(gold, intent, head_confidence(scores), False))
    s = clinc.score(preds, 0.5)
    assert s.in_scope_accuracy >= 0.75 and s.oos_recall >= 0.8, s
