"""Thirteenth round, part D: a request for a person said through the job they would do ("could one of your team just
sort it for me"), whoever does a job wanted on the phone, someone asked after by their trade, "all that" run past a
person, a team named "people", a request put as a question after a negated clause. Our own wording, none of it from a
line's calls; and near misses that ask for no one."""

from __future__ import annotations

import pytest

from activities.understanding.acts import find_acts
from activities.understanding.text import clean
from warmline.understanding import DialogAct as A


@pytest.mark.parametrize(
    "text",
    [
        "could one of your staff just change the address for me",  # a person doing the job for the caller
        "i'd be happier if somebody sorted the renewal for me",
        "can one of the lads at the depot take the payment off me",
        "would someone at your end reset the password for me please",
        "i want whoever manages the invoices on the phone today",  # whoever does a job, on the phone
        "is there a surveyor about i could have a word with",  # someone asked after by their trade
        "could we run all this past one of your team first",  # "all this" run past a person
        "i'd like to speak to one of your billing people",  # a team named "people"
        "can i get it double checked with one of your planners",
        "the letter has not come honestly could somebody at your end look into it for me",  # a question after "not"
        "i can't do this with a machine, is there anybody there",  # a machine refused, a bare "anybody there"
    ],
)
def test_a_request_asked_of_a_job_is_found(text: str) -> None:
    assert A.REQUEST_HUMAN in find_acts(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "can somebody else pick my glasses up for me",  # someone else collecting: no one asked for
        "could someone collect the bike for me on friday",  # a service asked of the company, not a person
        "my daughter could sort it for me",
        "is there a car park at the station i could use",
        "is there a quiet room in the branch we could have a chat in",
        "i could not do it with the computer so i went into town",  # a failure told, no machine refused
        "i don't want someone on the phone, i want it in writing",
    ],
)
def test_no_request_in_these(text: str) -> None:
    assert A.REQUEST_HUMAN not in find_acts(clean(text))
