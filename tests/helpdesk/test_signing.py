"""The webhook signature: exact format, and verification that refuses tampering and replays."""

from __future__ import annotations

import hashlib
import hmac
import re

import pytest

from activities.helpdesk.webhook import sign, verify
from tests.fakes.helpdesk import check_signature

SECRET = "s3cret"
BODY = b'{"context_id":"ctx-1","text":"caf\xc3\xa9"}'
T = 1_741_000_000


def test_sign_format_is_t_and_hex_hmac_of_t_dot_body() -> None:
    header = sign(SECRET, BODY, T)
    want = hmac.new(b"s3cret", b"1741000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t={T},v1={want}"
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", header)


def test_verify_accepts_own_signature_within_tolerance() -> None:
    header = sign(SECRET, BODY, T)
    assert verify(SECRET, header, BODY, now=T)
    assert verify(SECRET, header, BODY, now=T + 300)
    assert verify(SECRET, header, BODY, now=T - 300)


def test_fake_helpdesk_check_agrees_with_sign() -> None:
    assert check_signature(SECRET, sign(SECRET, BODY, T), BODY, now=T)


def test_tampered_body_is_refused() -> None:
    header = sign(SECRET, BODY, T)
    assert not verify(SECRET, header, BODY.replace(b"ctx-1", b"ctx-2"), now=T)
    assert not verify(SECRET, header, BODY + b" ", now=T)


def test_wrong_secret_is_refused() -> None:
    assert not verify("other", sign(SECRET, BODY, T), BODY, now=T)


def test_stale_or_future_timestamp_is_refused() -> None:
    header = sign(SECRET, BODY, T)
    assert not verify(SECRET, header, BODY, now=T + 301)
    assert not verify(SECRET, header, BODY, now=T - 301)
    assert verify(SECRET, header, BODY, now=T + 1000, tolerance_s=1000)


def test_timestamp_cannot_be_swapped() -> None:
    """The timestamp is inside the MAC, so moving it forward breaks the signature."""
    mac = sign(SECRET, BODY, T).split("v1=")[1]
    assert not verify(SECRET, f"t={T + 100},v1={mac}", BODY, now=T + 100)


def test_any_of_several_v1_entries_may_match() -> None:
    good = sign(SECRET, BODY, T).split("v1=")[1]
    assert verify(SECRET, f"t={T},v1={'0' * 64},v1={good}", BODY, now=T)


@pytest.mark.parametrize(
    "header",
    ["", "garbage", f"t={T}", "v1=abc", f"t=soon,v1={'0' * 64}", f"t={T},v1=", f"t={T};v1=abc"],
)
def test_malformed_headers_are_refused_without_raising(header: str) -> None:
    assert not verify(SECRET, header, BODY, now=T)
