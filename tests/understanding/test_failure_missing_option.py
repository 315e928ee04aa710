"""Eleventh round (issue 15): after an answer, the step failed said as what is missing on the caller's screen.

"There's no pay option anywhere on the app though" says the step the AI gave cannot be done there: a failure, though
it names no "still", no "again" and no failure word. The act model learns it from own rows (acts_data/own.yaml, the
eleventh-round group); a question about whether such an option exists stays a question. Our own wording, none taken
from a line's calls.
"""

from __future__ import annotations

import pytest

from tests.understanding.conftest import understand
from warmline.understanding import DialogAct


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("there's no pay option anywhere on the app though", "payment_methods"),
        ("i've looked and there's no cancel option anywhere on my account", "cancel_contract"),
        ("yeah i've been on there already and the upgrade bit is greyed out", "plan_upgrade"),
    ],
)
def test_a_missing_option_after_an_answer_is_a_failure(text: str, last: str) -> None:
    assert DialogAct.NOT_RESOLVED in understand("brightwave", text, "answer", last).acts


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("is there a pay option on the app as well", "payment_methods"),
        ("does the app have an option for paying by card", "payment_methods"),
    ],
)
def test_asking_whether_an_option_exists_is_no_failure(text: str, last: str) -> None:
    assert DialogAct.NOT_RESOLVED not in understand("brightwave", text, "answer", last).acts
