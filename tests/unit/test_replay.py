"""The replay without Temporal: each recorded input of a turn (clock, ASR confidence, identifiers, step outcomes,
callback answers) changes what `plan_turn` decides, exactly as it did on the live line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.actions.policy import actions_policy
from tests.conftest import BRIGHTWAVE
from warmline.models import Outcome, Reason, Speaker, Utterance
from warmline.policy import Policy
from warmline.policy_file import load_policy, parse_policy
from warmline.records import CallRecord
from warmline.replay import Replay, agrees, recorded, replay
from warmline.turn_log import StepLog, TurnLog
from warmline.understanding import DialogAct, Understanding

MONDAY = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # complex is closed on Mondays below
TUESDAY = MONDAY + timedelta(days=1)


def _record(turns: list[tuple[str, TurnLog]], **kw: Any) -> CallRecord:
    at = turns[0][1].at if turns else MONDAY
    said = [Utterance(speaker=Speaker.CALLER, text=text, at=log.at) for text, log in turns]
    return CallRecord(
        call_id="c1",
        started_at=at,
        ended_at=at + timedelta(minutes=2),
        outcome=kw.pop("outcome", Outcome.CONTAINED),
        turns=len(turns),
        transcript=said,
        turn_log=[log for _, log in turns],
        verified_at_start=kw.pop("verified_at_start", False),
        **kw,
    )


def _turn(n: int, at: datetime = MONDAY, **understanding: Any) -> TurnLog:
    steps = understanding.pop("steps", [])
    identifiers = understanding.pop("identifiers", [])
    asr = understanding.pop("asr", None)
    u = Understanding(**understanding)
    return TurnLog(turn=n, at=at, understanding=u, asr_confidence=asr, identifiers=identifiers, steps=steps)


@pytest.fixture(scope="module")
def closed_mondays() -> Policy:
    data = yaml.safe_load(BRIGHTWAVE.read_text())
    days = {d: "00:00-24:00" for d in ("tue", "wed", "thu", "fri", "sat", "sun")}
    data["queues"] = [
        {"name": "transactional"},
        {"name": "technical"},
        {"name": "complex", "hours": {"timezone": "UTC", "open": days}},
    ]
    return parse_policy(data)


@pytest.fixture(scope="module")
def kba(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    return load_policy(actions_policy(Path(tmp_path_factory.mktemp("kba"))))


async def test_a_call_without_a_turn_log_needs_an_understanding_back_end(closed_mondays: Policy) -> None:
    legacy = _record([("I want to cancel", _turn(1))]).model_copy(update={"turn_log": []})
    with pytest.raises(ValueError, match="no turn log"):
        await replay(closed_mondays, legacy)


@pytest.mark.parametrize(
    ("at", "end", "choice"), [(MONDAY, "callback_offered", "accepted"), (TUESDAY, "escalated", None)]
)
async def test_the_call_s_own_clock_decides_business_hours(
    closed_mondays: Policy, at: datetime, end: str, choice: str | None
) -> None:
    call = _record(
        [
            ("I want to cancel my contract", _turn(1, at, intent="cancel_contract", confidence=0.97)),
            ("yes please", _turn(2, at, acts=[DialogAct.AFFIRM])),  # answers the offer when one was made
        ]
    )
    rep = await replay(closed_mondays, call)
    assert (rep.end, rep.reason, rep.turn, rep.queue, rep.callback_choice) == (
        end,
        "out_of_scope",
        1,
        "complex",
        choice,
    )


async def test_a_closed_voicemail_queue_asks_for_a_message(closed_mondays: Policy) -> None:
    data = closed_mondays.model_dump(mode="json", exclude={"version"})
    next(q for q in data["queues"] if q["name"] == "complex")["after_hours"] = "voicemail"
    call = _record(
        [("I want to cancel my contract", _turn(1, intent="cancel_contract", confidence=0.97))],
        reason=Reason.OUT_OF_SCOPE,
        escalation_turn=1,
        queue="complex",
        callback_reason="voicemail",
    )
    rep = await replay(parse_policy(data), call)
    assert (rep.end, rep.reason, rep.turn) == ("voicemail", "out_of_scope", 1) and agrees(recorded(call), rep)
    assert not agrees(recorded(call), await replay(closed_mondays, call))  # a callback offer instead


async def test_an_unanswered_offer_takes_the_recorded_keypad_answer(closed_mondays: Policy) -> None:
    said = [("I want to cancel my contract", _turn(1, intent="cancel_contract", confidence=0.97))]
    for choice in ("declined", "no_answer"):
        call = _record(
            said,
            reason=Reason.OUT_OF_SCOPE,
            escalation_turn=1,
            queue="complex",
            callback_reason="after_hours",
            callback_choice=choice,
        )
        rep = await replay(closed_mondays, call)
        assert rep.callback_choice == choice and agrees(recorded(call), rep)
        assert not agrees(recorded(call.model_copy(update={"escalation_turn": 2})), rep)


async def test_asr_doubt_makes_a_confident_intent_a_guess(closed_mondays: Policy) -> None:
    hours: dict[str, Any] = {"intent": "opening_hours", "confidence": 0.98}
    sure = await replay(closed_mondays, _record([("what are your hours", _turn(1, **hours))]))
    doubted = [(f"what are your hours {n}", _turn(n, **hours, asr=0.2)) for n in (1, 2)]
    unsure = await replay(closed_mondays, _record(doubted))
    assert sure == Replay(escalated=False)
    assert (unsure.reason, unsure.turn) == ("low_confidence", 2)  # clarified once, then handed over


def _kba_call(first: bool, second: bool | None = None) -> list[tuple[str, TurnLog]]:
    """Balance asked, both identifiers given, the check passed (`first`); after a failure, given again."""
    ok = StepLog(purpose="verify", ok=True, captured=["account_id"])
    bad = StepLog(purpose="verify", ok=False)
    lookup = StepLog(purpose="resolve", ok=True, reply="Your balance is £42.50.")
    turns = [
        ("what's my balance", _turn(1, intent="balance_enquiry", confidence=0.98)),
        ("it's [redacted:account_number]", _turn(2, identifiers=["account_number"])),
        ("SW1A 1AA", _turn(3, identifiers=["postcode"], steps=[ok, lookup] if first else [bad])),
    ]
    if second is not None:
        turns += [
            ("[redacted:account_number]", _turn(4, identifiers=["account_number"])),
            ("SW1A 1AA", _turn(5, identifiers=["postcode"], steps=[ok, lookup] if second else [bad])),
        ]
    return turns


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (True, None, Replay(escalated=False)),
        (False, True, Replay(escalated=False)),
        (
            False,
            False,
            Replay(escalated=True, reason="failed_resolution", queue="transactional", turn=5, end="escalated"),
        ),
    ],
)
async def test_identity_checks_replay_their_recorded_outcomes(
    kba: Policy, first: bool, second: bool | None, expected: Replay
) -> None:
    assert await replay(kba, _record(_kba_call(first, second))) == expected


async def test_identifiers_are_replayed_by_name_not_read_from_the_redacted_words(tmp_path: Path) -> None:
    """One failed check hands over; the number (redacted in the words) is known only by its recorded name."""
    strict = load_policy(actions_policy(tmp_path, auth={"max_attempts": 1}))
    turns = _kba_call(False)
    rep = await replay(strict, _record(turns))
    assert (rep.reason, rep.turn) == ("failed_resolution", 3)
    turns[1] = (turns[1][0], turns[1][1].model_copy(update={"identifiers": []}))  # the number not said
    rep = await replay(strict, _record(turns))  # the answer held no identifier: the failed attempt is turn 2's
    assert (rep.reason, rep.turn) == ("failed_resolution", 2)


async def test_a_step_the_live_line_never_ran_is_assumed_and_counted(kba: Policy) -> None:
    data = kba.model_dump(mode="json", exclude={"version"})
    hours = next(q for q in data["query_types"] if q["name"] == "opening_hours")
    hours["action"] = next(q for q in data["query_types"] if q["name"] == "balance_enquiry")["action"]
    draft = parse_policy(data)
    call = _record([("what are your hours", _turn(1, intent="opening_hours", confidence=0.98))])
    assert (await replay(kba, call)).assumed_steps == 0
    assert (await replay(draft, call)).assumed_steps == 1
