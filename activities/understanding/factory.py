"""Chooses the understanding back-end by name, so configuration (not code) picks it."""

from __future__ import annotations

from collections.abc import Callable

from activities.understanding.base import Understander
from activities.understanding.embedded import EmbeddedUnderstander
from warmline.policy import Policy

_BACKENDS: dict[str, Callable[[Policy], Understander]] = {
    "embedded": EmbeddedUnderstander,
}


def make_understander(policy: Policy, backend: str = "embedded") -> Understander:
    """The back-end called `backend`, built for `policy`; raises `ValueError` naming the known ones."""
    try:
        build = _BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown understanding backend {backend!r} (known: {', '.join(sorted(_BACKENDS))})") from None
    return build(policy)
