"""Every turn's reading, written out and compared: a CPU cut to understanding must change no reading.

Runs every labelled call of every line (the dev lines and the held-out ones alike: only the readings are
written, never a miss or a score) through the real decision path (`eval.calls.run_call`, the context the call
workflow gives), plus `--worded N` of the stack benchmark's turns, and records each turn's request and the
whole `Understanding` the embedded back-end returned (intent, confidence, candidates, out of scope, acts,
sentiment, reply) as one JSON line. `--compare FILE` reads them again on this tree and prints every turn
whose reading differs (exit status 1 if any does):

    .venv/bin/python -m bench.understanding_outputs --out /tmp/before.jsonl          # on the baseline tree
    .venv/bin/python -m bench.understanding_outputs --compare /tmp/before.jsonl      # on the changed tree
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from activities.understanding.embedded import EmbeddedUnderstander
from eval import calls, lines
from eval.backends import build
from warmline.understanding import Understanding, UnderstandingRequest


class _Recording:
    """An understander that keeps every (request, reading) it answers."""

    def __init__(self, inner: EmbeddedUnderstander, line: str, out: list[dict[str, object]]) -> None:
        self._inner, self._line, self._out = inner, line, out

    async def understand(self, req: UnderstandingRequest) -> Understanding:
        read = self._inner.understand_now(req)
        self._out.append({"line": self._line, "request": req.model_dump(), "reading": read.model_dump(mode="json")})
        return read


async def readings(worded: int) -> list[dict[str, object]]:
    """Every line's turns as the decision path asks them, then `worded` benchmark turns on the demo policy."""
    out: list[dict[str, object]] = []
    for line in lines.load_lines():
        u = build("embedded", line.policy)
        assert isinstance(u, EmbeddedUnderstander)
        rec = _Recording(u, line.name, out)
        for call in line.calls:
            await calls.run_call(rec, line.policy, call)  # type: ignore[arg-type]
    if worded:
        from bench.understanding_cpu import worded_turns

        for u, req, _ in worded_turns(worded):
            read = u.understand_now(req).model_dump(mode="json")
            out.append({"line": "worded", "request": req.model_dump(), "reading": read})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write or compare every turn's understanding output.")
    p.add_argument("--out", type=Path, help="write the readings here (JSON lines)")
    p.add_argument("--compare", type=Path, help="compare this tree's readings with a file written by --out")
    p.add_argument("--worded", type=int, default=300, help="also read N of the stack benchmark's turns")
    args = p.parse_args(argv)
    if not args.out and not args.compare:
        p.error("give --out or --compare")
    now = asyncio.run(readings(args.worded))
    if args.out:
        args.out.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in now))
        print(f"{len(now)} turns written to {args.out}")
    if not args.compare:
        return 0
    before = [json.loads(line) for line in args.compare.read_text().splitlines()]
    now = [json.loads(json.dumps(r, sort_keys=True)) for r in now]
    if len(before) != len(now):
        print(f"turn count differs: {len(before)} before, {len(now)} now")
        return 1
    differ = [(b, n) for b, n in zip(before, now, strict=True) if b != n]
    for b, n in differ[:20]:
        print(f"{b['line']} {b['request']['call_id']} turn {b['request']['turn']}: {b['request']['text']!r}")
        for key in sorted(set(b["reading"]) | set(n["reading"])):
            if b["reading"].get(key) != n["reading"].get(key):
                print(f"  {key}: {b['reading'].get(key)!r} -> {n['reading'].get(key)!r}")
    print(f"{len(now)} turns compared, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
