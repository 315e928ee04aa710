"""The answer head (`answer_head.py`): a type's answer sentences name the covered type; nothing else reads it."""

from __future__ import annotations

import numpy as np

from activities.understanding import answer_head
from activities.understanding.linear import fit_logistic
from tests.unit.decided import two_queue_policy

_AXES = {"plant": 0, "water": 1, "box": 2, "hold": 3, "weather": 4}


def _vec(text: str) -> np.ndarray:
    """A toy embedding: one axis per key word the text holds, unit length."""
    v = np.full(len(_AXES), 0.05)
    for word, axis in _AXES.items():
        v[axis] += text.count(word)
    return v / np.linalg.norm(v)


def _policy():
    return two_queue_policy(
        {
            "name": "plant_care",
            "examples": ["how do I look after my plant", "my plant needs water"],
            "answer": "Water the plant twice a week. Keep it out of strong sun.",
            "queue": "transactional",
        },
        {
            "name": "box_deliveries",
            "examples": ["where is my box", "my box has not come"],
            "answer": "We can hold your deliveries for weeks. A hold starts on your next date. Ring us to end a hold.",
            "queue": "transactional",
        },
        {"name": "complaints", "handling": "human", "examples": ["I want to complain"], "queue": "complex"},
    )


def _heads():
    policy = _policy()
    texts = ["plant", "plant water", "plant care", "box", "box", "box deliveries", "complain", "weather"]
    y = np.array([0, 0, 0, 1, 1, 1, 2, 3])
    x = np.vstack([_vec(t) for t in texts])
    w = np.ones(len(y))
    base = fit_logistic(x, y, 20.0, sample_weight=w)
    head = answer_head.fit(policy, lambda ts: np.vstack([_vec(t) for t in ts]), x, y, w, 20.0, base)
    return policy, base, head


def test_each_answer_sentence_is_a_row_of_its_type() -> None:
    texts, labels = answer_head.answer_sentences(_policy())
    assert labels == [0, 0, 1, 1, 1]
    assert texts[2].startswith("we can hold your deliveries")


def test_an_answer_s_words_name_the_type_the_examples_never_say() -> None:
    policy, base, head = _heads()
    names = [qt.name for qt in policy.query_types]
    turn = _vec("hold hold plant")  # "hold" is no example's word: the base head reads plant care
    assert names[int(np.argmax(base.decision(turn[None])[0][:2]))] == "plant_care"
    choice = answer_head.type_scores(head, turn, len(names))
    assert choice is not None
    assert answer_head.chosen("plant_care", names, choice, frozenset({"complaints"})) == "box_deliveries"


def test_the_base_reading_stands_for_a_people_s_type_no_intent_or_no_head() -> None:
    names = ["plant_care", "box_deliveries", "complaints"]
    choice = np.array([0.0, 1.0, 5.0])
    people = frozenset({"complaints"})
    assert answer_head.chosen("complaints", names, choice, people) == "complaints"
    assert answer_head.chosen(None, names, choice, people) is None
    assert answer_head.chosen("plant_care", names, None, people) == "plant_care"
    # the people's type the answer head reads first is never chosen for an AI type's turn
    assert answer_head.chosen("plant_care", names, choice, people) == "box_deliveries"


def test_a_policy_without_answers_has_no_answer_head() -> None:
    policy = two_queue_policy(
        {"name": "complaints", "handling": "human", "examples": ["I want to complain"], "queue": "complex"},
        {"name": "refunds", "handling": "human", "examples": ["I want my money back"], "queue": "complex"},
    )
    x, y = np.eye(2), np.array([0, 1])
    base = fit_logistic(x, y, 20.0)
    assert answer_head.fit(policy, lambda ts: np.eye(2)[: len(ts)], x, y, np.ones(2), 20.0, base) is None
    assert answer_head.type_scores(None, np.ones(2), 2) is None
