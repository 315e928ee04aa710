"""Seventh round: a request for a person whose words name who and where the person is, not what the call is about,
and a failure reported in the same breath (our own wording, none of it from a line's calls)."""

from __future__ import annotations

import pytest

from activities.understanding.acts import find_acts
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct as A

BW = "brightwave"


@pytest.mark.parametrize(
    "text",
    [
        "is there a proper billing adviser we might ask about it",  # "is there <a ... person> we might <verb>"
        "is there somebody on the upgrades desk i could just check it with",  # where they sit, then the verb
        "could i chat with one of your engineers first",  # "one of your <people>"
        "would i be able to run it past one of you lot",  # "one of you lot"
        "please pass me on to whoever looks after upgrades",  # "whoever ..."
        "could somebody on your side switch it over for me",  # a person where the line is
        "is there anybody who can book that in for me today",  # "is there anyone who can <do it>"
    ],
)
def test_request_naming_who_the_person_is_is_found_by_the_patterns(text: str) -> None:
    assert A.REQUEST_HUMAN in find_acts(clean(text))


@pytest.mark.parametrize(
    "text",
    ["somebody at the shop told me it was sorted", "i spoke to someone on your side last week about it"],
)
def test_a_person_mentioned_is_no_request(text: str) -> None:
    assert A.REQUEST_HUMAN not in find_acts(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "is there a billing officer i could talk to rather than this thing",
        "is there anyone from the broadband side i could ask",
    ],
)
def test_who_the_person_is_names_no_topic(text: str) -> None:
    # "billing", "broadband": the person's team, cut with the request; nothing is left to route the call by.
    u = understand(BW, text)
    assert A.REQUEST_HUMAN in u.acts and u.intent is None


def test_a_topic_after_the_request_still_counts() -> None:
    u = understand(BW, "is there somebody there i could ask about setting up a direct debit for my bill")
    assert A.REQUEST_HUMAN in u.acts and u.intent == "payment_methods"


@pytest.mark.parametrize(
    "text",
    [
        "followed all that and nothing ever arrived in my inbox",
        "i've tried it a few times now, could someone ring me instead",
        "did all that, the light is still flashing, could someone call me",  # "did all that, ..."
    ],
)
def test_a_step_followed_in_vain_is_a_failure(text: str) -> None:
    # Right after an answer, with or without a request for a person: the flag for the agent is then not
    # "confirming only" (confirmation_seeking), since the caller said the answer did not work.
    assert A.NOT_RESOLVED in find_acts(clean(text))
    assert A.NOT_RESOLVED in understand(BW, text, pending="answer", last="slow_internet").acts
