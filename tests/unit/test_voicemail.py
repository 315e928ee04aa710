"""Voicemail's rules without Temporal: which report of a message books it, how a transcript joins, what is said."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from warmline.messages import Messages
from warmline.voicemail import (
    Voicemail,
    VoicemailLeft,
    VoicemailRules,
    VoicemailTranscript,
    receipt,
    spoken_key,
    waits_for_transcript,
    with_recording,
    with_transcript,
)

T = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)
URL = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"
MESSAGE = VoicemailLeft(recording_url=URL, duration_s=14, recording_sid="RE1")


def vm(status: str = "recording", **kw: object) -> Voicemail:
    return Voicemail.model_validate({"status": status, "asked_at": T, **kw})


@pytest.mark.parametrize(
    ("current", "report", "expected"),
    [
        (None, MESSAGE, "refuse"),  # the call never asked for a message
        (vm(), MESSAGE, "book"),  # the first report books it
        (vm("left", recording_sid="RE1"), MESSAGE, "again"),  # Twilio's second report, or a retry: no change
        (vm("left", recording_sid="RE1"), MESSAGE.model_copy(update={"recording_sid": "RE2"}), "refuse"),
        (vm("left", recording_url=URL), MESSAGE.model_copy(update={"recording_sid": None}), "again"),  # no sid
        (vm("left", recording_url=URL), MESSAGE.model_copy(update={"recording_url": URL + "x"}), "refuse"),
        (vm("none"), MESSAGE, "refuse"),  # the call ended without one: too late
    ],
)
def test_which_report_books_the_message(current: Voicemail | None, report: VoicemailLeft, expected: str) -> None:
    assert receipt(current, report) == expected


def test_the_recording_keeps_a_transcript_that_came_first() -> None:
    early = with_transcript(vm(transcribe=True), VoicemailTranscript(status="completed", text="ring me back"))
    assert early is not None and early.status == "recording"
    left = with_recording(early, MESSAGE, T)
    assert (left.status, left.recording_url, left.duration_s, left.transcript) == ("left", URL, 14, "ring me back")
    assert left.left_at == T and not waits_for_transcript(left)


def test_an_inline_transcript_is_the_message_s_text() -> None:
    left = with_recording(vm(), MESSAGE.model_copy(update={"transcript": "about my bill"}), T)
    assert left.transcript == "about my bill" and left.transcript_status == "completed"


@pytest.mark.parametrize(
    ("current", "t", "expected"),
    [
        (vm("left", recording_sid="RE1"), VoicemailTranscript(status="completed", text=" hi "), ("hi", "completed")),
        (vm("left"), VoicemailTranscript(status="failed"), (None, "failed")),
        (vm("left"), VoicemailTranscript(status="completed", text="   "), (None, "failed")),  # nothing in it
        (
            vm("left", transcript_status="failed"),
            VoicemailTranscript(status="completed", text="late"),
            ("late", "completed"),
        ),
        (
            vm("left", transcript="first", transcript_status="completed"),
            VoicemailTranscript(status="completed", text="x"),
            None,
        ),
        (vm("left", transcript_status="failed"), VoicemailTranscript(status="failed"), None),  # a retried failure
        (vm("left", recording_sid="RE1"), VoicemailTranscript(status="completed", text="x", recording_sid="RE9"), None),
        (vm("none"), VoicemailTranscript(status="completed", text="x"), None),
    ],
)
def test_how_a_transcript_joins(
    current: Voicemail, t: VoicemailTranscript, expected: tuple[str | None, str] | None
) -> None:
    changed = with_transcript(current, t)
    assert (None if changed is None else (changed.transcript, changed.transcript_status)) == expected


@pytest.mark.parametrize(
    ("current", "waits"),
    [
        (None, False),
        (vm(transcribe=True), False),  # nothing left yet
        (vm("left", transcribe=True), True),
        (vm("left", transcribe=False), False),  # the account does not transcribe: nothing to wait for
        (vm("left", transcribe=True, transcript_status="failed"), False),
    ],
)
def test_the_first_offer_waits_only_for_an_expected_transcript(current: Voicemail | None, waits: bool) -> None:
    assert waits_for_transcript(current) is waits


@pytest.mark.parametrize(("keys", "said"), [("#", "the hash key"), ("*#", "the star key"), ("5", "5")])
def test_the_finishing_key_as_the_caller_hears_it(keys: str, said: str) -> None:
    assert spoken_key(keys) == said


@pytest.mark.parametrize(
    "bad",
    [
        {"recording_url": "javascript:alert(1)", "duration_s": 3},  # the desk links to it
        {"recording_url": "ftp://x/y", "duration_s": 3},
        {"recording_url": URL, "duration_s": 0},  # no message: the gateway posts a hangup instead
        {"recording_url": URL, "duration_s": 3, "extra": 1},
    ],
)
def test_a_malformed_message_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        VoicemailLeft.model_validate(bad)


def test_defaults_are_sane_and_the_wording_promises_nothing_unbooked() -> None:
    rules, m = VoicemailRules(), Messages()
    assert (rules.max_length_s, rules.finish_on_key, rules.transcribe) == (120, "#", False)
    assert "{opens}" in m.voicemail_prompt and "{key}" in m.voicemail_prompt
    assert "no callback is booked" in m.voicemail_empty and "call you back" in m.voicemail_left
