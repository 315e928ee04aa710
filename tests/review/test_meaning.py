"""Misread phrasings grouped by meaning with the shipped sentence encoder, and shown with the agents' choice."""

from __future__ import annotations

from datetime import timedelta

from activities.meaning import group_phrasings
from tests.review.conftest import CODE, call
from tests.store_records import T0
from warmline.markdown_html import to_html
from warmline.meaning import MEANING_THRESHOLD, group_by_cosine
from warmline.metrics import metrics_of
from warmline.models import Reason
from warmline.policy import Policy
from warmline.proposals import propose
from warmline.records import CallRecord
from warmline.review_meaning import meaning_patterns, misread_phrasings
from warmline.review_models import MeaningGroups, MeaningRequest, Phrasing
from warmline.review_report import build_report, to_markdown

MIS = CODE.AI_MISIDENTIFIED_INTENT
DOUBLE_BILL = [
    "why was I charged twice this month",
    "my bill has the same charge on it two times",
    "you billed me double",
]
MOVING = ["I am moving house, can I take my broadband with me", "we are relocating, what happens to my broadband"]
HACKED = ["someone got into my account and changed the password"]


def _grouped(texts: list[str]) -> list[list[str]]:
    req = MeaningRequest(phrasings=[Phrasing(call_id=t, text=t) for t in texts], threshold=MEANING_THRESHOLD)
    return group_phrasings(req).groups


def test_paraphrases_of_one_request_group_together_and_different_requests_stay_apart() -> None:
    mixed = [DOUBLE_BILL[0], MOVING[0], HACKED[0], DOUBLE_BILL[1], MOVING[1], DOUBLE_BILL[2]]
    groups = _grouped(mixed)
    assert sorted(map(sorted, groups)) == sorted(map(sorted, [DOUBLE_BILL, MOVING, HACKED]))
    assert groups[0] == [t for t in mixed if t in DOUBLE_BILL]  # largest first, in the order the calls came


def test_grouping_is_deterministic_and_empty_input_loads_nothing() -> None:
    texts = [*DOUBLE_BILL, *MOVING, *HACKED]
    assert _grouped(texts) == _grouped(texts)
    assert group_phrasings(MeaningRequest(phrasings=[], threshold=0.4)).groups == []
    assert group_by_cosine(__import__("numpy").zeros((0, 384))) == []


def _misread(cid: str, said: str, intent: str, **kw: object) -> CallRecord:
    return call(cid, [said], reason=Reason.CUSTOMER_REQUEST, codes=[MIS], intent=intent, **kw)  # type: ignore[arg-type]


def test_a_meaning_group_shows_what_the_ai_read_and_what_agents_chose(policy: Policy) -> None:
    records = [
        _misread("a", DOUBLE_BILL[0], "payment_methods", intended_query_type="bill_dispute"),
        _misread("b", DOUBLE_BILL[1], "payment_methods", intended_query_type="bill_dispute"),
        _misread("c", DOUBLE_BILL[2], "opening_hours"),  # the agent chose nothing
        _misread("d", MOVING[0], "outage_check", disposition_notes="this was about moving home"),
        _misread("e", MOVING[1], "outage_check", disposition_notes="moving home"),
        call("f", ["can I pay by card"], intent="payment_methods"),
    ]
    texts = {p.call_id: p.text for p in misread_phrasings(records)}
    assert texts == {"a": DOUBLE_BILL[0], "b": DOUBLE_BILL[1], "c": DOUBLE_BILL[2], "d": MOVING[0], "e": MOVING[1]}
    meaning = group_phrasings(MeaningRequest(phrasings=misread_phrasings(records), threshold=MEANING_THRESHOLD))
    bill, moving = meaning_patterns(records, policy, meaning)

    assert (bill.key, bill.count, bill.read_as, bill.intended, bill.intended_from) == (
        "payment_methods → bill_dispute",
        3,
        "payment_methods",
        "bill_dispute",
        "agent",
    )
    assert bill.of == 3  # calls the AI read as payment_methods this period
    assert bill.phrasings == DOUBLE_BILL
    assert "agents chose bill_dispute on 2 of 3" in bill.detail and "opening_hours (1)" in bill.detail
    assert (moving.key, moving.intended, moving.intended_from) == ("outage_check → moving_home", "moving_home", "notes")
    assert "no agent chose a query type: moving_home is named in the agents' notes" in moving.detail

    add = [p for p in propose([bill, moving], records, policy) if p.kind == "add_examples"]
    assert [(p.target, p.proposed) for p in add] == [
        ("query_types[bill_dispute].examples", DOUBLE_BILL),
        ("query_types[moving_home].examples", MOVING),
    ]


def test_misread_calls_without_words_or_a_group_fall_back_to_the_ai_reading(policy: Policy) -> None:
    records = [_misread("a", "why was I charged twice", "payment_methods"), _misread("b", " ", "payment_methods")]
    assert [p.call_id for p in misread_phrasings(records)] == ["a"]
    (p,) = meaning_patterns(records, policy, MeaningGroups(groups=[]))
    assert (p.key, p.count, p.intended, p.intended_from) == ("payment_methods", 2, None, None)
    assert "no agent said which query type the caller meant" in p.detail


def test_the_report_shows_each_meaning_group_with_the_reading_and_the_agents_choice(policy: Policy) -> None:
    records = [
        _misread("a", DOUBLE_BILL[0], "payment_methods", intended_query_type="bill_dispute"),
        _misread("b", DOUBLE_BILL[1], "payment_methods", intended_query_type="bill_dispute"),
        _misread("c", MOVING[0], "outage_check", disposition_notes="moving home"),
        _misread("d", MOVING[1], "outage_check", disposition_notes="moving home"),
    ]
    meaning = group_phrasings(MeaningRequest(phrasings=misread_phrasings(records), threshold=MEANING_THRESHOLD))
    until = T0 + timedelta(days=7)
    report = build_report("r", T0, until, until, records, policy, metrics_of(records, T0, until), meaning)
    md = to_markdown(report)
    assert "## Phrasings the AI misread (grouped by meaning)" in md
    bill = "Read by the AI as: `payment_methods` · Agents chose: **bill_dispute**, from the agents' wrap-up choice"
    assert bill in md
    assert "Agents chose: **moving_home**, from a name in the agents' notes (no agent chose one)" in md
    html = to_html(md)
    assert "Agents chose: <strong>bill_dispute</strong>" in html and f"<li>“{DOUBLE_BILL[1]}”</li>" in html
    # Without groups (a review replayed from before the grouping) the old per-reading patterns stay.
    old = build_report("r", T0, until, until, records, policy, metrics_of(records, T0, until))
    assert {p.key for p in old.patterns} == {"payment_methods", "outage_check → moving_home"}
    assert all(p.read_as is None for p in old.patterns)
