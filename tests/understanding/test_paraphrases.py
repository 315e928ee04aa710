"""Held-out paraphrases across two unrelated policies: intent, scope and accuracy.

Rows that the embedded classifier is known to miss are `xfail` (not hidden), and
the aggregate test holds the line at 90% of in-scope paraphrases right.
"""

from __future__ import annotations

import pytest

from tests.understanding.cases import IN_SCOPE, OUT_OF_SCOPE, TORN, UNCLEAR
from tests.understanding.conftest import understand

THRESHOLD = 0.5
# None at present: "erm how expensive is a check up with you" (torn towards booking with TF-IDF alone) is
# read as prices since the sentence-embedding head.
KNOWN_MISSES: set[str] = set()


def _right(name: str, text: str, expected: str) -> bool:
    u = understand(name, text)
    return u.intent == expected and u.confidence >= THRESHOLD and not u.out_of_scope


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(*row, marks=pytest.mark.xfail(reason="known miss", strict=True)) if row[1] in KNOWN_MISSES else row
        for row in IN_SCOPE
    ],
)
def test_in_scope_paraphrase(name: str, text: str, expected: str) -> None:
    u = understand(name, text)
    assert (u.intent, u.out_of_scope) == (expected, False)
    assert u.confidence >= THRESHOLD
    assert u.candidates[0].name == expected and len(u.candidates) <= 3


def test_accuracy_on_held_out_paraphrases() -> None:
    right = sum(_right(*row) for row in IN_SCOPE)
    accuracy = right / len(IN_SCOPE)
    print(f"embedded classifier: {right}/{len(IN_SCOPE)} held-out paraphrases right ({accuracy:.1%})")
    assert len(IN_SCOPE) >= 40
    assert accuracy >= 0.9


@pytest.mark.parametrize(("name", "text"), OUT_OF_SCOPE)
def test_out_of_scope(name: str, text: str) -> None:
    u = understand(name, text)
    assert u.out_of_scope and u.intent is None and u.reply is None


@pytest.mark.parametrize(("name", "text"), UNCLEAR)
def test_unclear_is_not_out_of_scope(name: str, text: str) -> None:
    u = understand(name, text)
    assert not u.out_of_scope and u.confidence < THRESHOLD and u.reply is None


@pytest.mark.parametrize(("name", "text", "torn"), TORN)
def test_torn_between_two_is_unclear_with_both_candidates(name: str, text: str, torn: set[str]) -> None:
    u = understand(name, text)
    assert not u.out_of_scope and u.confidence < THRESHOLD and u.reply is None
    assert torn <= {c.name for c in u.candidates[:2]}


def test_a_doubted_transcript_is_unclear_rather_than_out_of_scope() -> None:
    assert not understand("brightwave", "the weather forecast, for tomorrow", asr=0.3).out_of_scope


def test_one_unknown_word_may_be_a_misrecognition() -> None:
    u = understand("brightwave", "flibbertigibbet")
    assert not u.out_of_scope and u.confidence < THRESHOLD


def test_a_human_handled_type_in_another_domain() -> None:
    u = understand("riverside_dental", "there's blood everywhere, my gum won't stop bleeding")
    assert u.intent == "dental_emergency" and u.confidence >= THRESHOLD and u.reply is None
