"""CPU per turn of the embedded understanding, and sentence-encoder passes per turn, over the dev lines' calls.

Issue 15 asks for ≤ 10 ms of CPU per turn at p50 with one encoder pass per turn. This reads every caller turn
of the four development lines (brightwave, riverside_dental, skylark_air, millbrook_council) through
`understand_now` in one fresh process (so each turn is encoded once), every turn after a call's first read as
following an answer to the first turn's query type, and prints thread CPU per turn and the texts newly encoded
per turn. Run it from two trees (a change and its baseline) alternately: the figure moves with the box's load.

    .venv/bin/python -m bench.understanding_cpu
"""

from __future__ import annotations

import statistics
import time

from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.encoder import shared_encoder
from eval import lines
from eval.backends import build
from warmline.understanding import UnderstandingRequest

DEV = ["brightwave", "riverside_dental", "skylark_air", "millbrook_council"]


def main() -> None:
    enc = shared_encoder(None)
    fresh = {"texts": 0}
    encode = enc.encode

    def counting(texts: list[str]) -> object:
        fresh["texts"] += len({t for t in texts if t not in enc._cache})
        return encode(texts)

    enc.encode = counting  # type: ignore[method-assign,assignment]
    cpu: list[float] = []
    passes = 0
    for line in lines.load_lines(DEV):
        understander = build("embedded", line.policy)
        assert isinstance(understander, EmbeddedUnderstander)
        for call in line.calls:
            first: str | None = None
            for n, turn in enumerate(call.turn_list(), 1):
                req = UnderstandingRequest(
                    call_id=call.id,
                    turn=n,
                    text=turn.text,
                    asr_confidence=turn.asr,
                    pending="answer" if n > 1 else None,
                    last_query_type=first,
                )
                fresh["texts"] = 0
                start = time.thread_time()
                read = understander.understand_now(req)
                cpu.append((time.thread_time() - start) * 1000)
                passes += fresh["texts"]
                if n == 1:
                    first = read.intent
    cpu.sort()
    print(
        f"turns {len(cpu)}  encoder passes per turn {passes / len(cpu):.3f}  "
        f"CPU ms p50 {statistics.median(cpu):.1f}  p90 {cpu[int(len(cpu) * 0.9)]:.1f}  mean {statistics.mean(cpu):.1f}"
    )


if __name__ == "__main__":
    main()
