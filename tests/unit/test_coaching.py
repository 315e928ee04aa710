"""The desk's coaching for the first 15 seconds: one case per escalation reason, confirmation, failures, auth.

Every case also holds the rules that hold for all: at most 30 words, no blame on
the AI, no identifiers (account, number, what a lookup returned) in what the agent reads.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from warmline.coaching import OPENING_MAX_WORDS, coach
from warmline.context import CallbackInfo, Caller, ContextPayload, EscalationInfo, Flags, SentimentInfo
from warmline.models import ActionRecord, Authentication, IntentRef, Reason, Speaker, Utterance

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ANSWER = "We're open from nine in the morning until six in the evening, Monday to Saturday, and closed on Sundays."
PIN = Authentication(verified=True, method="pin", verified_at=AT)
FAILED_ANSWER = ActionRecord(
    name="answer:router_reset", status="failed", detail='Caller said it did not work: "AC42"', query_type="router_reset"
)
FAILED_LOOKUP = ActionRecord(
    name="action:order_lookup", status="failed", detail="HTTP 503 for AC42", query_type="order_status"
)
SYSTEM = ActionRecord(name="understanding", status="failed", detail="model down", kind="system")
VERIFY = ActionRecord(name="verify:identity", status="failed", detail="4 digits 1234 did not match")


def said(*lines: tuple[Speaker, str]) -> list[Utterance]:
    return [Utterance(speaker=who, text=text, at=AT) for who, text in lines]


AI, CALLER = Speaker.AI, Speaker.CALLER
TALK = said(
    (AI, "Thanks for calling. How can I help?"),
    (CALLER, "what are your opening hours"),
    (AI, ANSWER),
    (CALLER, "can I speak to a real person please"),
)


def payload(
    reason: Reason = Reason.CUSTOMER_REQUEST,
    intent: str | None = "opening_hours",
    auth: Authentication | None = None,
    actions: list[ActionRecord] | None = None,
    confirm: bool = False,
    transcript: list[Utterance] | None = None,
    **extra: Any,
) -> ContextPayload:
    return ContextPayload(
        context_id="ctx-1",
        call_id="c1",
        created_at=AT,
        summary="…",
        intent=IntentRef(name=intent, confidence=0.9) if intent else None,
        authentication=auth or Authentication(),
        actions=actions or [],
        escalation=EscalationInfo(reason=reason, detail="why", turn=2),
        queue="complex",
        sentiment=SentimentInfo(score=0.0, lowest=0.0, label="neutral"),
        flags=Flags(confirmation_seeking=confirm),
        transcript=TALK if transcript is None else transcript,
        caller=Caller(number="+15550100", account_id="AC42"),
        **extra,
    )


CALLBACK = CallbackInfo(
    reason="long_wait", number="+15550100", booked_at=AT, due_at=AT, call_workflow_id="c1", workflow_id="callback-c1"
)

# (case, payload, words the opening must contain, the avoid hint: None, or words it must contain)
CASES: list[tuple[str, ContextPayload, list[str], list[str] | None]] = [
    (
        "customer request",
        payload(Reason.CUSTOMER_REQUEST),
        ["calling about opening hours", "take a look at this for you"],
        None,
    ),
    (
        "out of scope",
        payload(Reason.OUT_OF_SCOPE, intent="account_hacked"),
        ["calling about account hacked", "I can help with that"],
        None,
    ),
    (
        "failed resolution names what was tried",
        payload(Reason.FAILED_RESOLUTION, intent="router_reset", actions=[FAILED_ANSWER, FAILED_LOOKUP, SYSTEM]),
        ["router reset", "isn't sorted yet"],
        ["Already tried: the router reset answer, order lookup", "don't ask them"],
    ),
    (
        "sentiment",
        payload(Reason.SENTIMENT, intent="bill_dispute"),
        ["sorry for the trouble", "bill dispute"],
        None,
    ),
    (
        "low confidence with no intent quotes the caller",
        payload(
            Reason.LOW_CONFIDENCE,
            intent=None,
            transcript=said((AI, "How can I help?"), (CALLER, "umm the thing with the stuff")),
        ),
        ['you mentioned "umm the thing with the stuff"', "take a look"],
        None,
    ),
    (
        "unknown intent and nothing said",
        payload(Reason.CUSTOMER_REQUEST, intent=None, transcript=said((AI, "How can I help?"))),
        ["waiting to speak to someone"],
        None,
    ),
    (
        "confirmation-seeking quotes what the caller was told, briefly",
        payload(confirm=True),
        ['you were told "We\'re open from nine in the morning until six in the evening,…"', "confirm that"],
        ["only want it confirmed"],
    ),
    (
        "confirmation-seeking quotes what the caller heard of an interrupted answer",
        payload(
            confirm=True,
            transcript=[
                *TALK[:2],
                TALK[2].model_copy(update={"heard": "We're open from nine"}),
                TALK[3],
                Utterance(speaker=AI, text="I'm going to connect you with a specialist now.", at=AT),
            ],
        ),
        ['you were told "We\'re open from nine".'],
        ["only want it confirmed"],
    ),
    (
        "verified caller is not re-verified",
        payload(auth=PIN),
        ["calling about opening hours"],
        ["Verified by PIN", "no need to re-verify"],
    ),
    (
        "verified by an unknown method",
        payload(auth=Authentication(verified=True, method="voice_print")),
        ["opening hours"],
        ["Verified by voice print"],
    ),
    (
        "an unverified caller gets no re-verify hint and a failed check is never quoted",
        payload(actions=[VERIFY]),
        ["opening hours"],
        None,
    ),
    (
        "what was tried comes before the verification hint",
        payload(Reason.FAILED_RESOLUTION, auth=PIN, actions=[FAILED_LOOKUP]),
        ["isn't sorted yet"],
        ["Already tried: order lookup"],
    ),
    (
        "a callback to make",
        payload(callback=CALLBACK),
        ["calling you back about opening hours", "take a look"],
        None,
    ),
]

BLAME = re.compile(r"\b(AI|bot|robot|machine|automated|wrong|mistake|fault|failed|couldn't)\b", re.IGNORECASE)
SECRETS = ("AC42", "+15550100", "1234", "503", "model down")


@pytest.mark.parametrize(("case", "ctx", "opening", "avoid"), CASES, ids=[c[0] for c in CASES])
def test_coaching(case: str, ctx: ContextPayload, opening: list[str], avoid: list[str] | None) -> None:
    got = coach(ctx)
    for words in opening:
        assert words in got.opening, (case, got.opening)
    if avoid is None:
        assert got.avoid is None, got.avoid
    else:
        assert got.avoid is not None
        for words in avoid:
            assert words in got.avoid, (case, got.avoid)
    assert len(got.opening.split()) <= OPENING_MAX_WORDS
    assert len((got.avoid or "").split()) <= 20
    for text in (got.opening, got.avoid or ""):
        assert not BLAME.search(text), text
        assert not any(s in text for s in SECRETS), text


def test_a_long_quote_keeps_the_opening_short() -> None:
    rambling = " ".join(["and the router did another thing with its lights"] * 20)
    transcript = said((AI, rambling), (CALLER, rambling))
    for ctx in (
        payload(confirm=True, transcript=transcript),
        payload(Reason.LOW_CONFIDENCE, None, transcript=transcript),
    ):
        assert len(coach(ctx).opening.split()) <= OPENING_MAX_WORDS


def test_many_attempts_are_named_up_to_three() -> None:
    attempts = [ActionRecord(name=f"action:step_{i}", status="failed") for i in range(5)]
    hint = coach(payload(Reason.FAILED_RESOLUTION, actions=attempts)).avoid
    assert hint == "Already tried: step 0, step 1, step 2 and more — don't ask them to go through it again."


def test_every_reason_has_an_opening() -> None:
    for reason in Reason:
        assert coach(payload(reason)).opening.startswith("Thanks for holding")
