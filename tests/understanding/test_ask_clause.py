"""Sixteenth round, part k-ask-clause: a request for a person that rides on a long turn's topic is read in the clause
that asks (`ask_clause`), and a person merely mentioned stays no request. Our own wording, none of it from a line's
calls."""

from __future__ import annotations

import pytest

from activities.understanding import in_context
from activities.understanding.acts import addresses_someone
from activities.understanding.ask_clause import ask_clause
from activities.understanding.text import clean
from tests.understanding.conftest import encoder_passes, understand, understander
from warmline.understanding import DialogAct as A

BW = "brightwave"


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        (
            "the bill for march was double what it normally is so i need one of your advisers to go through it with me",
            "i need one of your advisers to go through it with me",
        ),
        (
            "the code never came and i have waited twenty minutes so can somebody at your side unlock it because i am"
            " late",
            "can somebody at your side unlock it",
        ),
        (
            "right that is what i thought but my wife wants me to check it with one of your people on the phone",
            "wants me to check it with one of your people on the phone",
        ),
    ],
)
def test_the_clause_that_asks_is_cut_from_a_long_turn(text: str, clause: str) -> None:
    assert ask_clause(clean(text)) == clause


@pytest.mark.parametrize(
    "text",
    [
        "my neighbour said you lot were the best around so i wanted to ask about the price of the fibre package",
        "your driver was really lovely when he came on tuesday and the speed has been fine since then thank you",
        "the lady in the office told me it would arrive by friday and it still has not turned up at all",
        "can someone ring me",  # short: the whole turn is read well enough
    ],
)
def test_no_clause_where_nobody_is_asked_for(text: str) -> None:
    assert ask_clause(clean(text)) is None


@pytest.mark.parametrize(
    ("text", "pending"),
    [
        (
            "the bill for march was double what it normally is and i cannot see why so i need one of your advisers to"
            " go through it with me",
            "answer",
        ),
        (
            "it is the thing with the account the one my son set up for me years ago could you not just get somebody"
            " there to sort it out",
            "clarify",
        ),
    ],
)
def test_an_ask_riding_on_a_topic_is_a_request(text: str, pending: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert A.REQUEST_HUMAN in understand(BW, text, pending=pending, last="bill_dispute" if pending else None).acts
    monkeypatch.setattr(in_context.ActsInContext, "_ask_in_clause", lambda *_: None)
    assert A.REQUEST_HUMAN not in understand(BW, text, pending=pending, last="bill_dispute" if pending else None).acts


@pytest.mark.parametrize(
    ("text", "pending"),
    [
        ("my neighbour said you lot were the best around so what would the fibre package cost us then", "answer"),
        ("your driver was really lovely when he came on tuesday and the speed has been fine since then", "answer"),
        ("the lady in the office told me it would arrive by friday and it still has not turned up at all", "clarify"),
        ("the man on the phone last week said someone would call me back but the bill is still wrong", "answer"),
        ("my daughter works in a call centre and she says the contract can be cancelled within a fortnight", "answer"),
        ("i do not need anyone to ring me back i just want to know what time the shop in town opens", "answer"),
        ("the chap from your team was brilliant so could you tell me when the next payment is due", "answer"),
        ("the engineer was lovely but can you tell me how long the new router takes to set itself up", "offer"),
    ],
)
def test_a_person_mentioned_is_no_request(text: str, pending: str) -> None:
    assert A.REQUEST_HUMAN not in understand(BW, text, pending=pending, last="bill_dispute").acts


def test_a_turn_without_an_ask_costs_no_extra_pass() -> None:
    understander(BW)  # fitted (its examples encoded) before counting
    text = "the lady in the office told me the engineer was booked for friday morning between eight and twelve"
    passes, _ = encoder_passes(lambda: understand(BW, text, pending="answer", last="bill_dispute"))
    assert passes == 1


def test_an_opening_is_read_whole() -> None:
    """At the opening a long turn's ask is mostly for the service itself: no clause read, no extra pass."""
    understander(BW)
    text = "we have a puppy who chewed through the cable in the lounge so could you lot send somebody to fix it for us"
    passes, _ = encoder_passes(lambda: understand(BW, text))
    assert passes == 1


@pytest.mark.parametrize(
    "text",
    ["could one of your folk look at it for me", "can one of the techs have a look at it", "is a tech free today"],
)
def test_folk_and_techs_name_someone_to_speak_to(text: str) -> None:
    assert addresses_someone(clean(text))


def test_folklore_names_nobody() -> None:
    assert not addresses_someone(clean("it is all folklore and technology these days"))
