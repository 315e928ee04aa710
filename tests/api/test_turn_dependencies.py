"""A turn request resolves as few FastAPI dependencies as it needs.

FastAPI (0.165) works out each dependency's kind and cache key again on every request it serves, ~0.04 ms of
the API's CPU per dependency solved: half of the turn route's own time with Temporal taken out, and the turn is
the request a spike sends most (bench/README.md, "A spike's time, by process and inside the server"). The route
takes the Temporal client from `State`, which it needs anyway, instead of a `TemporalClient` dependency of its
own (two solves fewer, the client's and its `State`'s).
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from api.routers import gateway


def _solved(d: Dependant) -> Iterator[Dependant]:
    for sub in d.dependencies:
        yield sub
        yield from _solved(sub)


def test_the_turn_route_solves_only_the_key_the_state_and_the_bearer() -> None:
    [route] = [r for r in gateway.router.routes if isinstance(r, APIRoute) and r.path.endswith("/{call_id}/turns")]
    names = sorted(getattr(d.call, "__name__", type(d.call).__name__) for d in _solved(route.dependant))
    assert names == ["HTTPBearer", "app_state", "app_state", "require_gateway_key"]
