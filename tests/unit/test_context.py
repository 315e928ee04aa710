"""The context payload and its summary: every field, at most 60 words, most important first."""

from __future__ import annotations

from datetime import UTC, datetime

from warmline.context import build_context, summarize
from warmline.models import (
    ActionRecord,
    Authentication,
    Caller,
    CallState,
    Escalation,
    IntentRef,
    Reason,
    Speaker,
    Utterance,
)

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _state(last_words: str = "no, that's not it, my discount should still apply", verified: bool = True) -> CallState:
    return CallState(
        call_id="c1",
        caller=Caller(number="+15550100", account_id="AC42"),
        turn=2,
        intent=IntentRef(name="bill_dispute", confidence=0.91),
        authentication=Authentication(
            verified=verified, method="ani_match" if verified else None, verified_at=AT if verified else None
        ),
        actions=[ActionRecord(name="answer:bill_dispute", status="failed", query_type="bill_dispute", turn=1)],
        transcript=[
            Utterance(speaker=Speaker.AI, text="Hi", at=AT),
            Utterance(speaker=Speaker.CALLER, text="my bill is too high", at=AT),
            Utterance(speaker=Speaker.AI, text="Your discount ended.", at=AT),
            Utterance(speaker=Speaker.CALLER, text=last_words, at=AT),
        ],
        sentiment=[0.0, -0.6],
    )


def test_summary_leads_with_who_and_what_and_stays_short() -> None:
    s = summarize(_state(), Reason.FAILED_RESOLUTION, "1 failed attempt at bill dispute (limit 1).", "complex", False)
    assert s.startswith("Verified caller (ani_match), account AC42 about bill dispute.")
    assert "failed resolution" in s and "upset" in s and len(s.split()) <= 60


def test_summary_of_a_rambling_caller_is_still_at_most_60_words() -> None:
    ramble = " ".join(["and then the router did this other thing with the lights"] * 40)
    s = summarize(_state(ramble, verified=False), Reason.LOW_CONFIDENCE, "x " * 100, "complex", True)
    assert len(s.split()) <= 60 and s.startswith("Unverified caller")


def test_context_payload_carries_every_contract_field() -> None:
    esc = Escalation(
        reason=Reason.CUSTOMER_REQUEST,
        detail="asked for a person",
        turn=1,
        queue="complex",
        context_id="ctx-1",
        requested_at=AT,
        confirmation_seeking=True,
    )
    ctx = build_context(_state(), esc, AT)
    body = ctx.model_dump(mode="json")
    for key in (
        "context_id",
        "call_id",
        "created_at",
        "summary",
        "intent",
        "authentication",
        "actions",
        "escalation",
        "queue",
        "sentiment",
        "flags",
        "transcript",
    ):
        assert key in body
    assert body["escalation"] == {"reason": "customer_request", "detail": "asked for a person", "turn": 2}
    assert body["flags"] == {"confirmation_seeking": True}
    assert body["authentication"]["verified"] is True and body["authentication"]["method"] == "ani_match"
    assert [u["speaker"] for u in body["transcript"]] == ["ai", "caller", "ai", "caller"]
    assert body["sentiment"]["label"] == "negative"
