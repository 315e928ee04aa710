"""Fit the failure-report combination (`activities/understanding/failure_blend.py`) on labelled lines, reproducibly.

    python -m eval.fit_failure_blend --lines <READ> [--rows cache.json] [--loo-run 1:0,1:-1] [--write --c 1 --cut 0]

Each turn is read by the embedded back-end with the dialog context the evaluation gives it (`calls.run_call`'s loop,
the hand-made reading in place, run on past an escalation); a row is kept for every turn read as a failure report.
Turn labels from each line's calls and policy: the labelled turn of a call labelled failed_resolution is a failure
(1); a turn where the matter's type counts one failure (so a counted failure fires at once) is not (0) when it comes
before the call's labelled turn, or is that turn of a call labelled sentiment, low_confidence or nothing (a failure
outranks those); other turns are left out. `--loo-run`: each line left out of the fit and run through the real
decision path. `--write`: the fit on every given line, written to `failure_blend.WEIGHTS` with the lines it was fitted
on. Only ever pass the READ half of the development lines.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from activities.understanding import failure_blend
from activities.understanding.linear import fit_logistic
from eval import backends, calls, lines
from eval.blend_fit import print_folds, read_rows, run_folds, write_weights

FAILED, OUTRANKED = "failed_resolution", ("sentiment", "low_confidence", "none")


@dataclass
class TurnRow:
    line: str
    call: str
    turn: int
    row: list[float]
    label: int | None
    limit: int = 1  # the failures the matter's type counts


def label(call: calls.Call, turn: int, limit: int) -> int | None:
    e = call.expect
    if e.trigger == FAILED and e.turn == turn:
        return 1
    if limit != 1:
        return None
    end = e.turn or len(call.turn_list())
    if turn < end or (turn == end and e.trigger in OUTRANKED):
        return 0
    return None


async def read_line(line: lines.Line) -> list[TurnRow]:
    u = backends.build("embedded", line.policy)
    seen: list[list[float]] = []
    failure_blend.OBSERVERS.append(seen.append)
    out = []
    try:
        for call in line.calls:
            async for n, _, before, _, _ in calls.walk(u, line.policy, call):
                if seen:
                    limit = line.policy.max_failed_attempts(before.topic)
                    out.append(TurnRow(line.name, call.id, n, seen[-1], label(call, n, limit), limit))
                seen.clear()
    finally:
        failure_blend.OBSERVERS.remove(seen.append)
    return out


def fit(
    data: list[TurnRow],
    c: float,
    cut: float,
    balanced: bool = False,
    after: tuple[str, ...] = failure_blend.Blend.after,
) -> failure_blend.Blend:
    x = np.asarray([d.row for d in data if d.label is not None])
    y = [d.label for d in data if d.label is not None]
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    head = fit_logistic((x - mean) / scale, y, c, class_weight="balanced" if balanced else None)
    return failure_blend.Blend(
        mean.tolist(), scale.tolist(), head.coef[0].tolist(), float(head.intercept[0]), cut, after=after
    )


def counts(data: list[TurnRow]) -> dict[str, int]:
    return {k: sum(d.label == v for d in data) for k, v in (("failure", 1), ("not", 0), ("left_out", None))}


async def loo_run(
    data: list[TurnRow], settings: list[tuple[float, float, bool, tuple[str, ...]]], names: list[str]
) -> None:
    """Each setting, each READ line run through the real decision path with the combination fitted on the others."""
    held_lines = lines.load_lines(names)
    for c, cut, balanced, after in settings:
        fitted = partial(fit, c=c, cut=cut, balanced=balanced, after=after)
        tally = await run_folds(failure_blend, held_lines, data, fitted, FAILED)
        print_folds(f"C={c} cut={cut} balanced={balanced} after={after}", tally)


def write(data: list[TurnRow], c: float, cut: float, balanced: bool, after: tuple[str, ...], names: list[str]) -> None:
    b = fit(data, c, cut, balanced, after)
    doc: dict[str, object] = {
        "about": "failure_blend.py's combination; fitted by `python -m eval.fit_failure_blend --lines <these> --write`",
        "fitted_on": sorted(names),
        "rows": counts(data),
        "features": list(failure_blend.FEATURES),
        "intercept": round(b.intercept, 6),
        "enabled": True,
        "C": c,
        "balanced": balanced,
        "cut": cut,
        "max_failures": b.max_failures,
        "after": list(after),
    }
    write_weights(failure_blend, doc, b.mean, b.scale, b.coef)


def in_sample(data: list[TurnRow], c: float) -> None:
    """Leave-one-line-out log-odds of the labelled rows: how many of each label fall below each cut."""
    z: list[tuple[float, int]] = []
    for name in sorted({d.line for d in data}):
        b = fit([d for d in data if d.line != name], c, 0.0)
        z += [(b.log_odds(d.row), d.label) for d in data if d.line == name and d.label is not None and d.limit == 1]
    for cut in (-3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0):
        print(
            f"C={c} cut={cut}: vetoed failures {sum(v < cut and y == 1 for v, y in z)}, "
            f"vetoed non-failures {sum(v < cut and y == 0 for v, y in z)}"
        )


async def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.fit_failure_blend")
    ap.add_argument("--lines", required=True, help="comma-separated line names (the READ half only)")
    ap.add_argument("--rows", type=Path, default=None, help="cache of the read turns (JSON), reused when present")
    ap.add_argument("--loo", default="", help="C values: held-out log-odds of the labelled rows per cut")
    ap.add_argument(
        "--loo-run",
        default="",
        help="settings C:cut[:b[:after...]],... (b: classes balanced; after: the AI's moves) run leaving each line out",
    )
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--cut", type=float, default=0.0)
    ap.add_argument("--balanced", action="store_true", help="classes weighed equally in the fit")
    ap.add_argument("--after", default="answer,clarify,offer,none", help="the AI's moves after which the veto acts")
    args = ap.parse_args(argv)
    names = [n for n in args.lines.split(",") if n]
    data = await read_rows(failure_blend, names, read_line, args.rows, TurnRow)
    print(
        f"rows: {counts(data)} from {len(names)} lines; one-failure types: {counts([d for d in data if d.limit == 1])}"
    )
    for c in [float(v) for v in args.loo.split(",") if v]:
        in_sample(data, c)
    if args.loo_run:
        items = [item.split(":") for item in args.loo_run.split(",")]
        settings = [(float(v[0]), float(v[1]), "b" in v[2:3], tuple(v[3:]) or failure_blend.Blend.after) for v in items]
        await loo_run(data, settings, names)
    if args.write:
        write(data, args.c, args.cut, args.balanced, tuple(args.after.split(",")), names)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
