"""Redaction at the edge: cards typed or read out as words, security codes, the policy's extra patterns."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import BRIGHTWAVE
from warmline.policy import PolicyError, RedactionPattern, parse_policy
from warmline.redact import CARD_TOKEN, CVV_TOKEN, digits_from_words, luhn_ok, luhn_sum, redact

WORDS = "zero one two three four five six seven eight nine".split()


def spoken(digits: str, sep: str = " ") -> str:
    return sep.join(WORDS[int(d)] for d in digits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my card is 4111 1111 1111 1111", f"my card is {CARD_TOKEN}"),
        ("card 5555-5555-5555-4444 thanks", f"card {CARD_TOKEN} thanks"),
        (f"it's {spoken('4111111111111111')} ok", f"it's {CARD_TOKEN} ok"),
        (f"{spoken('4111', ', ')}, {spoken('1111', ', ')}, {spoken('1111')}. {spoken('1111')}", CARD_TOKEN),
        ("four one double one one one one one one one one one one one one one", CARD_TOKEN),
        ("five five five five 5555 5555 4444", CARD_TOKEN),
        ("three seven eight two eight two two four six three one double oh oh five", CARD_TOKEN),  # Amex, 15
        ("security code is 737", f"security code is {CVV_TOKEN}"),
        ("the CVV: seven three seven", f"the CVV: {CVV_TOKEN}"),
        ("cvc 1234", f"cvc {CVV_TOKEN}"),
        # A card read out in halves: neither half is a valid number, the utterance says what they are.
        ("I'm paying by card, it starts 5500 0000", f"I'm paying by card, it starts {CARD_TOKEN}"),
        ("and the rest of the card number is 0000 0004", f"and the rest of the card number is {CARD_TOKEN}"),
        (f"my visa is {spoken('4111')} {spoken('1111')} then", f"my visa is {CARD_TOKEN} then"),
        ("the long number ends 1234, expiry date 0927", f"the long number ends {CARD_TOKEN}, expiry date {CARD_TOKEN}"),
        # The code from the back of the card, without "security code" or "CVV".
        ("the three digits on the back are 737", f"the three digits on the back are {CVV_TOKEN}"),
        ("code on the back of the card is seven three seven", f"code on the back of the card is {CVV_TOKEN}"),
    ],
)
def test_cards_and_codes_are_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I have three kids and two dogs",
        "my order number is 1234 5678",
        "call me on oh seven seven double oh nine one two three four five",  # a phone number fails Luhn
        "4111 1111 1111 1112",  # a typo'd card is not a card
        "the code is 12",
        "I set up a direct debit of 1500 pounds",  # money, not a card
        "my SIM card stopped working in 2024",  # a card, but no card number: a year stays
        "my account number is 12345678",
    ],
)
def test_ordinary_numbers_stay(text: str) -> None:
    assert redact(text) == text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(digits=st.text("0123456789", min_size=13, max_size=19), style=st.sampled_from(["digits", "words", "mixed"]))
def test_every_luhn_valid_number_is_redacted_however_it_is_said(digits: str, style: str) -> None:
    if not luhn_ok(digits):
        digits = digits[:-1] + str((10 - luhn_sum(digits[:-1] + "0")) % 10)
    assert luhn_ok(digits)
    said = {
        "digits": " ".join(digits[i : i + 4] for i in range(0, len(digits), 4)),
        "words": spoken(digits),
        "mixed": digits[:4] + " " + spoken(digits[4:]),
    }[style]
    out = redact(f"the number is {said} thanks")
    assert out == f"the number is {CARD_TOKEN} thanks", said


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=300))
def test_redaction_never_fails_and_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


def test_policy_patterns_get_their_own_token() -> None:
    extra = [RedactionPattern(name="account", regex=r"\bKM-\d{6}\b")]
    assert redact("account KM-100234 card 4111111111111111", extra) == f"account [redacted:account] card {CARD_TOKEN}"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            {"name": "x", "regex": "(unclosed"},
            "redaction.patterns[0].regex: not a valid regular expression",
        ),
        (
            {"name": "x", "regex": r"\d*"},
            "redaction.patterns[0].regex: the regex matches the empty string",
        ),
        ({"name": "Bad Name", "regex": "a"}, "redaction.patterns[0].name"),
    ],
)
def test_bad_policy_patterns_name_the_field(pattern: dict[str, str], message: str) -> None:

    data = yaml.safe_load(BRIGHTWAVE.read_text())
    data["redaction"] = {"patterns": [pattern]}
    with pytest.raises(PolicyError) as e:
        parse_policy(data)
    assert message in str(e.value)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("my account is one two three four five six seven eight", "my account is 12345678"),
        ("double oh seven", "007"),
        ("it's 1234 five six", "it's 123456"),
        ("I have one question", "I have one question"),  # one spoken piece: not a number read out
        ("one or two", "one or two"),  # words between: two separate pieces
        ("number is 12345678", "number is 12345678"),  # typed digits untouched
    ],
)
def test_digits_read_out_as_words(text: str, want: str) -> None:
    assert digits_from_words(text) == want
