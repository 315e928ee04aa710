"""A data-protection request (a copy or the erasure of the caller's records) is out of scope, unless the policy's
own phrasings ask it.

The request is clear and complete, but its words are the line's everyday ones (an account, details, a system), so the
head read it, unsurely, as a covered type and the AI asked which one was meant. `data_request.asks_for_data` reads the
near-certain form instead. Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

import pytest

from activities.understanding import data_request
from activities.understanding.data_request import asks_for_data, covers
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.text import clean
from tests.understanding.conftest import inline_policy, understand
from warmline.understanding import UnderstandingRequest

COPIES = [
    "could you post me out a copy of all the personal data your company keeps",
    "I'd like copies of the records you hold about me please, every single one",
    "I'm putting in a subject access request for my late father's file",
]
ERASURES = [
    "we've moved away now so please delete all the personal details on our family",
    "I want every last bit of information about me erased from your computers",
    "I'm asking for my right to be forgotten, get rid of everything you have on me",
]
NEITHER = [
    "I've gone through all my data already and it's only the tenth",
    "can I get a copy of all the details of the booking emailed over",
    "my phone wiped all my data when it updated, can you recover the photos",
    "how do I remove my old card details from the app",
    "can you check the address details you have for me are right",
    "I need a copy of my invoice for the accountant",
]
PARCELS = [
    {
        "name": "track_parcel",
        "queue": "a",
        "answer": "Put your tracking number into the tracker on our website.",
        "examples": ["where is my parcel", "has my delivery gone out", "track my order", "my parcel hasn't arrived"],
    },
    {
        "name": "change_address",
        "queue": "a",
        "answer": "Change your address under Account, Details before the parcel is dispatched.",
        "examples": ["I've moved house, how do I change my address", "update the details on my account"],
    },
]


@pytest.mark.parametrize("text", COPIES + ERASURES)
def test_asks_for_data(text: str) -> None:
    assert asks_for_data(clean(text), frozenset())


@pytest.mark.parametrize("text", NEITHER)
def test_other_turns_ask_for_no_data(text: str) -> None:
    assert not asks_for_data(clean(text), frozenset())


def test_a_data_request_is_out_of_scope_to_the_fallback_queue() -> None:
    u = understand("riverside_dental", COPIES[0])
    assert u.out_of_scope and u.intent is None


def test_after_an_answer_too() -> None:
    """A request told as the next matter after an answer is no follow-up on it (read as one without the rule)."""
    assert understand("riverside_dental", ERASURES[1], pending="answer").out_of_scope


@pytest.mark.parametrize(
    "text",
    [
        "I want a copy of every bit of data you hold on my account and my deliveries",
        "can you wipe all the personal details on my account from your system now I've closed it",
    ],
)
def test_the_rule_decides(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the reading, the turn was answered (0.65, 0.70) as the address change: its words are the account's."""
    p = inline_policy(PARCELS)
    req = UnderstandingRequest(call_id="c", turn=1, text=text)
    u = EmbeddedUnderstander(p).understand_now(req)
    assert u.out_of_scope and u.reply is None
    monkeypatch.setattr(data_request, "asks_for_data", lambda text, covered: False)
    assert not EmbeddedUnderstander(p).understand_now(req).out_of_scope


def test_a_policy_that_erases_records_keeps_erasure_but_not_a_copy() -> None:
    privacy = {
        "name": "close_account",
        "queue": "a",
        "answer": "Close your account under Account, Privacy; your personal data is erased within 30 days.",
        "examples": ["close my account", "please delete all my personal data", "remove my account"],
    }
    p = inline_policy([*PARCELS, privacy])
    assert covers(e for qt in p.query_types for e in qt.examples) == {"erase"}
    u = EmbeddedUnderstander(p)
    assert not u.understand_now(UnderstandingRequest(call_id="c", turn=1, text=ERASURES[0])).out_of_scope
    assert u.understand_now(UnderstandingRequest(call_id="c", turn=1, text=COPIES[0])).out_of_scope
