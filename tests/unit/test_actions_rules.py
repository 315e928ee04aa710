"""Table-driven tests of what actions and verification add to the rules (no Temporal, no HTTP)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.actions.policy import AUTHENTICATION, balance_type
from warmline.actions import Authentication
from warmline.asr import confidence
from warmline.auth import extract, next_question, redact_secrets, verification_failed
from warmline.models import Reason
from warmline.policy import Policy, PolicyError
from warmline.policy_file import parse_policy
from warmline.resolution_rules import answered_after_auth, fold_action_failure, hold_for_auth
from warmline.trigger_models import Decision, TriggerState

BASE: dict[str, Any] = {
    "company": "Acme",
    "greeting": "Hi",
    "warm_transfer_message": "Connecting you",
    "queues": [{"name": "transactional"}, {"name": "complex"}],
    "authentication": AUTHENTICATION,
    "query_types": [
        {"name": "hours", "examples": ["when open"], "answer": "9 to 5", "queue": "transactional"},
        balance_type(),
        balance_type(
            name="order_status",
            requires_auth=False,
            max_failed_attempts=1,
            action={
                "url": "https://shop.example/orders/{account_id}",
                "needs": ["account_id"],
                "reply": "It's {status}.",
            },
        ),
    ],
}
POLICY: Policy = parse_policy(BASE)
AUTH: Authentication = POLICY.authentication  # type: ignore[assignment]

# -- fold_action_failure ----------------------------------------------------------------

FOLDS = [
    # query type, failures before, decision kind, expected kind, failures after
    ("balance_enquiry", 0, "answer", "action_failed", 1),
    ("balance_enquiry", 1, "answer", "escalate", 2),  # max_failed_attempts 2
    ("balance_enquiry", 1, "retry", "escalate", 2),
    ("order_status", 0, "answer", "escalate", 1),  # max_failed_attempts 1
]


@pytest.mark.parametrize(("qt", "before_n", "kind", "want", "after_n"), FOLDS)
def test_fold_action_failure(qt: str, before_n: int, kind: str, want: str, after_n: int) -> None:
    before = TriggerState(failures={qt: before_n} if before_n else {}, last_answer_turn=1, topic=qt)
    decided = Decision(
        kind=kind,
        query_type=qt,
        state=before.model_copy(update={"last_answer_turn": 3}),  # `decide` thought it answered on turn 3
    )
    d = fold_action_failure(POLICY, before, decided, "lookup: HTTP 500")
    assert d.kind == want and d.state.failures[qt] == after_n and d.failures_counted == 1
    assert d.state.last_answer_turn == 1  # nothing reached the caller on turn 3
    if want == "escalate":
        assert d.reason == Reason.FAILED_RESOLUTION and d.detail.endswith("Last: lookup: HTTP 500")
        assert d.query_type == qt
    else:
        assert d.reason is None and d.detail == "lookup: HTTP 500"


def test_fold_does_not_touch_the_state_it_was_given() -> None:
    before = TriggerState()
    decided = Decision(kind="answer", query_type="balance_enquiry", state=TriggerState(last_answer_turn=1))
    fold_action_failure(POLICY, before, decided, "x")
    assert decided.state.failures == {} and before.failures == {}


def test_holding_for_auth_and_answering_after_it() -> None:
    before = TriggerState(last_answer_turn=None)
    held = hold_for_auth(
        before, Decision(kind="answer", query_type="balance_enquiry", state=TriggerState(last_answer_turn=2))
    )
    assert held.kind == "authenticate" and held.state.last_answer_turn is None
    after = answered_after_auth(TriggerState(clarifications=1), "balance_enquiry", 4)
    assert (after.last_answer_turn, after.topic, after.clarifications) == (4, "balance_enquiry", 0)


# -- identifiers -----------------------------------------------------------------------------

EXTRACTS = [
    ("it's 12345678", ["account_number", "postcode"], {"account_number": "12345678"}),
    (
        "account 12345678 postcode sw1a 1aa",
        ["account_number", "postcode"],
        {"account_number": "12345678", "postcode": "SW1A1AA"},
    ),
    ("my postcode is M1 1AE", ["postcode"], {"postcode": "M11AE"}),
    ("12345678", ["postcode"], {}),  # only what is still wanted
    ("1234567 or 123456789", ["account_number"], {}),  # not eight digits
    ("I don't know it", ["account_number", "postcode"], {}),
    ("it's one two three four five six seven eight", ["account_number"], {"account_number": "12345678"}),
    ("one two three, four five six, seven eight", ["account_number"], {"account_number": "12345678"}),
    ("double one two three four five six seven", ["account_number"], {"account_number": "11234567"}),
    ("one two three four five six seven", ["account_number"], {}),  # seven digits
]


@pytest.mark.parametrize(("text", "wanted", "want"), EXTRACTS)
def test_extract(text: str, wanted: list[str], want: dict[str, str]) -> None:
    assert {c.name: c.value for c in extract(AUTH.identifiers, text, wanted)} == want


REDACTIONS = [
    ("account 12345678 postcode SW1A 1AA", "account [redacted:account_number] postcode SW1A 1AA"),
    ("12345678, I said 12345678", "[redacted:account_number], I said [redacted:account_number]"),
    ("call me on 123456789", "call me on 123456789"),  # nine digits: not an account number
    ("no numbers here", "no numbers here"),
    ("it's one two three four five six seven eight", "it's [redacted:account_number]"),  # read out as words
    ("I have one question", "I have one question"),
]


@pytest.mark.parametrize(("text", "want"), REDACTIONS)
def test_secret_identifiers_are_redacted_and_others_kept(text: str, want: str) -> None:
    assert redact_secrets(AUTH.identifiers, text) == want


QUESTIONS = [
    ("each", set(), ["account_number"], "What's your eight-digit account number?"),
    ("each", {"account_number"}, ["postcode"], "And what's the postcode on the account?"),
    (
        "all",
        set(),
        ["account_number", "postcode"],
        "What's your eight-digit account number? And what's the postcode on the account?",
    ),
]


@pytest.mark.parametrize(("ask", "have", "asking", "question"), QUESTIONS)
def test_next_question(ask: str, have: set[str], asking: list[str], question: str) -> None:
    auth = AUTH.model_copy(update={"ask": ask})
    assert next_question(auth, have) == (asking, question)


@pytest.mark.parametrize(("failed", "fires"), [(0, False), (1, False), (2, True), (3, True)])
def test_verification_fails_at_max_attempts(failed: int, fires: bool) -> None:
    fired = verification_failed(AUTH, failed, "balance_enquiry")
    assert (fired is not None) is fires
    if fired:
        assert fired.reason == Reason.FAILED_RESOLUTION and "not verified" in fired.detail


# -- ASR confidence -------------------------------------------------------------------------

CONFIDENCES = [
    ([], None),
    ([{"avg_logprob": 0.0, "no_speech_prob": 0.0, "start": 0, "end": 1}], 1.0),
    ([{"avg_logprob": -0.2, "no_speech_prob": 0.0, "start": 0, "end": 1}], 0.8187),
    ([{"avg_logprob": -0.2, "no_speech_prob": 0.5, "start": 0, "end": 1}], 0.4094),
    # duration-weighted: a long clear segment outweighs a short mumble
    (
        [
            {"avg_logprob": 0.0, "no_speech_prob": 0.0, "start": 0, "end": 3},
            {"avg_logprob": -3.0, "no_speech_prob": 0.0, "start": 3, "end": 4},
        ],
        0.7624,
    ),
    ([{"text": "no scores"}], None),
    ([{"avg_logprob": 0.3, "no_speech_prob": -1, "start": 0, "end": 0}], 1.0),  # clamped
]


@pytest.mark.parametrize(("segments", "want"), CONFIDENCES)
def test_asr_confidence(segments: list[dict[str, Any]], want: float | None) -> None:
    assert confidence(segments) == want


# -- the policy schema ---------------------------------------------------------------------


def _with(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    change(data)
    return data


INVALID = [
    (lambda d: d.pop("authentication"), "query_types[1].requires_auth: the policy has no authentication section"),
    (
        lambda d: d["query_types"][2]["action"].update(needs=["postcode"], url="/o/{postcode}"),
        "query_types[2].action.needs: 'postcode' is not a value the call has",
    ),
    (
        lambda d: d["query_types"][1]["action"].update(url="/a/{account_id}", needs=[]),
        "query_types[1].action: the request uses {account_id}; list 'account_id' in needs",
    ),
    (lambda d: d["query_types"][1]["action"].pop("reply"), "query_types[1]: the action needs a reply"),
    (lambda d: d["query_types"][1]["action"].update(reply="{unclosed"), "unbalanced brace"),
    (
        lambda d: d["query_types"][1]["action"].update(headers_from_env={"X-Key": "not an env"}),
        "not an environment variable name",
    ),
    (lambda d: d["query_types"][1]["action"].update(method="GET", body={"a": "b"}), "a GET request has no body"),
    (lambda d: d["authentication"]["identifiers"][0].update(pattern="(unclosed"), "not a valid regular expression"),
    (lambda d: d["authentication"]["identifiers"][0].update(pattern=r"\d*"), "matches the empty string"),
    (
        lambda d: d["authentication"]["verify"].update(needs=["account_number", "postcode", "dob"]),
        "authentication: the verify action needs 'dob'",
    ),
    (lambda d: d["query_types"][1].pop("action"), "needs an answer or an action"),
    (lambda d: d.update(messages={"auth_retry": "Try again {name}"}), "messages.auth_retry: only {question}"),
]


@pytest.mark.parametrize(("change", "message"), INVALID)
def test_invalid_action_policies_name_the_field(change: Any, message: str) -> None:
    with pytest.raises(PolicyError) as e:
        parse_policy(_with(change))
    assert message in str(e.value)


def test_the_demo_policy_has_a_verified_balance_lookup() -> None:
    from warmline.policy_file import load_policy

    demo = load_policy("policies/demo.yaml")
    actioned = [qt for qt in demo.query_types if qt.action is not None]
    assert actioned and all(qt.requires_auth for qt in actioned) and demo.authentication is not None
