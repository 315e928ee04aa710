"""CPU per encoder pass and per turn for the first k of all-MiniLM-L6-v2's layers (k = 6, 4, 3), side by side.

A smaller encoder is the one lever left on a CPU without VNNI (bench/README.md, "Understanding's CPU on a CPU
without VNNI"): this measures what cutting layers buys. Per pass: the four dev lines' caller turns (the texts
`bench.understanding_cpu` reads) encoded alone, one text per pass as the line does, by one encoder per k in
this process, round after round in turn (so the box's load falls on each alike; the cache cleared every round),
thread CPU per pass at p50. Per turn (`--turns`): `bench.understanding_cpu` in a fresh process per k with
`WARMLINE_ENCODER_LAYERS=k`, the k alternating round by round. A cut encoder's passes include its map to six
layers' vectors (`layer_map.py`, ~0.04 ms). "d3" is the three-layer student distilled from six (`distil.py`,
`WARMLINE_ENCODER=distilled3`). What the readings lose is the eval's to say (bench/README.md, "Fewer of MiniLM's
layers", "A three-layer student distilled from six").

    nice -n 10 .venv/bin/python -m bench.encoder_layers              # per pass
    nice -n 10 .venv/bin/python -m bench.encoder_layers --turns 2    # and per turn, 2 rounds
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from activities.understanding.encoder import MiniLmEncoder
from bench.understanding_cpu import DEV
from eval import lines

LAYERS = ("6", "4", "3", "d3")
# Each variant's settings for the per-turn runs.
ENV = {
    "6": {},
    "4": {"WARMLINE_ENCODER_LAYERS": "4"},
    "3": {"WARMLINE_ENCODER_LAYERS": "3"},
    "d3": {"WARMLINE_ENCODER": "distilled3"},
}


def dev_texts() -> list[str]:
    """Each distinct caller turn of the four dev lines `bench.understanding_cpu` reads."""
    texts = [turn.text for line in lines.load_lines(DEV) for call in line.calls for turn in call.turn_list()]
    return list(dict.fromkeys(t for t in texts if t.strip()))


def _encoder(k: str) -> MiniLmEncoder:
    return MiniLmEncoder(distilled=True) if k == "d3" else MiniLmEncoder(layers=None if k == "6" else int(k))


def per_pass(rounds: int) -> dict[str, float]:
    """Thread CPU ms per one-text pass at p50, by variant."""
    encoders = {k: _encoder(k) for k in LAYERS}
    texts = dev_texts()
    spent: dict[str, list[float]] = {k: [] for k in LAYERS}
    for _ in range(rounds):
        for k, enc in encoders.items():
            enc._cache.clear()
            for t in texts:
                start = time.thread_time()
                enc.encode([t])
                spent[k].append((time.thread_time() - start) * 1000)
    print(f"{len(texts)} texts x {rounds} rounds, one text per pass", file=sys.stderr)
    return {k: statistics.median(v) for k, v in spent.items()}


def per_turn(rounds: int) -> dict[str, list[str]]:
    """`bench.understanding_cpu`'s summary line per variant and round."""
    out: dict[str, list[str]] = {k: [] for k in LAYERS}
    for _ in range(rounds):
        for k in LAYERS:
            env = {**os.environ, **ENV[k]}
            run = subprocess.run(
                [sys.executable, "-m", "bench.understanding_cpu"], env=env, capture_output=True, text=True, check=True
            )
            out[k].append(run.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=3, help="rounds of the per-pass measurement")
    p.add_argument("--turns", type=int, default=0, help="rounds of bench.understanding_cpu per k (0: none)")
    args = p.parse_args()
    for k, ms in per_pass(args.rounds).items():
        print(f"k={k}  encoder CPU ms per pass p50 {ms:.2f}")
    for k, summaries in per_turn(args.turns).items():
        for s in summaries:
            print(f"k={k}  {s}")


if __name__ == "__main__":
    main()
