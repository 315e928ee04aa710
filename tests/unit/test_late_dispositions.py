"""Wrap-ups that come back after the record (a reached callback, a solved Zendesk ticket) count as the call's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warmline.callbacks import CallbackAttempt, CallbackState
from warmline.dispositions import LateDisposition, count_dispositions, from_callback, with_late_dispositions
from warmline.models import DispositionCode
from warmline.records import CallRecord

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LACKED, NONE = DispositionCode.AI_LACKED_KNOWLEDGE, DispositionCode.NONE


def _rec(call_id: str, codes: list[DispositionCode] | None = None) -> CallRecord:
    coded = {"disposition_codes": codes, "disposition_source": "call"} if codes else {}
    return CallRecord.model_validate(
        {"call_id": call_id, "started_at": T0, "ended_at": T0, "turns": 1, "outcome": "callback", "queue": "q", **coded}
    )


def _late(call_id: str, codes: list[DispositionCode], minutes: int, source: str = "zendesk") -> LateDisposition:
    return LateDisposition.model_validate(
        {"call_id": call_id, "source": source, "codes": codes, "at": T0 + timedelta(minutes=minutes)}
    )


def test_the_first_late_wrap_up_codes_a_call_without_its_own_and_never_overrides_one() -> None:
    records = [_rec("a"), _rec("b", [NONE]), _rec("c")]
    late = [_late("a", [NONE], 9), _late("a", [LACKED], 5, "callback"), _late("b", [LACKED], 1), _late("z", [NONE], 1)]
    merged = {r.call_id: r for r in with_late_dispositions(records, late)}
    assert (merged["a"].disposition_codes, merged["a"].disposition_source) == ([LACKED], "callback")
    assert (merged["b"].disposition_codes, merged["b"].disposition_source) == ([NONE], "call")
    assert merged["c"].disposition_codes == []
    counts = count_dispositions(list(merged.values()))
    assert counts.coded_calls == 2 and counts.by_source == {"call": 1, "callback": 1}


def _callback(outcome: str, attempts: list[str], codes: list[DispositionCode]) -> CallbackState:
    return CallbackState(
        call_id="cb",
        workflow_id="callback-cb",
        reason="after_hours",
        queue="q",
        number=None,
        booked_at=T0,
        due_at=T0,
        status="done",
        outcome=outcome,
        attempts=[
            CallbackAttempt(n=i + 1, due_at=T0, context_id=f"x-cb{i + 1}", outcome=o, reported_at=T0)
            for i, o in enumerate(attempts)
        ],
        codes=codes,
        agent_id="ann",
    )


def test_only_a_reached_callback_with_codes_is_a_disposition() -> None:
    d = from_callback(_callback("reached", ["no_answer", "reached"], [LACKED]))
    assert d is not None and (d.source, d.codes, d.agent_id) == ("callback", [LACKED], "ann")
    assert from_callback(_callback("unreachable", ["no_answer", "no_answer"], [])) is None
    assert from_callback(_callback("reached", ["reached"], [])) is None


def test_a_reached_callbacks_should_have_been_query_type_reaches_the_record() -> None:
    cb = _callback("reached", ["reached"], [DispositionCode.AI_MISIDENTIFIED_INTENT])
    d = from_callback(cb.model_copy(update={"intended_query_type": "bill_dispute"}))
    assert d is not None and d.intended_query_type == "bill_dispute"
    (merged,) = with_late_dispositions([_rec("cb")], [d])
    assert merged.intended_query_type == "bill_dispute" and merged.disposition_source == "callback"
