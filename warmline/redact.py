"""Redaction at the API edge: card numbers and security codes never reach history, logs or the helpdesk.

Card numbers are 13-19 digits, possibly split by spaces or dashes, that pass the
Luhn check; security codes are 3-4 digits after "security code", "CVV" or "CVC".
"""

from __future__ import annotations

import re

CARD_TOKEN = "[redacted:card]"
CVV_TOKEN = "[redacted:cvv]"

_CARD = re.compile(r"(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])")
_CVV = re.compile(
    r"(?i)\b(security\s+code|cvv2?|cvc2?|card\s+verification\s+(?:value|code))(\s*(?:is|was|:|=|-)?\s*)(\d{3,4})\b"
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    return CARD_TOKEN if 13 <= len(digits) <= 19 and luhn_ok(digits) else m.group(0)


def redact(text: str) -> str:
    """The text with card numbers and security codes replaced by tokens."""
    text = _CARD.sub(_card, text)
    return _CVV.sub(lambda m: f"{m.group(1)}{m.group(2)}{CVV_TOKEN}", text)
