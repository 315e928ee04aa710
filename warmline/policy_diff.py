"""A fitted change as an edit of the policy file: the proposed YAML, and its unified diff against the live one.

The fit's figures are measured on the policy parsed back from the edited YAML, so
what an operator reads in the diff is exactly what was replayed. No round-trip YAML
library is installed (ruamel.yaml is not in the environment), so both sides are
dumped with PyYAML from the parsed file: the diff shows only the changed lines, but
the file's comments and flow style are not kept (docs/review.md says so).
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any, Literal

import yaml

from warmline.fitting_models import FitField
from warmline.policy import Policy
from warmline.policy_file import parse_policy, version_of

Source = Literal["file", "dump"]


def source_mapping(policy: Policy, raw: bytes | None) -> tuple[dict[str, Any], Source]:
    """The live policy as a mapping to edit: its file when `raw` is the file that was loaded, else a dump of it."""
    if raw is not None and version_of(raw) == policy.version:
        data = yaml.safe_load(raw)
        if isinstance(data, dict):
            return data, "file"
    return policy.model_dump(mode="json", exclude_defaults=True, exclude={"version"}), "dump"


def live_mapping(policy: Policy, path: Path | None) -> tuple[dict[str, Any], Source]:
    """`source_mapping` of the file at `path` as it is now (a dump of `policy` when it cannot be read)."""
    raw = None
    if path is not None:
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None  # the file moved since the process loaded it
    return source_mapping(policy, raw)


def _rule(policy: Policy, scope: str | None, field: FitField) -> dict[str, Any]:
    """The rule as it applies today to the scope, so an override keeps every other setting it inherited."""
    if field == "low_confidence.threshold":
        return policy.low_confidence_rule(scope).model_dump()
    return policy.sentiment_rule(scope).model_dump()


def with_value(
    data: dict[str, Any], policy: Policy, scope: str | None, field: FitField, value: float | int
) -> dict[str, Any]:
    """A copy of the policy mapping with `field` of `scope` (a query type, or None for defaults) set to `value`."""
    out = copy.deepcopy(data)
    if scope is None:
        if not isinstance(out.get("defaults"), dict):  # `defaults:` left empty in the file
            out["defaults"] = {}
        where = out["defaults"]
    else:
        where = next((q for q in out.get("query_types", []) if q.get("name") == scope), None)
        if where is None:
            raise ValueError(f"query_types: no query type {scope!r} in the policy")
    if field == "max_failed_attempts":
        where["max_failed_attempts"] = int(value)
        return out
    key = field.split(".")[0]
    rule = where.get(key)
    where[key] = {**(rule if isinstance(rule, dict) else _rule(policy, scope, field)), "threshold": float(value)}
    return out


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)


def unified_diff(live: dict[str, Any], proposed: dict[str, Any]) -> str:
    """The edit as a unified diff of the two dumped files (live → proposed)."""
    lines = difflib.unified_diff(
        to_yaml(live).splitlines(keepends=True),
        to_yaml(proposed).splitlines(keepends=True),
        fromfile="policy.yaml (live)",
        tofile="policy.yaml (proposed)",
    )
    return "".join(lines)


def parse_proposed(data: dict[str, Any]) -> Policy:
    """The edited mapping as a policy, validated like the file itself."""
    return parse_policy(data, "proposed policy")
