"""Thirteenth round, part B (caller_state.py): a bad event told calmly is not an upset caller. VADER reads the
event's words ("broken", "died", "lost", "wrong"), so a calm report of damage, a breakdown, a loss or a charge read
as upset, and a line that acts on one upset turn offered a specialist or transferred. With nothing in the turn of
how the caller feels about it, its feeling words weigh half; the same event told with the caller's state (a feeling
word, the service judged, blame, exasperation, intensity, a fed-up idiom) stays upset. Written for this test, not
taken from any line's calls."""

from __future__ import annotations

import pytest

from activities.understanding.caller_state import speaks_of_state
from activities.understanding.calm_ask import practical_question
from activities.understanding.sentiment import SentimentScorer

CALM_REPORTS = [
    "the gate by the car park is broken and the lock's hanging off, thought you ought to know",
    "my card got stolen on the bus last week, how do i get a new one sent",
    "the machine died on me halfway through so i got charged for nothing, what do i do",
    "we've had a leak and the ceiling in the back bedroom is damaged, who do i report it to",
    "the boiler broke down on friday and the pipe burst, can someone come",
]
UPSET_REPORTS = [
    "the gate's broken again, third time this month, i'm absolutely fed up with it",
    "my card got lost and your lot have done nothing for a week, it's a disgrace",
    "the machine died on me and i got charged for nothing, this is ridiculous",
    "we've had a leak and the ceiling is damaged and nobody has rung me back, i'm so stressed",
    "the screen cracked and you want me to pay for it, you're having a laugh",
]


@pytest.mark.parametrize("text", CALM_REPORTS)
def test_a_bad_event_told_calmly_is_not_upset(text: str) -> None:
    scorer = SentimentScorer()
    feeling, said = scorer.readings(text)
    assert feeling < -0.4, "the event's words read negative on their own"
    assert not speaks_of_state(text)
    assert said > -0.4


@pytest.mark.parametrize("text", UPSET_REPORTS)
def test_the_same_event_told_upset_stays_upset(text: str) -> None:
    assert SentimentScorer().readings(text)[1] < -0.4


NEWCOMER_ASKS = [
    "i have never used one of these before, how do i get it started",
    "right and how do i actually cancel it once it has gone through",
]
COMPLAINT_ASKS = [
    "the parcel never came, how do i get my money back",
    "why does it actually take so long, how do i chase it",
]


@pytest.mark.parametrize("text", NEWCOMER_ASKS)
def test_a_first_timer_asking_how_is_a_practical_question(text: str) -> None:
    """ "never used one before" and "how do i actually ..." ask how, not why it failed (calm_ask.py)."""
    assert practical_question(text, SentimentScorer())


@pytest.mark.parametrize("text", COMPLAINT_ASKS)
def test_never_and_actually_of_a_failure_still_complain(text: str) -> None:
    assert not practical_question(text, SentimentScorer())
