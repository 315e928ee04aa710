"""`python -m eval`: print the evaluation tables for every back-end available here.

python -m eval                          # everything, every available back-end
python -m eval --backend embedded --part calls,sentiment -v
python -m eval --limit 300              # a quick CLINC150 slice (not the reported figures)
python -m eval --limit 60 --max-train 5 # a smoke run: also fit "full" on 5 phrasings per intent
python -m eval --part lines --lolo -v   # every line, leave one line out: right action / right in full
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections import defaultdict

from eval import backends, calls, clinc, lines
from eval.table import markdown, pct

PARTS = ("clinc", "calls", "sentiment", "lines")


def _clinc_table(results: list[clinc.ClincResult]) -> str:
    rows = [
        [
            r.backend,
            r.setting,
            f"{r.threshold:.2f}",
            pct(r.test_tuned.in_scope_accuracy),
            pct(r.test_tuned.oos_recall),
            f"{r.threshold_floor:.2f}",
            pct(r.test_floor.in_scope_accuracy),
            pct(r.test_floor.oos_recall),
            f"{r.threshold_bound:.2f}",
            pct(r.test_bound.in_scope_accuracy),
            pct(r.test_bound.oos_recall),
            pct(r.test_default.in_scope_accuracy),
            pct(r.test_default.oos_recall),
            f"{r.ms_mean:.1f} / {r.ms_p95:.1f}",
            r.n_test,
        ]
        for r in results
    ]
    headers = [
        "back-end",
        "training",
        "τ (val)",
        "in-scope acc @τ",
        "OOS recall @τ",
        "τ₈₀ (val)",
        "in-scope acc @τ₈₀",
        "OOS recall @τ₈₀",
        "τ₈₀⁺ (val)",
        "in-scope acc @τ₈₀⁺",
        "OOS recall @τ₈₀⁺",
        "in-scope acc @0.5",
        "OOS recall @0.5",
        "ms/utt mean / p95",
        "test utts",
    ]
    return markdown(headers, rows)


def _calls_table(backend: str, outcomes: list[calls.Outcome]) -> str:
    by: dict[str, list[calls.Outcome]] = defaultdict(list)
    for o in outcomes:
        by[o.call.expect.trigger].append(o)
    rows = []
    for trigger in sorted(by, key=lambda t: (t == calls.NONE, t)):
        group = by[trigger]
        right = sum(o.right for o in group)
        rows.append([backend, trigger, len(group), right, pct(right / len(group))])
    right = sum(o.right for o in outcomes)
    rows.append([backend, "**all**", len(outcomes), right, pct(right / max(1, len(outcomes)))])
    return markdown(["back-end", "expected trigger", "calls", "exactly right", "share"], rows)


def _sentiment_table(backend: str, outcomes: list[calls.Outcome]) -> str:
    calm = [o for o in outcomes if o.call.mood == "calm"]
    upset = [o for o in outcomes if o.call.mood == "frustrated"]
    false_offers = sum(o.offered_at is not None for o in calm)
    delays = [
        o.offered_at - (o.call.upset_from or 1) + 1
        for o in upset
        if o.offered_at is not None and o.offered_at >= (o.call.upset_from or 1)
    ]
    row = [
        backend,
        len(calm),
        f"{false_offers} ({pct(false_offers / max(1, len(calm)))})",
        len(upset),
        f"{len(delays)} ({pct(len(delays) / max(1, len(upset)))})",
        f"{statistics.median(delays):.1f}" if delays else "–",
        f"{statistics.fmean(delays):.2f}" if delays else "–",
    ]
    headers = [
        "back-end",
        "calm calls",
        "false offers",
        "frustrated calls",
        "offer made",
        "upset turns before offer (median)",
        "(mean)",
    ]
    return markdown(headers, [row])


def _misses(outcomes: list[calls.Outcome]) -> str:
    lines = []
    for o in outcomes:
        if not o.right:
            e = o.call.expect
            lines.append(
                f"  {o.call.id}: expected {e.trigger} t{e.turn} {e.queue}, got {o.trigger} t{o.turn} {o.queue}"
                f" ({' '.join(o.kinds)})"
            )
    return "\n".join(lines) or "  (none)"


async def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval", description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--backend", default=",".join(backends.available()), help="comma-separated back-ends")
    ap.add_argument("--part", default=",".join(PARTS), help=f"comma-separated parts of {', '.join(PARTS)}")
    ap.add_argument("--shots", type=int, default=10, help="examples per intent in the few-shot CLINC150 setting")
    ap.add_argument("--limit", type=int, default=None, help="score only a slice of CLINC150 (smoke runs)")
    ap.add_argument(
        "--max-train", type=int, default=None, help="at most this many phrasings per intent in the full setting"
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="list the calls that were not exactly right")
    ap.add_argument("--line", default=None, help="lines part: comma-separated line names (default: every line)")
    ap.add_argument("--lolo", action="store_true", help="lines part: choose the tunables leaving each line out")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    names = [b.strip() for b in args.backend.split(",") if b.strip()]
    parts = {p.strip() for p in args.part.split(",")}
    if unknown := parts - set(PARTS):
        ap.error(f"unknown part(s): {', '.join(sorted(unknown))}")

    if "clinc" in parts:
        data = clinc.load()
        results = []
        for name in names:
            for shots in (None, args.shots):
                started = time.perf_counter()
                results.append(await clinc.evaluate(name, backends.build, data, shots, args.limit, args.max_train))
                print(f"  ({name}, {results[-1].setting}: {time.perf_counter() - started:.0f} s)", file=sys.stderr)
        sliced = [f"--limit {args.limit}"] * bool(args.limit) + [f"--max-train {args.max_train}"] * bool(args.max_train)
        title = "CLINC150 test" + (f" (slice: {' '.join(sliced)})" if sliced else "")
        print(f"\n## {title}\n\n{_clinc_table(results)}\n")

    if parts & {"calls", "sentiment"}:
        sets = calls.load_sets()
        for name in names:
            outcomes = await calls.run_sets(name, backends.build, sets)
            if "calls" in parts:
                print(f"\n## Labelled calls ({name})\n\n{_calls_table(name, outcomes)}\n")
                if args.verbose:
                    print(_misses(outcomes))
            if "sentiment" in parts:
                print(f"\n## Sentiment ({name})\n\n{_sentiment_table(name, outcomes)}\n")

    if "lines" in parts:
        chosen = [ln.strip() for ln in args.line.split(",")] if args.line else None
        for name in names:
            await _lines_part(name, lines.load_lines(chosen), args.lolo, args.verbose)
    return 0


async def _lines_part(backend: str, all_lines: list[lines.Line], lolo: bool, verbose: bool) -> None:
    """Per line and over all: right action at the right turn, right in full; per trigger P/R/lateness."""
    if lolo:
        by_line, settings = await lines.leave_one_line_out(all_lines, lambda p: backends.build(backend, p))
    else:
        by_line = {ln.name: await lines.run_line(backends.build(backend, ln.policy), ln) for ln in all_lines}
        settings = {}
    rows = [lines.summary_row(n, o) for n, o in by_line.items()]
    everything = [o for outcomes in by_line.values() for o in outcomes]
    rows.append(lines.summary_row("**all**", everything))
    how = "leave one line out" if lolo else "shipped settings"
    print(f"\n## Lines ({backend}, {how})\n\n{lines.summary_table(rows)}\n")
    print(f"### Per trigger, all lines\n\n{lines.trigger_table(everything)}\n")
    print(f"### Sentiment, all lines (calls labelled calm / frustrated)\n\n{_sentiment_table(backend, everything)}\n")
    for n, s in settings.items():
        print(f"  {n}: chosen on the other lines: {s}")
    if verbose:
        for n, o in by_line.items():
            print(f"\n### Misses: {n}\n{lines.misses(o)}")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
