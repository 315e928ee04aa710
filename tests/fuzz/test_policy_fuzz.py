"""The policy loader fuzzed with hypothesis: whatever the file holds, it loads or raises one `PolicyError`
whose message names the field (or the YAML position), never another exception or a traceback.

Every example asserts in both branches: a policy that loads satisfies what the line relies on (names
unique, every queue reference resolves, every AI-handled type has something to say), and a refusal is
one line naming a field that is in the document (or the required one left out).
"""

from __future__ import annotations

import ast
import copy
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BRIGHTWAVE
from warmline.policy import Policy, PolicyError
from warmline.policy_file import load_policy, parse_policy

VALID: dict[str, Any] = yaml.safe_load(BRIGHTWAVE.read_text())
SOURCE = "policy"
FUZZ = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))

# What YAML can hold: scalars of every kind, nested in lists and mappings.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(),
    st.sampled_from(["", "ai", "human", "offer", "escalate", "transfer", "callback", "complex", "UTC", "Mars/Olympus"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=12), st.integers(0, 3)), inner, max_size=4),
    ),
    max_leaves=12,
)
# `a.b[0]['odd key']`: an index, a quoted key, or a plain name.
_PATH = re.compile(r"\[(\d+)\]|(\[(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\])|\.?([A-Za-z_][A-Za-z0-9_-]*)")


def _steps(message: str) -> list[Any] | None:
    """`policy: queues[0]['odd key'].name: ...` → [queues, 0, 'odd key', name]; None if no field is named."""
    assert message.startswith(f"{SOURCE}: "), message
    rest, pos, steps = message[len(SOURCE) + 2 :], 0, []
    while (m := _PATH.match(rest, pos)) and m.end() > pos:
        index, quoted, name = m.groups()
        steps.append(int(index) if index else ast.literal_eval(quoted[1:-1]) if quoted else name)
        pos = m.end()
    return steps if steps and rest.startswith(": ", pos) else None


def _names_a_field(message: str, data: Any) -> bool:
    """The path exists in the document, or only its last step is missing (a required field left out)."""
    if message.startswith(f"{SOURCE}: (top level): "):
        return True
    if message.startswith(f"{SOURCE}: the policy must be a YAML mapping"):
        return not isinstance(data, dict)
    steps = _steps(message)
    if steps is None:
        return False
    node = data
    for n, step in enumerate(steps):
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        elif isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, dict) and n == len(steps) - 1:
            return True  # a required field left out
        else:
            return False
    return True


def _holds_invariants(policy: Policy) -> None:
    """What the trigger rules and routing rely on in any policy that loads."""
    queues = [q.name for q in policy.queues]
    types = [t.name for t in policy.query_types]
    assert len(set(queues)) == len(queues) >= 2, queues
    assert len(set(types)) == len(types) >= 1, types
    assert policy.defaults.fallback_queue in queues
    for t in policy.query_types:
        assert t.queue in queues, (t.name, t.queue)
        assert t.examples and all(e.strip() for e in t.examples), t.name
        assert t.handling == "human" or t.answer or t.action, t.name
        assert not t.requires_auth or policy.authentication is not None, t.name


def _one_line(message: str, prefix: str) -> None:
    assert message.startswith(prefix), message
    assert "\n" not in message and "Traceback" not in message, message


def _check(data: Any) -> None:
    try:
        policy = parse_policy(data, SOURCE)
    except PolicyError as e:
        _one_line(str(e), f"{SOURCE}: ")
        assert _names_a_field(str(e), data), str(e)
    else:
        _holds_invariants(policy)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


ALL_PATHS = _paths(VALID)[1:]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """The valid policy with 1-3 fields replaced, removed, or joined by an unknown one."""
    data = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            key = path[-1]
            kind = draw(st.sampled_from(["replace", "remove", "unknown"]))
            if kind == "replace":
                parent[key] = draw(values)
            elif kind == "remove":
                del parent[key]
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=10))] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    return data


@FUZZ
@given(mutated())
def test_mutated_policy_names_the_field(data: dict[str, Any]) -> None:
    _check(data)


@FUZZ
@given(st.dictionaries(st.sampled_from([*VALID, "extra", "version", "redaction"]), values, max_size=8))
def test_any_mapping_names_the_field(data: dict[str, Any]) -> None:
    _check(data)


@FUZZ
@given(values)
def test_any_yaml_value_is_refused_with_one_message(data: Any) -> None:
    _check(data)


@FUZZ
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_any_file_content_loads_or_raises_policy_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "policy.yaml"
        path.write_bytes(raw)
        try:
            policy = load_policy(path)
        except PolicyError as e:
            _one_line(str(e), f"{path}: ")
        else:
            _holds_invariants(policy)


def test_the_contract_policy_holds_the_invariants_and_a_broken_one_names_its_field() -> None:
    """The checks above can fail: the valid policy passes them, a bad reference is refused by name."""
    _check(VALID)
    broken = copy.deepcopy(VALID)
    broken["query_types"][0]["queue"] = "nowhere"
    with pytest.raises(PolicyError, match=r"^policy: query_types\[0\]\.queue: unknown queue 'nowhere'"):
        parse_policy(broken, SOURCE)
    _check(broken)


def test_deeply_nested_yaml_is_a_policy_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000)
    with pytest.raises(PolicyError) as refused:
        load_policy(path)
    _one_line(str(refused.value), f"{path}: ")
