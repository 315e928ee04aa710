"""Whether a policy's actions can run with the worker's settings, checked at start (never found by a caller).

An action's `url` may be relative to `WARMLINE_ACTIONS_BASE_URL`, and its
`headers_from_env` name environment variables the worker reads at each call
(docs/actions.md). A policy that needs either while it is unset cannot verify or look
anything up: the worker refuses to start and names the policy field and the setting,
instead of telling a caller their identity check failed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from warmline.actions import HttpAction
from warmline.policy import Policy


def policy_actions(policy: Policy) -> Iterator[tuple[str, HttpAction]]:
    """Every action of the policy, with the field that declares it."""
    if policy.authentication is not None:
        yield "authentication.verify", policy.authentication.verify
    for qt in policy.query_types:
        if qt.action is not None:
            yield f"query_types[{qt.name}].action", qt.action


def is_relative(url: str) -> bool:
    return not url.lower().startswith(("http://", "https://"))


def action_config_problems(policy: Policy, base_url: str | None, environ: Mapping[str, str]) -> list[str]:
    """One line per reason the policy's actions cannot run with these settings; empty when they can."""
    problems = []
    for field, action in policy_actions(policy):
        if is_relative(action.url) and not base_url:
            problems.append(f"{field}.url {action.url!r} is relative, and WARMLINE_ACTIONS_BASE_URL is not set")
        for header, var in action.headers_from_env.items():
            if not environ.get(var):
                problems.append(f"{field}.headers_from_env.{header} reads {var}, which is not set")
    return problems
