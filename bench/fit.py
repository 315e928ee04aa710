"""The weekly review's threshold fit on a synthetic period: seconds with and without skipping unchangeable calls.

    .venv/bin/python -m bench.fit [--copies 20] [--rounds 2]

The period is `--copies` copies of the synthetic low-confidence and sentiment weeks (tests/fitting_calls.py),
whose every call lies inside the grids' range: the worst case for `could_change`, which can skip only calls no
turn of which falls between the live and the candidate value. Runs alternate (full, pruned, full, pruned, …)
in one process so both see the same machine; both must give the same report.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from tests.conftest import BRIGHTWAVE
from tests.fitting_calls import coded_week, upset_week
from warmline.fitting import fit
from warmline.fitting_models import Costs
from warmline.policy_diff import source_mapping
from warmline.policy_file import load_policy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    policy = load_policy(BRIGHTWAVE)
    data, source = source_mapping(policy, BRIGHTWAVE.read_bytes())
    week = coded_week(0.3) + upset_week(-0.7)
    records = [r.model_copy(update={"call_id": f"{r.call_id}-{k}"}) for k in range(args.copies) for r in week]
    seconds: dict[bool, list[float]] = {False: [], True: []}
    reports = {}
    for _ in range(args.rounds):
        for prune in (False, True):
            start = time.perf_counter()
            reports[prune] = asyncio.run(fit(policy, data, records, Costs(), source, prune=prune))
            seconds[prune].append(time.perf_counter() - start)
    assert reports[False] == reports[True], "pruning changed the fit"
    r = reports[True]
    print(f"{len(records)} calls, {r.candidates} candidate policies, changes: {[c.target for c in r.changes]}")
    for prune, label in ((False, "every call replayed"), (True, "unchangeable calls skipped")):
        runs = ", ".join(f"{s:.1f}" for s in seconds[prune])
        print(f"{label}: median {statistics.median(seconds[prune]):.1f} s ({runs})")


if __name__ == "__main__":
    main()
