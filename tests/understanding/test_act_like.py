"""Query types that are themselves conversational acts ("thank_you", "goodbye" in a chat-style policy).

The embedded back-end strips acts before it classifies, so "thanks so much" alone never reads as a
topic in a support policy. A policy whose query types are mostly such phrasings must still get them.
"""

from __future__ import annotations

from functools import cache

import pytest

from activities.understanding.act_like import act_like_query_types
from activities.understanding.embedded import EmbeddedUnderstander
from tests.understanding.conftest import policy
from warmline.policy import Policy
from warmline.policy_file import parse_policy
from warmline.understanding import DialogAct, Understanding, UnderstandingRequest

EXAMPLES = {
    "thank_you": ["thanks so much", "thank you for your help", "thanks a lot", "i appreciate the help", "cheers"],
    "goodbye": ["bye", "goodbye for now", "see you later", "talk to you later", "bye bye then"],
    "balance": ["what's my account balance", "how much money do i have", "tell me my balance", "balance please"],
    "lost_card": ["i lost my card", "my card was stolen", "i can't find my debit card", "report a missing card"],
}


@cache
def chat_policy() -> Policy:
    return parse_policy(
        {
            "company": "Chatty Bank",
            "greeting": "Hello",
            "warm_transfer_message": "Transferring",
            "queues": [{"name": "general"}, {"name": "complex"}],
            "query_types": [
                {"name": name, "handling": "ai", "queue": "general", "answer": f"({name})", "examples": examples}
                for name, examples in EXAMPLES.items()
            ],
        },
        "chatty",
    )


def _read(p: Policy, text: str) -> Understanding:
    return EmbeddedUnderstander(p).understand_now(UnderstandingRequest(call_id="t", turn=1, text=text))


def test_only_query_types_made_of_acts_are_act_like() -> None:
    assert act_like_query_types(chat_policy()) == {"thank_you", "goodbye"}
    assert act_like_query_types(policy("brightwave")) == frozenset()
    assert act_like_query_types(policy("riverside_dental")) == frozenset()


@pytest.mark.parametrize(
    ("text", "intent", "act"),
    [
        ("thanks a lot for helping me", "thank_you", DialogAct.THANKS),
        ("ok bye, talk later", "goodbye", DialogAct.GOODBYE),
    ],
)
def test_an_act_like_query_type_is_read_from_the_whole_turn(text: str, intent: str, act: DialogAct) -> None:
    u = _read(chat_policy(), text)
    assert u.intent == intent and not u.out_of_scope and act in u.acts


def test_a_topic_beside_the_act_still_wins() -> None:
    assert _read(chat_policy(), "thanks, and how much money is in my account?").intent == "balance"


def test_asking_for_a_person_is_never_swallowed_by_a_thank_you() -> None:
    u = _read(chat_policy(), "thanks, but can I speak to a real person please")
    assert DialogAct.REQUEST_HUMAN in u.acts and u.intent != "thank_you"


def test_without_such_query_types_thanks_is_an_act_not_a_topic() -> None:
    u = _read(policy("brightwave"), "thanks a lot for helping me")
    assert u.intent is None and DialogAct.THANKS in u.acts
