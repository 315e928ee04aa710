"""Redaction at the edge: cards typed or read out as words, security codes, the policy's extra patterns."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import BRIGHTWAVE
from warmline.policy import PolicyError, RedactionPattern
from warmline.policy_file import parse_policy
from warmline.redact import (
    CARD_TOKEN,
    CVV_TOKEN,
    Expects,
    digits_from_words,
    expects_after,
    luhn_ok,
    luhn_sum,
    may_hold_digits,
    redact,
)

WORDS = "zero one two three four five six seven eight nine".split()


def luhn_valid(digits: str) -> str:
    """`digits` with its last digit made the Luhn check digit."""
    if not luhn_ok(digits):
        digits = digits[:-1] + str((10 - luhn_sum(digits[:-1] + "0")) % 10)
    assert luhn_ok(digits)
    return digits


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
    digits = luhn_valid(digits)
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


# -- the caller answering the AI's question for card details ---------------------------------


@pytest.mark.parametrize(
    ("reply", "want"),
    [
        ("What's the long number on the front of your card?", "card"),
        ("Please don't read card details out to me: for your security I can't take them by voice.", "card"),
        ("And the security code?", "security_code"),
        ("Now the three digits on the back, please.", "security_code"),
        ("We're open 8am to 10pm.", None),
        ("You can pay by direct debit, by card in the app, or by bank transfer.", None),
    ],
)
def test_what_the_ai_asked_for_is_read_from_its_reply(reply: str, want: Expects | None) -> None:
    assert expects_after(reply) == want


@pytest.mark.parametrize(
    ("text", "expects", "want"),
    [
        ("5 5 0 0 0 0 0 0", "card", CARD_TOKEN),  # digit by digit, no keyword, half a card
        ("it's 5500 0000, then 0000 0004", "card", f"it's {CARD_TOKEN}, then {CARD_TOKEN}"),
        ("five five oh oh", "card", CARD_TOKEN),
        ("it's 123", "card", f"it's {CVV_TOKEN}"),
        ("it's 123", "security_code", f"it's {CVV_TOKEN}"),
        ("seven three seven", "security_code", CVV_TOKEN),
        ("it's 5500 then 0000", "security_code", f"it's {CVV_TOKEN} then {CVV_TOKEN}"),
        ("5500 0000", "security_code", CARD_TOKEN),  # longer than a code: a card's digits
        ("it's 123", None, "it's 123"),  # nobody asked: an ordinary number
        ("5 5 0 0 0 0 0 0", None, "5 5 0 0 0 0 0 0"),
        ("I have two kids", "card", "I have two kids"),  # fewer than three digits: not card data
    ],
)
def test_digits_answering_the_question_are_redacted_without_a_keyword(
    text: str, expects: Expects | None, want: str
) -> None:
    assert redact(text, expects=expects) == want
    assert may_hold_digits(text) == (text != "I have two kids")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    digits=st.text("0123456789", min_size=13, max_size=19),
    style=st.sampled_from(["whole", "groups", "halves", "digits", "words"]),
)
def test_a_card_read_any_way_after_the_ai_asked_leaves_no_digits(digits: str, style: str) -> None:
    digits = luhn_valid(digits)
    half = len(digits) // 2
    said = {
        "whole": digits,
        "groups": " ".join(digits[i : i + 4] for i in range(0, len(digits), 4)),
        "halves": f"{digits[:half]} and then {digits[half:]}",
        "digits": " ".join(digits),
        "words": spoken(digits),
    }[style]
    out = redact(f"sure, it's {said}", expects="card")
    assert not any(ch.isdigit() for ch in out) and not any(w in out.split() for w in WORDS), out
