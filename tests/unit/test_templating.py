"""Table-driven tests of the action templates: a missing field is missing data, never a blank or a crash."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from warmline.templating import MissingData, TemplateError, fields, render

DATA: dict[str, Any] = {
    "balance": 42.5,
    "zero": 0,
    "currency": "GBP",
    "paid": True,
    "blank": "  ",
    "none": None,
    "account": {"id": "AC-1", "owner": {"name": "Sam"}},
    "items": [{"status": "shipped"}, {"status": "pending"}],
    "list": [1, 2],
}

RENDERS = [
    ("Balance {balance} {currency}", "Balance 42.5 GBP"),
    ("£{balance:.2f}", "£42.50"),
    ("{zero} owed", "0 owed"),  # zero is data, not missing
    ("paid: {paid}", "paid: yes"),
    ("{account.owner.name} ({account.id})", "Sam (AC-1)"),
    ("first order {items.0.status}, second {items.1.status}", "first order shipped, second pending"),
    ("literal {{braces}} stay", "literal {braces} stay"),
    ("no placeholders", "no placeholders"),
]


@pytest.mark.parametrize(("template", "want"), RENDERS)
def test_render(template: str, want: str) -> None:
    assert render(template, DATA) == want


MISSING = [
    ("{nope}", "nope", "missing"),
    ("{account.missing}", "account.missing", "missing"),
    ("{items.5.status}", "items.5.status", "missing"),
    ("{none}", "none", "null"),
    ("{blank}", "blank", "blank"),
    ("{account}", "account", "not a single value"),
    ("{list}", "list", "not a single value"),
    ("{currency:.2f}", "currency", "not a number"),
    ("{balance.__class__}", "balance.__class__", "missing"),  # no attribute access, ever
]


@pytest.mark.parametrize(("template", "field", "why"), MISSING)
def test_missing_data(template: str, field: str, why: str) -> None:
    with pytest.raises(MissingData) as e:
        render(template, DATA)
    assert e.value.field == field and why in str(e.value)


@pytest.mark.parametrize("template", ["{open", "close}", "{a}{", "{a b}"])
def test_malformed_templates_are_refused(template: str) -> None:
    with pytest.raises(TemplateError):
        fields(template)


def test_fields_lists_the_paths_in_order() -> None:
    assert fields("{a} and {b.c:.1f} {{not}} {a}") == ["a", "b.c", "a"]


def test_escape_applies_to_values_only() -> None:
    assert render("/accounts/{id}/x", {"id": "a/b c"}, escape=lambda s: quote(s, safe="")) == "/accounts/a%2Fb%20c/x"
