"""Redaction at the API edge: card numbers and security codes never reach history, logs or the helpdesk.

Card numbers are 13-19 digits, possibly split by spaces or dashes, that pass the
Luhn check, whether typed as digits or read out as words by the speech
recogniser ("four one one one ...", "double four", "oh" for zero). In an
utterance about a card ("paying by card — it starts 5500 0000 …"), every group
of four or more digits is card data, whole or not: a number read out in halves
never passes Luhn in either half. Security codes are 3-4 digits (or digit words)
after "security code", "CVV", "CVC" or "the digits on the back".
The policy may list extra patterns (`redaction.patterns`), each replaced by
`[redacted:<name>]`.

Right after the AI asked for card details or the security code (or warned the caller
about reading them out), the caller's answer needs no keyword: the call's `expects`
(`Expects`, kept by the workflow from the AI's last reply) makes any run of digits
card data (`redact_expected`). The edge reads it before the turn is sent
(docs/security.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

CARD_TOKEN = "[redacted:card]"
CVV_TOKEN = "[redacted:cvv]"

MIN_CARD, MAX_CARD = 13, 19

_CARD = re.compile(r"(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])")

_WORD_DIGITS = {
    "zero": "0",
    "oh": "0",
    "nought": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_WORD = "(?:" + "|".join(_WORD_DIGITS) + ")"
# One spoken or written piece of a number: "4111", "four", "double four", "triple oh".
_PIECE = re.compile(rf"(?i)\b(?:(double|triple)\s+)?({_WORD})\b|\d+")
_GAP = re.compile(r"[\s,.\-]*")  # what may sit between the pieces of one number

_CVV = re.compile(
    rf"(?i)\b(security\s+code|cvv2?|cvc2?|card\s+verification\s+(?:value|code)"
    rf"|(?:(?:three|four|3|4)[\s-]+digits?|code|numbers?|digits?)\s+on\s+the\s+back(?:\s+of\s+the\s+card)?)"
    rf"(\s*(?:is|was|are|:|=|-)?\s*)"
    rf"(\d{{3,4}}\b|{_WORD}(?:[\s,-]+{_WORD}){{2,3}}\b)"
)


# An utterance about a card: its digit groups are card data even when no group is a whole, valid number.
_ABOUT_A_CARD = re.compile(
    r"(?i)\b(?:(?:credit|debit|bank|payment)\s+card|card\s+(?:number|details|ending)|long\s+number"
    r"|visa|master\s?card|amex|american\s+express|maestro|expiry\s+date|pay(?:ing)?\s+by\s+card)\b"
)
CARD_GROUP_MIN = 4  # digits in a group that, said about a card, is part of its number
CODE_DIGITS = (3, 4)  # a card security code's length

# What the AI's last reply left the caller about to say: card details, the card's security code, or nothing.
Expects = Literal["card", "security_code"]
# A reply that asks for the card's number or its security code (the keywords a question for them cannot avoid).
_ASKS_FOR_CODE = re.compile(
    r"(?i)\b(?:security\s+code|cvv2?|cvc2?|card\s+verification|(?:digits?|numbers?|code)\s+on\s+the\s+back)\b"
)
_ASKS_FOR_CARD = re.compile(
    r"(?i)\b(?:card\s+(?:number|details)|long\s+number|number\s+on\s+(?:the\s+front\s+of\s+)?(?:your|the)\s+card"
    r"|expiry\s+date)\b"
)


class Pattern(Protocol):
    """An extra redaction the policy asks for (`warmline.policy.RedactionPattern`)."""

    @property
    def name(self) -> str: ...

    @property
    def regex(self) -> str: ...


def luhn_sum(digits: str) -> int:
    """The Luhn checksum of `digits` (the last one being the check digit): every second digit from the right doubled."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total


def luhn_ok(digits: str) -> bool:
    return luhn_sum(digits) % 10 == 0


def _card(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    return CARD_TOKEN if MIN_CARD <= len(digits) <= MAX_CARD and luhn_ok(digits) else m.group(0)


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    digits: str
    spoken: bool


def _pieces(text: str) -> list[list[_Piece]]:
    """Runs of number pieces separated only by spaces, commas, dots or dashes."""
    runs: list[list[_Piece]] = []
    run: list[_Piece] = []
    for m in _PIECE.finditer(text):
        if m.group(2):
            times = {"double": 2, "triple": 3}.get((m.group(1) or "").lower(), 1)
            piece = _Piece(m.start(), m.end(), _WORD_DIGITS[m.group(2).lower()] * times, True)
        else:
            piece = _Piece(m.start(), m.end(), m.group(0), False)
        if run and not _GAP.fullmatch(text, run[-1].end, piece.start):
            runs.append(run)
            run = []
        run.append(piece)
    if run:
        runs.append(run)
    return runs


def _spoken_cards(text: str) -> str:
    """Replace card numbers read out (at least partly) as words; the longest Luhn-valid stretch wins."""
    spans: list[tuple[int, int]] = []
    for run in _pieces(text):
        if not any(p.spoken for p in run) or sum(len(p.digits) for p in run) < MIN_CARD:
            continue
        i = 0
        while i < len(run):
            best = None
            digits = ""
            for j in range(i, len(run)):  # at most MAX_CARD pieces: the loop stops once the digits are too many
                digits += run[j].digits
                if len(digits) > MAX_CARD:
                    break
                if len(digits) >= MIN_CARD and any(p.spoken for p in run[i : j + 1]) and luhn_ok(digits):
                    best = j
            if best is None:
                i += 1
                continue
            spans.append((run[i].start, run[best].end))
            i = best + 1
    for start, end in reversed(spans):
        text = text[:start] + CARD_TOKEN + text[end:]
    return text


def digits_from_words(text: str, min_digits: int = 3) -> str:
    """Numbers read out as words written as digits: "one two three four" → "1234", "double oh seven" → "007".

    Only runs with a spoken piece and at least `min_digits` digits change, so "one or two" and "I have
    one question" stay as they are. Identifiers a caller reads out (account numbers, PINs) then match
    the same patterns as typed ones.
    """
    for run in reversed(_pieces(text)):
        digits = "".join(p.digits for p in run)
        if any(p.spoken for p in run) and len(digits) >= min_digits:
            text = text[: run[0].start] + digits + text[run[-1].end :]
    return text


def _card_pieces(text: str) -> str:
    """In an utterance about a card, every run of at least `CARD_GROUP_MIN` digits (typed or said) is redacted."""
    if not _ABOUT_A_CARD.search(text):
        return text
    for run in reversed(_pieces(text)):
        if sum(len(p.digits) for p in run) >= CARD_GROUP_MIN:
            text = text[: run[0].start] + CARD_TOKEN + text[run[-1].end :]
    return text


def expects_after(reply: str) -> Expects | None:
    """What the caller is about to say after the AI's `reply`: asked for the security code, card details, or neither."""
    if _ASKS_FOR_CODE.search(reply):
        return "security_code"
    return "card" if _ASKS_FOR_CARD.search(reply) else None


def may_hold_digits(text: str) -> bool:
    """Whether `text` holds a run of at least three digits (typed or said): all `redact_expected` could change."""
    return any(sum(len(p.digits) for p in run) >= min(CODE_DIGITS) for run in _pieces(text))


def redact_expected(text: str, expects: Expects | None) -> str:
    """The caller's answer to a question for card details or the security code, with no keyword needed.

    Expecting card details, every run of four or more digits is part of the card's number and a run of three
    its code; expecting the security code, a run of three or four digits is the code, a longer one a card.
    """
    if expects is None:
        return text
    for run in reversed(_pieces(text)):
        n = sum(len(p.digits) for p in run)
        if n < min(CODE_DIGITS):
            continue
        is_code = n in CODE_DIGITS if expects == "security_code" else n < CARD_GROUP_MIN
        text = text[: run[0].start] + (CVV_TOKEN if is_code else CARD_TOKEN) + text[run[-1].end :]
    return text


def redact(text: str, extra: Iterable[Pattern] = (), expects: Expects | None = None) -> str:
    """The text with card numbers, security codes and the policy's extra patterns replaced by tokens.

    `expects`: what the AI's last reply asked for (`expects_after`); digits answering it are redacted too.
    """
    text = _CARD.sub(_card, text)
    text = _spoken_cards(text)
    text = _card_pieces(text)
    text = _CVV.sub(lambda m: f"{m.group(1)}{m.group(2)}{CVV_TOKEN}", text)
    text = redact_expected(text, expects)
    for p in extra:
        text = re.sub(p.regex, f"[redacted:{p.name}]", text)
    return text
