"""Safe templates for actions: `{field}` and `{a.b.0.c}` over values and JSON, nothing else.

Why not `str.format`: it reaches attributes (`{x.__class__}`) and turns a missing
field into a `KeyError` deep in a turn. Here a placeholder is a dotted path into
plain data; a path that is absent, null, a list or an object is *missing data*
(`MissingData`), which the caller counts as a failed resolution attempt instead
of saying a blank to the caller. `{{` and `}}` are literal braces; `{amount:.2f}`
applies a format spec to a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)(?::([^{}]*))?\}")
_STRAY = re.compile(r"[{}]")


class TemplateError(ValueError):
    """The template itself is malformed (caught when the policy loads)."""


class MissingData(LookupError):
    """The data lacks a field the template needs; `field` names it."""

    def __init__(self, field: str, why: str = "missing") -> None:
        super().__init__(f"{field} is {why}")
        self.field = field


def fields(template: str) -> list[str]:
    """The dotted paths a template reads, in order; `TemplateError` if it is malformed."""
    found = [m.group(1) for m in _PLACEHOLDER.finditer(template) if m.group(1)]
    rest = _PLACEHOLDER.sub("", template)
    if _STRAY.search(rest):
        raise TemplateError(f"unbalanced brace in template {template!r} (write {{{{ or }}}} for a literal one)")
    return found


def lookup(data: Any, path: str) -> Any:
    """The value at a dotted path (`items.0.status`); `MissingData` when any step is absent or null."""
    node = data
    for step in path.split("."):
        if isinstance(node, Mapping) and step in node:
            node = node[step]
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            raise MissingData(path)
        if node is None:
            raise MissingData(path, "null")
    return node


def scalar(data: Any, path: str, spec: str = "") -> str:
    """A field as text: strings, numbers and booleans only; an object, a list or a blank is missing data."""
    value = lookup(data, path)
    if isinstance(value, Mapping | list):
        raise MissingData(path, "not a single value")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if spec:
        if not isinstance(value, int | float):
            raise MissingData(path, f"not a number (format {spec!r})")
        try:
            return format(value, spec)
        except ValueError:
            raise MissingData(path, f"not formattable as {spec!r}") from None
    text = str(value).strip()
    if not text:
        raise MissingData(path, "blank")
    return text


def render(template: str, data: Any, escape: Callable[[str], str] = lambda s: s) -> str:
    """Fill every placeholder from `data`; `escape` applies to each value (e.g. URL quoting)."""

    def one(m: re.Match[str]) -> str:
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        return escape(scalar(data, m.group(1), m.group(2) or ""))

    fields(template)  # malformed templates fail loudly, not half-rendered
    return _PLACEHOLDER.sub(one, template)
