"""The gateway's routes (a call's start, its turns, hangup, reads) resolve no dependency on FastAPI's thread pool.

FastAPI runs a plain `def` dependency through `run_in_threadpool`: a hop to a pool thread and back for each,
on every request. `app_state` was one, reached four times a turn (bench/README.md, "The API's path").
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from api.routers import gateway


def _dependencies(d: Dependant) -> Iterator[Dependant]:
    for sub in d.dependencies:
        yield sub
        yield from _dependencies(sub)


def _runs_on_the_loop(call: object) -> bool:
    """An `async def`, or an instance whose `__call__` is one (FastAPI's security schemes)."""
    return inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(type(call).__call__)


def test_every_gateway_dependency_is_async() -> None:
    routes = [r for r in (*gateway.router.routes, *gateway.reader.routes) if isinstance(r, APIRoute)]
    assert any(r.path == "/v1/calls/{call_id}/turns" for r in routes)
    on_the_pool = sorted(
        f"{r.path}: {getattr(d.call, '__qualname__', d.call)}"
        for r in routes
        for d in _dependencies(r.dependant)
        if d.call is not None and not _runs_on_the_loop(d.call)
    )
    assert on_the_pool == []
