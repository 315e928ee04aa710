"""Eleventh round, part E: a request for a person said without "agent" or "person" — a machine refused in a
"rather not", time asked with whoever does a job, someone got hold of, sat down with or heard back from, a thing to be
confirmed by somebody there. Our own wording, none of it from a line's calls; and near misses that ask for no one."""

from __future__ import annotations

import pytest

from activities.understanding.acts import doubts_a_person, find_acts
from activities.understanding.text import clean
from warmline.understanding import DialogAct as A


@pytest.mark.parametrize(
    "text",
    [
        "honestly i'd rather not sort this out with a computer",  # a machine refused, in a "rather not"
        "i'd sooner not go through all of it with an automated thing",
        "can you make sure i end up with one of your staff and not the automated line",
        "could i have five minutes with whoever handles the invoices",  # time with whoever does a job
        "can you get hold of whoever is in charge today",
        "we'd like to sit down with one of your planners about it",
        "i'd prefer it if somebody rang me about the quote",  # a call back wished for in the past tense
        "i'd rather somebody gave me a ring about it later",
        "i'd like to have the figures checked by someone there first",
        "is one of your engineers free to talk me through the settings",
        "i really need somebody in your office who knows the contract",
        "is the supervisor at the main branch about today",
        "could i have a quick word with one of the team",
        "can i go over it all with someone in your office",  # "it all" after "go over"
        "i want someone who can explain this on the phone please",  # a longer who before "on the phone"
        "can i talk this through with the lady who came out",  # the person who visited
    ],
)
def test_a_request_without_person_words_is_found(text: str) -> None:
    assert A.REQUEST_HUMAN in find_acts(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "the direct debit is fine, it is not the automated payment that's wrong",
        "is one of the rooms free to book for saturday",  # a thing available, not a person
        "the dent was done by someone delivering next door",  # done by someone: no request
        "is the manager about to change the rules",
        "can i get hold of a replacement card",
        "i'd rather not pay for this by card",
        "my neighbour said the man who came was very good",
        "i spoke to her last week and she said it was fine",
    ],
)
def test_no_request_in_these(text: str) -> None:
    assert A.REQUEST_HUMAN not in find_acts(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "no honestly i don't need anybody, just tell me the time",  # a person turned down
        "that's fine i don't need passing on to anyone thanks",
        "no need to put me through, that's all i wanted",
    ],
)
def test_a_person_turned_down_is_no_request(text: str) -> None:
    assert doubts_a_person(clean(text))


def test_a_request_after_turning_down_a_wait_stands() -> None:
    assert not doubts_a_person(clean("i don't want to wait around, i need someone now"))
