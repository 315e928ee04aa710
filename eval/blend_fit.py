"""What the fits of the learned vetoes share (`fit_upset_blend`, `fit_failure_blend`, `fit_reply_blend`).

Each veto (`upset_blend`, `failure_blend`, `warmline/reply_blend`) is a small logistic regression fitted on turns of
the READ half of the development lines only. Each fit reads those turns through the embedded back-end with the hand
rules in place — its shipped weights set aside while it reads, so a refit never learns from its own veto — keeps the
rows in a cache file to refit without reading again, and writes the weights as JSON beside the veto's module with the
lines they were fitted on (a test checks those are exactly the READ half), and chooses its setting by running each
READ line through the real decision with the combination fitted on the other lines (`run_folds`). One copy of those
steps, here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from eval import backends, lines
from eval.calls import Outcome

Row = TypeVar("Row")


class _OfLine(Protocol):
    line: str  # the line the row was read from


LineRow = TypeVar("LineRow", bound=_OfLine)


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


@dataclass
class Folds:
    """Every held line run with the combination fitted without it (`run_folds`), summed."""

    trigger: str  # the veto's trigger
    right_action: int = 0
    right_in_full: int = 0
    fired: int = 0  # transfers for the veto's trigger
    hits: int = 0  # of them, on a call labelled with that trigger
    outcomes: list[Outcome] = field(default_factory=list)
    folds: list[str] = field(default_factory=list)  # per line: "<line> <right action>/<right in full><note>"


async def run_folds(
    blend: Any,
    held: list[lines.Line],
    rows: list[LineRow],
    fit: Callable[[list[LineRow]], object],
    trigger: str,
    note: Callable[[list[Outcome]], str] = lambda _outs: "",
) -> Folds:
    """Each of `held` run through the decision (`run_left_out`) with `fit` of the rows of the other lines in place of
    `blend`'s shipped weights, the tallies summed; `note` adds to a line's entry in `folds`."""
    tally = Folds(trigger)
    for line in held:
        outs, a, f = await run_left_out(blend, fit([r for r in rows if r.line != line.name]), line)
        tally.right_action, tally.right_in_full = tally.right_action + a, tally.right_in_full + f
        tally.fired += sum(o.trigger == trigger for o in outs)
        tally.hits += sum(o.trigger == trigger == o.call.expect.trigger for o in outs)
        tally.outcomes += outs
        tally.folds.append(f"{line.name} {a}/{f}{note(outs)}")
    return tally


def print_folds(setting: str, tally: Folds, rest: str = "") -> None:
    """A setting's line of a leave-one-line-out run (`run_folds`), then each line's entry."""
    print(
        f"{setting}: right action / in full {tally.right_action} / {tally.right_in_full}; "
        f"{tally.trigger} fired {tally.fired}, hits {tally.hits}{rest}",
        flush=True,
    )
    print("  folds: " + "; ".join(tally.folds), flush=True)
