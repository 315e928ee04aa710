"""The "should have been" query type of a wrap-up, checked against the live policy before it is signalled.

An agent who codes `ai_misidentified_intent` may say which query type the caller
meant; the weekly review groups misread phrasings under it and proposes them as
that type's examples, so a name the policy does not have would propose examples
for nothing. Both wrap-up paths (the helpdesk's `POST /v1/calls/{id}/disposition`
and the desk's form) refuse it with a 422 that lists the names allowed.
"""

from __future__ import annotations

from fastapi import HTTPException

from warmline.policy import Policy


def query_type_names(policy: Policy) -> list[str]:
    """The live policy's query types, in the policy's order (the desk's select shows them so)."""
    return [qt.name for qt in policy.query_types]


def check_intended_query_type(policy: Policy, name: str | None) -> None:
    """None is fine (the field is optional); any other name must be one of the policy's query types."""
    allowed = query_type_names(policy)
    if name is not None and name not in allowed:
        raise HTTPException(
            422, f"intended_query_type: {name!r} is not a query type of this line; one of: {', '.join(allowed)}"
        )
