"""CPU per turn of the embedded understanding, and sentence-encoder passes per turn, over the dev lines' calls.

Issue 15 asks for ≤ 10 ms of CPU per turn at p50 with one encoder pass per turn. This reads every caller turn
of the four development lines (brightwave, riverside_dental, skylark_air, millbrook_council) through
`understand_now` in one fresh process (so each turn is encoded once), every turn after a call's first read as
following an answer to the first turn's query type, and prints thread CPU per turn, the texts newly encoded
per turn, and the encoder's CPU per pass apart from the rest of a turn (what a change to the graph moves, with
less noise than the turn's whole figure). Run it from two trees (a change and its baseline) alternately: the
figure moves with the box's load.
`--worded N` reads instead N of the stack benchmark's turns (`bench.turns.worded`: "hi, Sam here, <question>,
it's Monday 1:05", never twice the same) on the demo policy, which is what `bench/run.py` and `bench.starts`
send: longer than the dev lines' turns, and each opens with a greeting.

    .venv/bin/python -m bench.understanding_cpu
    .venv/bin/python -m bench.understanding_cpu --worded 300
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.encoder import shared_encoder
from bench.turns import UTTERANCES, worded
from eval import lines
from eval.backends import build
from warmline.policy_file import load_policy
from warmline.understanding import UnderstandingRequest

DEV = ["brightwave", "riverside_dental", "skylark_air", "millbrook_council"]


def dev_turns() -> Iterator[tuple[EmbeddedUnderstander, UnderstandingRequest, bool]]:
    """(understander, request, is a call's first turn) for every caller turn of the dev lines."""
    for line in lines.load_lines(DEV):
        understander = build("embedded", line.policy)
        assert isinstance(understander, EmbeddedUnderstander)
        for call in line.calls:
            for n, turn in enumerate(call.turn_list(), 1):
                req = UnderstandingRequest(
                    call_id=call.id,
                    turn=n,
                    text=turn.text,
                    asr_confidence=turn.asr,
                    pending="answer" if n > 1 else None,
                )
                yield understander, req, n == 1


def worded_turns(n: int) -> Iterator[tuple[EmbeddedUnderstander, UnderstandingRequest, bool]]:
    """`n` of the stack benchmark's worded utterances, each a call's first turn, on the demo policy."""
    understander = EmbeddedUnderstander(load_policy(Path(__file__).resolve().parent.parent / "policies/demo.yaml"))
    for i in range(n):
        text = worded(UTTERANCES[i % len(UTTERANCES)], i)
        yield understander, UnderstandingRequest(call_id=f"w{i}", turn=1, text=text), True


def main() -> None:
    p = argparse.ArgumentParser(description="Understanding's CPU and encoder passes per turn.")
    p.add_argument("--worded", type=int, default=0, help="read N of the stack benchmark's turns instead")
    args = p.parse_args()
    enc = shared_encoder(None)
    fresh = {"texts": 0}
    spent = {"encoder": 0.0}  # inside turns only (fitting a policy's heads encodes its phrasings first)
    encode = enc.encode

    def counting(texts: list[str]) -> object:
        fresh["texts"] += len({t for t in texts if t not in enc._cache})
        start = time.thread_time()
        try:
            return encode(texts)
        finally:
            spent["encoder"] += time.thread_time() - start

    enc.encode = counting  # type: ignore[method-assign,assignment]
    cpu: list[float] = []
    passes, encoder_ms = 0, 0.0
    first: str | None = None
    for understander, req, opens in worded_turns(args.worded) if args.worded else dev_turns():
        if not opens:  # read as following an answer to the call's first turn's query type
            req = req.model_copy(update={"last_query_type": first})
        fresh["texts"], spent["encoder"] = 0, 0.0
        start = time.thread_time()
        read = understander.understand_now(req)
        cpu.append((time.thread_time() - start) * 1000)
        passes += fresh["texts"]
        encoder_ms += spent["encoder"] * 1000
        if opens:
            first = read.intent
    cpu.sort()
    print(
        f"turns {len(cpu)}  encoder passes per turn {passes / len(cpu):.3f}  "
        f"CPU ms p50 {statistics.median(cpu):.1f}  p90 {cpu[int(len(cpu) * 0.9)]:.1f}  "
        f"mean {statistics.mean(cpu):.1f}  "
        f"(encoder {encoder_ms / max(passes, 1):.2f} ms per pass, "
        f"the rest {(sum(cpu) - encoder_ms) / len(cpu):.2f} ms per turn)"
    )


if __name__ == "__main__":
    main()
