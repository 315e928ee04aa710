"""What the fits of the learned vetoes share (`fit_upset_blend`, `fit_failure_blend`, `fit_reply_blend`).

Each veto (`upset_blend`, `failure_blend`, `warmline/reply_blend`) is a small logistic regression fitted on turns of
the READ half of the development lines only. Each fit reads those turns through the embedded back-end with the hand
rules in place — its shipped weights set aside while it reads, so a refit never learns from its own veto — keeps the
rows in a cache file to refit without reading again, and writes the weights as JSON beside the veto's module with the
lines they were fitted on (a test checks those are exactly the READ half). One copy of those steps, here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from eval import backends, lines
from eval.calls import Outcome

Row = TypeVar("Row")


def _cached(cache: Path | None, row: Callable[..., Row]) -> list[Row] | None:
    if cache is None or not cache.exists():
        return None
    return [row(**d) for d in json.loads(cache.read_text())]


def _keep(cache: Path | None, data: list[Row]) -> None:
    if cache is not None:
        cache.write_text(json.dumps([asdict(d) for d in data]))  # type: ignore[call-overload]


async def read_rows(
    blend: Any,  # the veto's module (its `WEIGHTS` and `shipped`)
    names: list[str],
    read_line: Callable[[lines.Line], Awaitable[list[Row]]],
    cache: Path | None,
    row: Callable[..., Row],
) -> list[Row]:
    """The rows `read_line` gives for each named line, read with `blend`'s shipped weights set aside (its `WEIGHTS`
    pointed at a file that does not exist, its `shipped` cache cleared before and after); from `cache` when it exists,
    written there otherwise."""
    if (kept := _cached(cache, row)) is not None:
        return kept
    blend.shipped.cache_clear()
    weights = blend.WEIGHTS
    blend.WEIGHTS = weights.with_suffix(".absent")  # read with the hand rules in place
    try:
        data: list[Row] = []
        for line in lines.load_lines(names):
            print(f"  reading {line.name}", file=sys.stderr, flush=True)
            data += await read_line(line)
    finally:
        blend.WEIGHTS = weights
        blend.shipped.cache_clear()
    _keep(cache, data)
    return data


def write_weights(
    blend: Any, doc: dict[str, Any], mean: Iterable[float], scale: Iterable[float], coef: Iterable[float]
) -> None:
    """`doc` (what was fitted, on which lines, with which settings) and the standardisation and weights, to the
    `WEIGHTS` file of `blend` (the veto's module)."""
    doc |= {k: [round(float(v), 6) for v in arr] for k, arr in (("mean", mean), ("scale", scale), ("coef", coef))}
    blend.WEIGHTS.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {blend.WEIGHTS}: {dict(zip(doc['features'], [round(v, 3) for v in doc['coef']], strict=True))}")


async def run_left_out(blend: Any, fitted: object, line: lines.Line) -> tuple[list[Outcome], int, int]:
    """`line` run through the decision with `fitted` (fitted without it) in place of `blend`'s shipped weights: its
    outcomes, and how many took the right action at the right turn and were right in full."""
    blend.OVERRIDE[:] = [fitted]
    try:
        outs = await lines.run_line(backends.build("embedded", line.policy), line)
    finally:
        blend.OVERRIDE.clear()
    return outs, sum(map(lines.right_action, outs)), sum(map(lines.right_in_full, outs))
