"""The turn's whole plan, path by path, without Temporal: what the AI does, says, runs and keeps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.unit.test_actions_rules import POLICY
from warmline.auth import AuthProgress
from warmline.models import Reason
from warmline.trigger_models import TriggerState
from warmline.turn_models import Dialog, StepOutcome, TurnInput, TurnPlan
from warmline.turn_plan import plan_turn
from warmline.understanding import DialogAct as A
from warmline.understanding import Understanding

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
VERIFIED = StepOutcome(purpose="verify", ok=True, detail="Verified the caller's identity.")
NOT_VERIFIED = StepOutcome(purpose="verify", ok=False, detail="no match")
LOOKED_UP = StepOutcome(purpose="resolve", ok=True, reply="£12.50", detail="looked up")
LOOKUP_FAILED = StepOutcome(purpose="resolve", ok=False, detail="HTTP 500")


def said(text: str = "hello", turn: int = 1, **u: Any) -> TurnInput:
    return TurnInput(turn=turn, text=text, understanding=Understanding(**u))


def plan(t: TurnInput, dialog: Dialog | None = None, done: list[StepOutcome] | None = None) -> TurnPlan:
    return plan_turn(POLICY, dialog or Dialog(triggers=TriggerState()), t, done or [], NOW)


def waiting(**progress: Any) -> Dialog:
    return Dialog(triggers=TriggerState(), auth=AuthProgress(query_type="balance_enquiry", **progress))


# -- answers, ends and handoffs -------------------------------------------------------------


def test_a_clear_question_is_answered_and_the_intent_kept() -> None:
    p = plan(said("when are you open", intent="hours", confidence=0.9))
    assert (p.decision and p.decision.kind, p.action, p.say, p.run) == ("answer", "reply", "9 to 5", None)
    assert p.intent is not None and (p.intent.name, p.intent.confidence) == ("hours", 0.9)
    assert p.triggers.last_kind == "answer" and p.triggers.topic == "hours"


def test_a_doubted_transcript_keeps_no_intent() -> None:
    t = said("when are you open", intent="hours", confidence=0.9).model_copy(update={"asr_confidence": 0.2})
    p = plan(t)
    assert p.intent is None and p.decision is not None and p.decision.kind == "clarify"


def test_goodbye_ends_the_call() -> None:
    p = plan(said("bye", acts=[A.GOODBYE]))
    assert (p.action, p.say) == ("end", POLICY.messages.goodbye)


def test_a_request_for_a_person_is_routed_and_says_nothing_itself() -> None:
    p = plan(said("a person please", acts=[A.REQUEST_HUMAN]))
    assert p.decision is not None and (p.decision.kind, p.decision.reason) == ("escalate", Reason.CUSTOMER_REQUEST)
    assert p.route is not None and p.route.queue and p.route.open
    assert p.say == "" and p.run is None


# -- lookups (a query type with an `action`) -------------------------------------------------

ORDER: dict[str, Any] = {"intent": "order_status", "confidence": 0.95}


def test_a_lookup_runs_first_then_answers_with_what_it_found() -> None:
    first = plan(said("where's my order", **ORDER))
    assert first.run is not None and (first.run.purpose, first.run.query_type) == ("resolve", "order_status")
    final = plan(said("where's my order", **ORDER), done=[LOOKED_UP])
    assert (final.run, final.action, final.say) == (None, "reply", "£12.50")


def test_a_failed_lookup_at_the_limit_hands_off_as_failed_resolution() -> None:
    p = plan(said("where's my order", **ORDER), done=[LOOKUP_FAILED])  # order_status: max_failed_attempts 1
    assert p.decision is not None and (p.decision.kind, p.decision.reason) == ("escalate", Reason.FAILED_RESOLUTION)
    assert "HTTP 500" in p.decision.detail and p.route is not None


# -- verification (a query type with `requires_auth`) ---------------------------------------

BALANCE: dict[str, Any] = {"intent": "balance_enquiry", "confidence": 0.95}


def test_an_answer_that_needs_a_verified_caller_asks_for_the_identifiers() -> None:
    p = plan(said("what's my balance", **BALANCE))
    assert p.decision is not None and p.decision.kind == "authenticate" and p.run is None
    assert p.auth is not None and p.auth.query_type == "balance_enquiry" and p.auth.waiting
    assert "eight-digit account number" in p.say and p.intent is not None
    assert p.triggers.last_kind == "authenticate" and p.triggers.last_answer_turn is None


def test_identifiers_given_with_the_question_are_checked_then_the_lookup_runs() -> None:
    t = said("my balance, account 12345678, SW1A 1AA", **BALANCE)
    first = plan(t)
    assert first.run is not None and first.run.purpose == "verify"
    assert sorted(c.name for c in first.capture) == ["account_number", "postcode"]
    second = plan(t, done=[VERIFIED])
    assert second.run is not None and second.run.purpose == "resolve" and second.auth is None
    final = plan(t, done=[VERIFIED, LOOKED_UP])
    assert final.run is None and final.say.startswith(POLICY.messages.auth_verified) and "£12.50" in final.say


def test_a_failed_check_asks_for_every_identifier_again() -> None:
    t = said("12345678 and SW1A 1AA", turn=2)
    p = plan(t, waiting(), done=[NOT_VERIFIED])
    assert p.forget_identifiers and p.auth is not None and p.auth.failed_attempts == 1
    assert p.decision is not None and p.decision.kind == "authenticate"
    assert p.auth.asking == ["account_number"] and "account number" in p.say


def test_the_last_failed_check_hands_off() -> None:
    p = plan(said("12345678 and SW1A 1AA", turn=3), waiting(failed_attempts=1), done=[NOT_VERIFIED])
    assert p.decision is not None and p.decision.kind == "escalate" and p.forget_identifiers


def test_an_answer_without_the_identifiers_is_a_failed_attempt() -> None:
    p = plan(said("I don't have it to hand", turn=2), waiting())
    assert p.auth is not None and p.auth.failed_attempts == 1 and p.auth.waiting
    assert p.say.startswith(POLICY.messages.auth_not_heard.split("{")[0])


@pytest.mark.parametrize(
    ("text", "u"),
    [
        ("can I talk to someone", {"acts": [A.REQUEST_HUMAN]}),
        ("actually, when are you open?", {"intent": "hours", "confidence": 0.9}),
        ("never mind, bye", {"acts": [A.GOODBYE]}),
    ],
)
def test_a_caller_who_moves_on_leaves_the_verification_waiting_no_more(text: str, u: dict[str, Any]) -> None:
    p = plan(said(text, turn=2, **u), waiting())
    assert p.auth is not None and not p.auth.waiting and p.auth.failed_attempts == 0
    assert p.decision is not None and p.decision.kind != "authenticate"


def test_a_verified_caller_is_not_asked_again() -> None:
    p = plan(said("what's my balance", **BALANCE), Dialog(triggers=TriggerState(), verified=True))
    assert p.run is not None and p.run.purpose == "resolve"


# -- callback offers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acts", "asked", "move"),
    [
        ([A.AFFIRM], 1, "accept"),
        ([A.AFFIRM, A.DENY], 1, "decline"),
        ([A.DENY], 1, "decline"),
        ([], 1, "reask"),
        ([], 2, "decline"),
    ],
)
def test_an_answer_to_a_callback_offer(acts: list[A], asked: int, move: str) -> None:
    dialog = Dialog(triggers=TriggerState(offer_asked=0), callback_asked=asked)
    p = plan(said("hmm", acts=acts, intent="hours", confidence=0.9), dialog)
    assert (p.callback, p.decision, p.triggers) == (move, None, dialog.triggers)


# -- purity -------------------------------------------------------------------------------


def test_the_plan_changes_nothing_it_was_given() -> None:
    dialog = waiting()
    before = dialog.model_copy(deep=True)
    t = said("12345678 and SW1A 1AA", turn=2)
    assert plan(t, dialog, [NOT_VERIFIED]) == plan(t, dialog, [NOT_VERIFIED])
    assert dialog == before


# -- card details read out ------------------------------------------------------------------


def test_a_caller_reading_out_card_details_is_told_not_to_first() -> None:
    p = plan(said("it's about paying, my card is [redacted:card]", intent="hours", confidence=0.9))
    assert p.say.startswith(POLICY.messages.card_details_spoken) and p.say.endswith("9 to 5")
    code = plan(said("and the three digits on the back are [redacted:cvv]"))
    assert code.say.startswith(POLICY.messages.card_details_spoken)
    person = plan(said("[redacted:card], now get me a person", acts=[A.REQUEST_HUMAN]))
    assert person.say == "" and person.route is not None  # a handoff says its own words


def test_after_telling_the_caller_not_to_the_edge_expects_card_digits() -> None:
    warned = plan(said("it's about paying, my card is [redacted:card]", intent="hours", confidence=0.9))
    assert warned.expects == "card"
    assert plan(said("what time do you open", intent="hours", confidence=0.9)).expects is None
    # Asked for identifiers (digits, maybe), the caller's answer must reach the check: no card expected.
    asking = plan(said("[redacted:card] what's my balance", **BALANCE))
    assert asking.decision is not None and asking.decision.kind == "authenticate"
    assert asking.say.startswith(POLICY.messages.card_details_spoken) and asking.expects is None
    assert plan(said("what's my balance", **BALANCE)).expects is None


def _paying() -> Any:
    data = POLICY.model_dump()
    data["card_payments"] = {"queue": "complex"}
    return type(POLICY).model_validate(data)


def test_a_line_with_a_payments_queue_offers_it_and_a_yes_transfers_there() -> None:
    paying = _paying()
    t = said("it's about paying, my card is [redacted:card]", intent="hours", confidence=0.9)
    offered = plan_turn(paying, Dialog(triggers=TriggerState()), t, [], NOW)
    assert offered.say.startswith(paying.messages.card_details_spoken)
    assert offered.say.endswith(paying.messages.card_payments_offer) and offered.offers_payments
    assert not plan(t).offers_payments  # no payments queue: no offer
    yes = said("yes please", turn=2, acts=[A.AFFIRM])
    taken = plan_turn(paying, Dialog(triggers=TriggerState(), payments_offered=True), yes, [], NOW)
    assert taken.decision is not None and taken.decision.reason == Reason.CUSTOMER_REQUEST
    assert taken.route is not None and taken.route.queue == "complex" and taken.say == ""
    no = said("no thanks", turn=2, acts=[A.DENY])
    kept = plan_turn(paying, Dialog(triggers=TriggerState(), payments_offered=True), no, [], NOW)
    assert kept.route is None and not kept.offers_payments
    # A yes with no offer made is an ordinary yes.
    assert plan_turn(paying, Dialog(triggers=TriggerState()), yes, [], NOW).route is None


@pytest.mark.parametrize("text", ["[redacted:card]", "then [redacted:card], [redacted:cvv]", "it's [redacted:card]"])
def test_a_turn_of_card_details_only_is_warned_again_not_judged_out_of_scope(text: str) -> None:
    out_of_scope = said(text, out_of_scope=True)
    again = plan(out_of_scope)
    assert again.route is None and again.expects == "card" and not again.offers_payments
    assert again.say == f"{POLICY.messages.card_details_spoken} {POLICY.messages.after_card_details}"
    paying = plan_turn(_paying(), Dialog(triggers=TriggerState()), out_of_scope, [], NOW)
    assert paying.offers_payments and paying.say.endswith(POLICY.messages.card_payments_offer)
    # With words besides the card, the turn is planned as usual (here: out of scope, a handoff).
    assert plan(said(f"{text} and someone hacked my account", out_of_scope=True)).route is not None
