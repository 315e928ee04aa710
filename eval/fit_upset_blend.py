"""Fit the turn-upset combination (`activities/understanding/upset_blend.py`) on labelled lines, reproducibly.

    python -m eval.fit_upset_blend --lines <READ> [--rows cache.json] [--loo] [--loo-run 10:-1.5:-:1] [--write]

Turn labels from each line's calls and policy: in a call labelled sentiment at turn t, the turns the policy's count
needs are upset (k = `sustained_turns`; `action: escalate`: t-k+1..t; `action: offer`: the offer came on t-1 and t is
the yes, so t-k..t-1); every turn of a `mood: calm` call is calm; other turns are left out. Each turn is read by the
embedded back-end with the dialog context the evaluation gives it (`calls.run_call`'s, the hand-made reading in
place), run on past an escalation so every labelled turn is read. `--loo`: per setting of the grid, each line left
out of the fit, a simulated count (a sentiment call right when its upset streak first reaches k on the turn the label
needs; a calm call's false offer when it ever does). `--loo-run`: each line left out of the fit and run through the
real decision path. `--write`: the fit on every given line, written to `upset_blend.WEIGHTS` with the lines it was
fitted on (the defaults are the shipped setting). Only ever pass the READ half of the development lines.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from activities.understanding import upset_blend
from activities.understanding.linear import fit_logistic
from eval import backends, calls, lines
from eval.blend_fit import print_folds, read_rows, run_folds, write_weights

CS = (0.03, 0.1, 0.3, 1.0, 10.0)
CUTS = (-3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0)
SURES: tuple[float | None, ...] = (None, 0.0, 1.0, 2.0, 3.0, -99.0)  # None: only a veto; -99: the cut alone
_ACTS, _CONTEXT = ("p_thanks", "p_not_resolved", "p_request_human"), ("after_answer", "after_clarify", "after_offer")
DROPS: dict[str, tuple[str, ...]] = {"all": (), "no_context": _CONTEXT, "no_acts": _ACTS}


@dataclass
class CallRows:
    line: str
    call: str
    rows: list[list[float]]  # every turn's feature row
    labels: list[int | None]  # 1 upset, 0 calm, None left out
    kind: str  # "sentiment", "calm", or "other"
    need: int | None  # sentiment calls: the turn on which the streak must first reach k
    k: int
    threshold: float


def turn_labels(call: calls.Call, policy_k: int, action: str) -> tuple[list[int | None], str, int | None]:
    n = len(call.turn_list())
    e = call.expect
    if e.trigger == "sentiment" and e.turn:
        end = e.turn - 1 if action == "offer" else e.turn
        labels: list[int | None] = [None] * n
        for t in range(max(1, end - policy_k + 1), end + 1):
            labels[t - 1] = 1
        return labels, "sentiment", end
    if call.mood == "calm":
        return [0] * n, "calm", None
    return [None] * n, "other", None


async def read_line(line: lines.Line) -> list[CallRows]:
    u = backends.build("embedded", line.policy)
    seen: list[upset_blend.Signals] = []
    upset_blend.OBSERVERS.append(seen.append)
    rule = line.policy.defaults.sentiment
    out = []
    try:
        for call in line.calls:
            rows = []
            async for _, _, _, got, _ in calls.walk(u, line.policy, call):
                sig = seen[-1] if seen else None
                rows.append(sig.row() if sig else [got.sentiment] + [float("nan")] * (len(upset_blend.FEATURES) - 1))
                seen.clear()
            labels, kind, need = turn_labels(call, rule.sustained_turns, rule.action)
            out.append(CallRows(line.name, call.id, rows, labels, kind, need, rule.sustained_turns, rule.threshold))
    finally:
        upset_blend.OBSERVERS.remove(seen.append)
    return out


def training(data: list[CallRows], keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = [], []
    for c in data:
        for r, lab in zip(c.rows, c.labels, strict=True):
            if lab is not None and not np.isnan(r).any():
                x.append(r)
                y.append(lab)
    return np.asarray(x)[:, keep], np.asarray(y)


def fit(data: list[CallRows], keep: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    x, y = training(data, keep)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    head = fit_logistic((x - mean) / scale, y.tolist(), c)
    return mean, scale, head.coef[0], float(head.intercept[0])


def simulate(c: CallRows, upset: list[bool]) -> tuple[bool, bool]:
    """(right: a sentiment call's streak first reaches k on the needed turn, false offer: a calm call's ever does)."""
    streak, first = 0, None
    for i, u in enumerate(upset, start=1):
        streak = streak + 1 if u else 0
        if streak >= c.k and first is None:
            first = i
    return (c.kind == "sentiment" and first == c.need), (c.kind == "calm" and first is not None)


def score(data: list[CallRows], upset_of: dict[str, list[bool]]) -> dict[str, int]:
    s = {"sent_calls": 0, "sent_right": 0, "calm_calls": 0, "false_offers": 0, "tp": 0, "fn": 0, "fp": 0, "tn": 0}
    for c in data:
        up = upset_of[c.call]
        right, false = simulate(c, up)
        s["sent_calls"] += c.kind == "sentiment"
        s["sent_right"] += right
        s["calm_calls"] += c.kind == "calm"
        s["false_offers"] += false
        for lab, u in zip(c.labels, up, strict=True):
            if lab is not None:
                s[("tp" if u else "fn") if lab else ("fp" if u else "tn")] += 1
    return s


def base_upset(c: CallRows) -> list[bool]:
    return [r[0] < c.threshold for r in c.rows]


def loo(data: list[CallRows]) -> None:
    names = sorted({c.line for c in data})
    base = score(data, {c.call: base_upset(c) for c in data})
    print(f"base (hand-made reading): {base}")
    results: list[tuple[str, float, float, float | None, dict[str, int], dict[str, dict[str, int]]]] = []
    for drop_name, drop in DROPS.items():
        keep = np.asarray([f not in drop for f in upset_blend.FEATURES])
        for cc in CS:
            z_of: dict[str, list[float]] = {}
            for held in names:
                mean, scale, coef, b = fit([c for c in data if c.line != held], keep, cc)
                for c in data:
                    if c.line == held:
                        x = (np.nan_to_num(np.asarray(c.rows))[:, keep] - mean) / scale
                        z_of[c.call] = list(x @ coef + b)
            for cut in CUTS:
                for sure_at in SURES:
                    if sure_at is not None and -99 < sure_at <= cut:
                        continue
                    sure = cut if sure_at == -99 else sure_at
                    up = {
                        c.call: [
                            upset_blend.combine(r[0], z, cut, sure) < c.threshold
                            for r, z in zip(c.rows, z_of[c.call], strict=True)
                        ]
                        for c in data
                    }
                    s = score(data, up)
                    per = {n: score([c for c in data if c.line == n], up) for n in names}
                    results.append((drop_name, cc, cut, sure, s, per))
                    print(f"{drop_name:10s} C={cc:<5} cut={cut:+.1f} sure={sure}: {s}", flush=True)
    best = max(results, key=lambda r: (r[4]["sent_right"] - r[4]["false_offers"], -r[4]["false_offers"]))
    print(f"\nbest (sentiment calls right - calm false offers): {best[:4]} {best[4]}")
    print("folds (held-out line: sentiment right / calls, false offers / calm calls; base in brackets):")
    for n in names:
        was = score([c for c in data if c.line == n], {c.call: base_upset(c) for c in data if c.line == n})
        p = best[5][n]
        print(
            f"  {n}: {p['sent_right']}/{p['sent_calls']} [{was['sent_right']}], "
            f"{p['false_offers']}/{p['calm_calls']} [{was['false_offers']}]"
        )


def blend_of(data: list[CallRows], c: float, cut: float, sure: float | None, most: int | None) -> upset_blend.Blend:
    keep = np.ones(len(upset_blend.FEATURES), dtype=bool)
    mean, scale, coef, b = fit(data, keep, c)
    return upset_blend.Blend(
        mean=mean.tolist(),
        scale=scale.tolist(),
        coef=coef.tolist(),
        intercept=b,
        cut=cut,
        sure=sure,
        max_sustained=most,
    )


Setting = tuple[float, float, float | None, int | None]


async def loo_run(data: list[CallRows], settings: list[Setting], names: list[str]) -> None:
    """Each setting, each READ line run through the real decision path with the combination fitted on the others."""
    held_lines = lines.load_lines(names)
    for c, cut, sure, most in settings:
        fitted = partial(blend_of, c=c, cut=cut, sure=sure, most=most)
        tally = await run_folds(
            upset_blend, held_lines, data, fitted, "sentiment", lambda outs: f" fo {_false_offers(outs)}"
        )
        calm = sum(o.call.mood == "calm" for o in tally.outcomes)
        rest = f"; false offers {_false_offers(tally.outcomes)} of {calm} calm calls"
        print_folds(f"C={c} cut={cut} sure={sure} max_sustained={most}", tally, rest)


def _false_offers(outs: list[calls.Outcome]) -> int:
    """Offers made on calls labelled calm."""
    return sum(o.offered_at is not None for o in outs if o.call.mood == "calm")


def write(
    data: list[CallRows], drop: str, c: float, cut: float, sure: float | None, most: int | None, names: list[str]
) -> None:
    keep = np.asarray([f not in DROPS[drop] for f in upset_blend.FEATURES])
    mean, scale, coef, b = fit(data, keep, c)
    feats = [f for f, k in zip(upset_blend.FEATURES, keep, strict=True) if k]
    _, y = training(data, keep)
    doc: dict[str, object] = {
        "about": "upset_blend.py's combination; fitted by `python -m eval.fit_upset_blend --lines <these> --write`",
        "fitted_on": sorted(names),
        "rows": {"upset": int(y.sum()), "calm": int(len(y) - y.sum())},
        "features": feats,
        "intercept": round(b, 6),
        "enabled": True,
    }
    doc |= {"C": c, "cut": cut, "sure": sure, "max_sustained": most}
    write_weights(upset_blend, doc, mean, scale, coef)


async def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.fit_upset_blend")
    ap.add_argument("--lines", required=True, help="comma-separated line names (the READ half only)")
    ap.add_argument("--rows", type=Path, default=None, help="cache of the read turns (JSON), reused when present")
    ap.add_argument("--loo", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument(
        "--loo-run", default="", help="settings C:cut[:sure[:max_sustained]],... ('-': none) run leaving each line out"
    )
    ap.add_argument("--drop", default="all", choices=list(DROPS))
    ap.add_argument("--c", type=float, default=10.0)
    ap.add_argument("--cut", type=float, default=-1.5)
    ap.add_argument("--max-sustained", type=int, default=1, help="only on policies counting at most this many turns")
    ap.add_argument("--sure", type=float, default=None, help="log-odds from which a turn is upset whatever else says")
    args = ap.parse_args(argv)
    names = [n for n in args.lines.split(",") if n]
    data = await read_rows(upset_blend, names, read_line, args.rows, CallRows)
    _, y = training(data, np.ones(len(upset_blend.FEATURES), dtype=bool))
    print(f"rows: {int(y.sum())} upset, {int(len(y) - y.sum())} calm, from {len(data)} calls of {len(names)} lines")
    if args.loo:
        loo(data)
    if args.loo_run:
        settings: list[Setting] = []
        for item in args.loo_run.split(","):
            parts = [None if v == "-" else float(v) for v in item.split(":")] + [None, None]
            c, cut, sure, most = parts[:4]
            assert c is not None and cut is not None
            settings.append((c, cut, sure, None if most is None else int(most)))
        await loo_run(data, settings, names)
    if args.write:
        write(data, args.drop, args.c, args.cut, args.sure, args.max_sustained, names)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
