"""The trouble came right on the line (`came_right`), and failures told as what is or is not there (the fourteenth
round, part D).

A caller who finds the step working mid-turn ("oh hang on, it's gone green now, brilliant") still tells the step and
the trouble before it: the act model read a failure, "I've done it on the website" a step already tried, and the call
was transferred as it was solved. Failures told without "it didn't work" ("that's the whole reason I'm ringing",
"lovely if one ever arrived", "nobody's rung", "it's said that since nine") were read as nothing. Our own phrasings.
"""

from __future__ import annotations

import pytest

from activities.understanding.acts import find_acts
from activities.understanding.came_right import came_right
from activities.understanding.text import clean
from tests.understanding.conftest import understand
from warmline.understanding import DialogAct


@pytest.mark.parametrize(
    "text",
    [
        "oh hang on, it's gone green now, brilliant",
        "wait, I tried it on the tablet and it's gone through, there's a green tick",
        "hold on, there we go, the light's come on, you're a star",
        "oh wait hang on, there's the email, I'd missed it, sorry for snapping",
    ],
)
def test_the_trouble_came_right(text: str) -> None:
    assert came_right(clean(text))


@pytest.mark.parametrize(
    "text",
    [
        "nothing's come through yet",
        "my payment hasn't gone through",
        "the price has gone through the roof",
        "it's gone through but it's still showing unpaid",
        "hang on, it's still saying error",
        "sorry to be a pain but it won't let me in",
    ],
)
def test_trouble_that_did_not_come_right(text: str) -> None:
    assert not came_right(clean(text))


def test_came_right_after_an_answer_is_no_failure() -> None:
    """Read as a failure before (the turn tells the step and the light that was wrong)."""
    u = understand(
        "brightwave",
        "oh hang on, I've unplugged the router again and the light's gone green now, brilliant",
        pending="answer",
        last="slow_internet",
    )
    assert not u.has(DialogAct.NOT_RESOLVED) and not u.already_tried


@pytest.mark.parametrize(
    "text",
    [
        "the app only gives me the one date, that's the whole reason I'm ringing",
        "a text, yes, that would be great if one ever actually arrived",
        "the tracker's said that since eight this morning",
        "you said an engineer would ring and nobody has, so",
        "nobody's rung me and it's gone two",
        "the map hasn't moved off the depot all day",
        "I went to the counter and they've got nothing under my name",
        "I've done both buttons and it's absolutely useless",
        "that's the same spiel I got last time",
    ],
)
def test_failures_told_as_what_is_there(text: str) -> None:
    assert DialogAct.NOT_RESOLVED in find_acts(clean(text))


@pytest.mark.parametrize(
    "text",
    ["what do I do if it never arrives", "is there a reason I'm being charged", "the engineer has been and gone"],
)
def test_plain_turns_are_no_failure(text: str) -> None:
    assert DialogAct.NOT_RESOLVED not in find_acts(clean(text))
