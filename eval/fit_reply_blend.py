"""Fit the reply-to-a-clarifying-question combination (`warmline/reply_blend.py`) on labelled lines, reproducibly.

    python -m eval.fit_reply_blend --lines <READ> [--rows cache.json] [--loo] [--loo-run 1:-1:1] [--write]

Rows: every reply to the last clarifying question a policy allows (where a still-unclear verdict escalates), read as
the evaluation runs the call (`calls.run_call`, the hand rules in place), with the hand rules' verdict. Labels from
each call's label: the reply at the labelled turn of a call labelled low_confidence is still unclear (1); a reply in
a call labelled contained, or before the labelled turn of any trigger, was clear enough (0: else the label would be
low_confidence there); a reply after the labelled turn is left out. `--loo`: per setting, each line left out of the
fit and its rows judged (a veto of a hand "unclear" on a 0 row gains, on a 1 row loses). `--loo-run`: each line left
out of the fit and run through the real decision path. `--write`: the fit on every given line, written to
`reply_blend.WEIGHTS` with the lines it was fitted on. Only ever pass the READ half of the development lines.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from activities.understanding.linear import fit_logistic
from eval import backends, calls, lines
from eval.blend_fit import print_folds, read_rows, run_folds, write_weights
from warmline import reply_blend
from warmline.understanding import Understanding, UnderstandingRequest

CS = (0.03, 0.1, 0.3, 1.0, 10.0)
CUTS = (-3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0)
SUBSETS = ("all", "doubtful")  # fit on every final reply, or only those the hand rules hold unclear


@dataclass
class Row:
    line: str
    call: str
    turn: int
    attempts: int
    hand: bool  # the hand rules' verdict: clear enough
    x: list[float]
    label: int | None  # 1 still unclear, 0 clear enough, None left out


def label_of(call: calls.Call, turn: int) -> int | None:
    e = call.expect
    if e.trigger == calls.NONE:
        return 0
    if e.turn is None:
        return None
    if e.turn == turn:
        return 1 if e.trigger == "low_confidence" else None
    return 0 if turn < e.turn else None


class _Turns:
    """The back-end, remembering the turn being read (so an observed reply knows its turn)."""

    def __init__(self, inner: backends.Understander) -> None:
        self.inner, self.turn = inner, 0

    async def understand(self, req: UnderstandingRequest) -> Understanding:
        self.turn = req.turn
        return await self.inner.understand(req)


async def read_line(line: lines.Line) -> list[Row]:
    u = _Turns(backends.build("embedded", line.policy))
    out: list[Row] = []
    call: calls.Call | None = None

    def observe(r: reply_blend.Reply, hand: bool) -> None:
        assert call is not None
        out.append(Row(line.name, call.id, u.turn, r.attempts, hand, r.row(), label_of(call, u.turn)))

    reply_blend.OBSERVERS.append(observe)
    try:
        for call in line.calls:
            await calls.run_call(u, line.policy, call)
    finally:
        reply_blend.OBSERVERS.remove(observe)
    return out


def fit(rows: list[Row], c: float, subset: str, cut: float = 0.0, most: int | None = None) -> reply_blend.Blend:
    """The combination fitted on `rows` (`subset`: every labelled reply, or only those the hand rules doubt), applied
    under `cut` where the policy allows at most `most` clarifying questions."""
    use = [r for r in rows if r.label is not None and (subset == "all" or not r.hand)]
    x, y = np.asarray([r.x for r in use]), np.asarray([r.label for r in use])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    head = fit_logistic((x - mean) / scale, y.tolist(), c)
    return reply_blend.Blend(
        mean=mean.tolist(),
        scale=scale.tolist(),
        coef=head.coef[0].tolist(),
        intercept=float(head.intercept[0]),
        cut=cut,
        max_attempts=most,
    )


def loo(rows: list[Row]) -> None:
    names = sorted({r.line for r in rows})
    doubt = [r for r in rows if not r.hand and r.label is not None]
    print(f"doubtful rows: {sum(r.label == 1 for r in doubt)} unclear, {sum(r.label == 0 for r in doubt)} clear")
    for most in (1, None):
        for subset in SUBSETS:
            for c in CS:
                z: dict[int, float] = {}
                for held in names:
                    b = fit([r for r in rows if r.line != held], c, subset)
                    for i, r in enumerate(rows):
                        if r.line == held:
                            z[i] = b.log_odds(r.x)
                for cut in CUTS:
                    gain = lose = 0
                    for i, r in enumerate(rows):
                        if r.hand or r.label is None or (most is not None and r.attempts > most):
                            continue
                        if z[i] < cut:
                            gain += r.label == 0
                            lose += r.label == 1
                    print(f"max_attempts={most} {subset:8s} C={c:<5} cut={cut:+.1f}: vetoes gain {gain} lose {lose}")


async def loo_run(rows: list[Row], settings: list[tuple[float, float, int | None, str]], names: list[str]) -> None:
    """Each setting, each READ line run through the real decision path with the combination fitted on the others."""
    held_lines = lines.load_lines(names)
    for c, cut, most, subset in settings:
        fitted = partial(fit, c=c, subset=subset, cut=cut, most=most)
        tally = await run_folds(reply_blend, held_lines, rows, fitted, "low_confidence")
        print_folds(f"C={c} cut={cut} max_attempts={most} fit={subset}", tally)


def write(rows: list[Row], c: float, cut: float, most: int | None, subset: str, names: list[str]) -> None:
    b = fit(rows, c, subset)
    use = [r for r in rows if r.label is not None and (subset == "all" or not r.hand)]
    doc: dict[str, object] = {
        "about": "reply_blend.py's combination; fitted by `python -m eval.fit_reply_blend --lines <these> --write`",
        "fitted_on": sorted(names),
        "rows": {"unclear": sum(r.label == 1 for r in use), "clear": sum(r.label == 0 for r in use)},
        "features": list(reply_blend.FEATURES),
        "intercept": round(b.intercept, 6),
        "enabled": True,
        "C": c,
        "cut": cut,
        "max_attempts": most,
        "fit": subset,
    }
    write_weights(reply_blend, doc, b.mean, b.scale, b.coef)


async def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.fit_reply_blend")
    ap.add_argument("--lines", required=True, help="comma-separated line names (the READ half only)")
    ap.add_argument("--rows", type=Path, default=None, help="cache of the read replies (JSON), reused when present")
    ap.add_argument("--loo", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--loo-run", default="", help="settings C:cut:max_attempts[:fit],... ('-': any) each line left out")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--cut", type=float, default=-2.0)
    ap.add_argument("--max-attempts", type=int, default=None)
    ap.add_argument("--fit", default="all", choices=SUBSETS)
    args = ap.parse_args(argv)
    names = [n for n in args.lines.split(",") if n]
    rows = await read_rows(reply_blend, names, read_line, args.rows, Row)
    lab = [r for r in rows if r.label is not None]
    print(f"rows: {sum(r.label == 1 for r in lab)} unclear, {sum(r.label == 0 for r in lab)} clear, {len(rows)} read")
    if args.loo:
        loo(rows)
    if args.loo_run:
        settings = []
        for item in args.loo_run.split(","):
            p = [*item.split(":"), "all"]
            settings.append((float(p[0]), float(p[1]), None if p[2] == "-" else int(p[2]), p[3]))
        await loo_run(rows, settings, names)
    if args.write:
        write(rows, args.c, args.cut, args.max_attempts, args.fit, names)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
