"""A turn the gateway or the workflow redacted is read for what the caller said, never for the redaction token."""

from __future__ import annotations

from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.text import clean
from tests.line import BRIGHTWAVE
from warmline.policy_file import load_policy
from warmline.redact import redact
from warmline.understanding import UnderstandingRequest


def test_redaction_tokens_are_not_words() -> None:
    assert clean("My card is [redacted:card], code [redacted:cvv] for [redacted:order-id]") == "my card is , code for"


def test_a_card_number_read_out_is_not_a_fraud_report() -> None:
    """Read as a word, "redacted" once pulled this towards account_hacked (human-handled: an instant transfer)."""
    said = redact("my card is four one one one one one one one one one one one one one one one")
    assert "[redacted:card]" in said
    read = EmbeddedUnderstander(load_policy(BRIGHTWAVE)).understand_now(
        UnderstandingRequest(call_id="c", turn=1, text=said)
    )
    assert read.intent != "account_hacked" and not read.out_of_scope
