"""The optional `minilm` back-end (sentence-transformers over torch); skipped when the extra is not installed."""

from __future__ import annotations

import importlib.util

import pytest

from activities.understanding.factory import make_understander
from tests.understanding.conftest import policy
from warmline.understanding import DialogAct, UnderstandingRequest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("sentence_transformers") is None,
    reason="the minilm back-end needs the `embeddings` extra (torch + sentence-transformers)",
)


def _read(text: str, name: str = "brightwave", **kw: object):
    from activities.understanding.minilm import MiniLmUnderstander

    u = make_understander(policy(name), "minilm")
    assert isinstance(u, MiniLmUnderstander) and u.backend == "minilm"
    return u.understand_now(UnderstandingRequest(call_id="t", turn=1, text=text, **kw))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is there a quicker broadband package I could move to?", "plan_upgrade"),
        ("how do I pay my bill by direct debit?", "payment_methods"),
        ("my wifi keeps cutting out every few minutes", "slow_internet"),
    ],
)
def test_paraphrases_are_recognised(text: str, intent: str) -> None:
    u = _read(text)
    assert (u.intent, u.out_of_scope, u.backend) == (intent, False, "minilm")
    assert u.confidence >= 0.5 and u.candidates[0].name == intent


def test_an_unrelated_request_is_out_of_scope() -> None:
    u = _read("can you recommend a good pizza restaurant nearby")
    assert u.out_of_scope and u.intent is None and u.reply is None


def test_acts_and_sentiment_are_the_embedded_ones() -> None:
    u = _read("this is useless, let me speak to a real person")
    assert DialogAct.REQUEST_HUMAN in u.acts and u.sentiment < 0
